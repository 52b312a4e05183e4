import { UsageError } from "../errors.ts";
import type { CreateProcessorRunParams } from "../types/processor-run.ts";

/**
 * Checks that catch obvious misuse before any request is sent. Each message says what to pass instead.
 * Only rules the API documents are enforced here; everything else is left to the server.
 */

/** `processorRuns.create` parameters. */
export function validateCreateParams(params: CreateProcessorRunParams): void {
  if (!nonEmpty(params?.processorId)) throw new UsageError('Pass processorId, e.g. "dp_...".');
  const { file, rawText, priority } = params;
  if ((file == null) === (rawText == null)) {
    throw new UsageError(
      file == null
        ? "Pass file: { fileId } (from files.upload) or { fileUrl }, or rawText."
        : "Pass either file or rawText, not both.",
    );
  }
  if (file != null && !nonEmpty(file.fileId) && !nonEmpty(file.fileUrl)) {
    throw new UsageError("file needs fileId (from files.upload) or fileUrl.");
  }
  if (priority !== undefined && !inRange(priority, 100)) {
    throw new UsageError(
      `priority must be a whole number from 1 to 100 (lower runs first); got ${priority}.`,
    );
  }
}

/** `maxPageSize` of list calls. */
export function validatePageSize(maxPageSize: unknown): void {
  if (maxPageSize !== undefined && !inRange(maxPageSize, 1000)) {
    throw new UsageError(`maxPageSize must be a whole number from 1 to 1000; got ${maxPageSize}.`);
  }
}

function inRange(value: unknown, max: number): boolean {
  return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= max;
}

function nonEmpty(value: unknown): boolean {
  return typeof value === "string" && value.trim() !== "";
}
