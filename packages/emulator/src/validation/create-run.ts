import { badRequest } from "../errors.js";
import { isObject } from "./json.js";
import { sanitiseUsageTags } from "./usage-tags.js";

/** A validated `POST /processor_runs` body (before processor/file lookups). */
export interface CreateRunRequest {
  processorId: string;
  version: string;
  file?: { fileId?: string; fileUrl?: string; fileName?: string };
  rawText?: string;
  sync: boolean;
  priority: number;
  metadata?: Record<string, unknown>;
  usageTags: string[];
  config?: Record<string, unknown>;
}

/** Validates the body shape; every 400 names the offending field. */
export function parseCreateRun(body: Record<string, unknown>): CreateRunRequest {
  const { processorId, version, file, rawText, sync, priority, metadata, config } = body;
  if (typeof processorId !== "string" || processorId.trim() === "") {
    throw badRequest("processorId is required and must be a non-empty string");
  }
  if (version !== undefined && (typeof version !== "string" || version.trim() === "")) {
    throw badRequest('version must be "latest", "draft" or a published version number such as "1.0"');
  }
  const hasFile = file !== undefined && file !== null;
  const hasText = rawText !== undefined && rawText !== null;
  if (hasFile && hasText) throw badRequest("Provide exactly one of file or rawText, not both");
  if (!hasFile && !hasText) throw badRequest("One of file or rawText is required");
  const parsed: CreateRunRequest = {
    processorId,
    version: typeof version === "string" ? version.trim() : "latest",
    sync: false,
    priority: 50,
    usageTags: [],
  };
  if (hasFile) parsed.file = parseFileInput(file);
  if (hasText) {
    if (typeof rawText !== "string") throw badRequest("rawText must be a string");
    parsed.rawText = rawText;
  }
  if (sync !== undefined) {
    if (typeof sync !== "boolean") throw badRequest("sync must be a boolean");
    parsed.sync = sync;
  }
  if (priority !== undefined) {
    if (typeof priority !== "number" || !Number.isInteger(priority) || priority < 1 || priority > 100) {
      throw badRequest("priority must be an integer from 1 to 100");
    }
    parsed.priority = priority;
  }
  if (metadata !== undefined) {
    if (!isObject(metadata)) throw badRequest("metadata must be an object");
    const { metadata: cleaned, tags } = sanitiseUsageTags(metadata);
    parsed.metadata = cleaned;
    parsed.usageTags = tags;
  }
  if (config !== undefined) {
    if (!isObject(config)) throw badRequest("config must be an object");
    parsed.config = config;
  }
  return parsed;
}

function parseFileInput(file: unknown): NonNullable<CreateRunRequest["file"]> {
  if (!isObject(file)) throw badRequest("file must be an object with fileId or fileUrl");
  const { fileId, fileUrl, fileName } = file;
  const out: NonNullable<CreateRunRequest["file"]> = {};
  if (fileId !== undefined && (typeof fileId !== "string" || fileId === "")) {
    throw badRequest("file.fileId must be a non-empty string");
  }
  if (fileUrl !== undefined && (typeof fileUrl !== "string" || fileUrl === "")) {
    throw badRequest("file.fileUrl must be a non-empty string");
  }
  if (fileId === undefined && fileUrl === undefined)
    throw badRequest("file.fileId or file.fileUrl is required");
  if (fileId !== undefined && fileUrl !== undefined) {
    throw badRequest("Provide only one of file.fileId or file.fileUrl");
  }
  if (typeof fileUrl === "string") {
    try {
      new URL(fileUrl);
    } catch {
      throw badRequest("file.fileUrl must be an absolute URL");
    }
    out.fileUrl = fileUrl;
  }
  if (typeof fileId === "string") out.fileId = fileId;
  if (fileName !== undefined) {
    if (typeof fileName !== "string") throw badRequest("file.fileName must be a string");
    if (fileName !== "") out.fileName = fileName;
  }
  return out;
}
