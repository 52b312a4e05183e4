import { UsageError } from "../errors.js";
import type { CreateProcessorRunParams } from "../types/processor-run.js";

/**
 * Checks that catch obvious misuse before any request is sent. Each message says what to pass instead.
 * Only rules the API documents are enforced here; everything else is left to the server.
 */

/** `processorRuns.create` parameters. */
export function validateCreateParams(params: CreateProcessorRunParams): void {
  if (typeof params !== "object" || params === null) {
    throw new UsageError(
      'processorRuns.create expects an object such as { processorId: "dp_...", rawText: "..." }.',
    );
  }
  if (typeof params.processorId !== "string" || params.processorId.trim() === "") {
    throw new UsageError(
      'Pass processorId, the id of the processor to run (e.g. "dp_Xj8mK2pL9nR4vT7qY5wZ").',
    );
  }
  const hasFile = params.file !== undefined && params.file !== null;
  const hasText = params.rawText !== undefined && params.rawText !== null;
  if (hasFile && hasText) {
    throw new UsageError("Pass either file or rawText, not both: a run processes one input.");
  }
  if (!hasFile && !hasText) {
    throw new UsageError(
      'Pass the input to process: file: { fileId } (from client.files.upload), file: { fileUrl: "https://..." }, or rawText: "...".',
    );
  }
  if (hasFile) {
    const file = params.file as { fileId?: unknown; fileUrl?: unknown };
    if (!nonEmpty(file.fileId) && !nonEmpty(file.fileUrl)) {
      throw new UsageError(
        "file needs fileId (an uploaded file's id, from client.files.upload) or fileUrl (a URL Extend can download).",
      );
    }
  } else if (typeof params.rawText !== "string") {
    throw new UsageError("rawText must be a string.");
  }
  if (params.priority !== undefined) {
    const p = params.priority;
    if (typeof p !== "number" || !Number.isInteger(p) || p < 1 || p > 100) {
      throw new UsageError(
        `priority must be a whole number from 1 (first) to 100 (last); got ${String(p)}. Omit it for the default 50.`,
      );
    }
  }
}

/** `maxPageSize` of list calls. */
export function validatePageSize(maxPageSize: unknown): void {
  if (maxPageSize === undefined) return;
  if (
    typeof maxPageSize !== "number" ||
    !Number.isInteger(maxPageSize) ||
    maxPageSize < 1 ||
    maxPageSize > 1000
  ) {
    throw new UsageError(
      `maxPageSize must be a whole number from 1 to 1000; got ${String(maxPageSize)}. Omit it for the default 10.`,
    );
  }
}

function nonEmpty(value: unknown): boolean {
  return typeof value === "string" && value.trim() !== "";
}
