import { fileContents } from "./processing/index.js";
import type { FileRecord, RunRecord } from "./records.js";

/** Flags of GET /files/{id} choosing which contents to include. */
export interface ContentFlags {
  rawText?: boolean;
  markdown?: boolean;
  html?: boolean;
}

/** RFC 3339 UTC. */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** The File object (reference §11.5). `origin` is the emulator's base URL, for `presignedUrl`. */
export function fileJson(
  file: FileRecord,
  origin: string,
  flags: ContentFlags = {},
): Record<string, unknown> {
  const metadata: Record<string, unknown> = {};
  // The reference documents pageCount for PDF and DOCX only.
  if (file.type === "PDF" || file.type === "DOCX") metadata["pageCount"] = file.pageCount;
  return {
    object: "file",
    id: file.id,
    name: file.name,
    type: file.type,
    presignedUrl: `${origin}/_emulator/files/${encodeURIComponent(file.id)}/content`,
    contents: fileContents(file.pages, file.type, flags, { fileName: file.name }),
    metadata,
    createdAt: iso(file.createdAt),
    updatedAt: iso(file.updatedAt),
    usage: { credits: file.credits },
  };
}

/**
 * The full ProcessorRun object (reference §4), as get, create, cancel and webhooks return it. It has no
 * createdAt/updatedAt: the 2025-04-21 object has none (only list summaries do), and a client that read
 * them here would break against Extend.
 */
export function runJson(run: RunRecord, origin: string): Record<string, unknown> {
  const body: Record<string, unknown> = {
    object: "document_processor_run",
    id: run.id,
    processorId: run.processor.id,
    processorVersionId: run.version.id,
    processorName: run.processor.name,
    status: run.status,
    output: run.output,
    initialOutput: run.initialOutput,
  };
  if (run.failureReason !== undefined) body["failureReason"] = run.failureReason;
  if (run.failureMessage !== undefined) body["failureMessage"] = run.failureMessage;
  if (run.metadata !== undefined) body["metadata"] = run.metadata;
  Object.assign(body, {
    reviewed: false,
    edited: false,
    edits: {},
    type: run.type,
    config: run.config,
    files: run.file ? [fileJson(run.file, origin)] : [],
    mergedProcessors: [],
    url: `https://dashboard.extend.ai/runs/${run.id}`,
    usage: { credits: run.credits },
  });
  return body;
}

/** A list item: the SDK's summary fields and the documented example's fields at once. */
export function runSummaryJson(run: RunRecord): Record<string, unknown> {
  return {
    id: run.id,
    status: run.status,
    processorId: run.processor.id,
    processorName: run.processor.name,
    processorVersionId: run.version.id,
    type: run.type,
    processorType: run.type,
    fileName: run.fileName,
    source: run.source,
    sourceId: run.sourceId,
    createdAt: iso(run.createdAt),
    updatedAt: iso(run.updatedAt),
    usage: { credits: run.credits },
  };
}
