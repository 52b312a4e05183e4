import { ProxyError } from "./errors.ts";
import { decodePageToken } from "./page-token.ts";
import type { FileQuery, RunQuery, SortDir } from "./state/store.ts";

// The list parameters of Extend's API reference (2025-04-21, §6 and §11.4): the same names, enums,
// defaults and bounds, so a tenant's list behaves like Extend's (and the emulator's) list.
const STATUSES = ["PENDING", "PROCESSING", "PROCESSED", "FAILED", "CANCELLED"] as const;
const PROCESSOR_TYPES = ["EXTRACT", "CLASSIFY", "SPLITTER"] as const;
const SOURCES = [
  "ADMIN",
  "BATCH_PROCESSOR_RUN",
  "PLAYGROUND",
  "WORKFLOW_CONFIGURATION",
  "WORKFLOW_RUN",
  "STUDIO",
  "API",
] as const;
const SORT_BY = ["updatedAt", "createdAt"] as const;
const SORT_DIR = ["asc", "desc"] as const;
const DEFAULT_PAGE_SIZE = 10;
const MAX_PAGE_SIZE = 1000;
const MAX_TEXT = 1024;

function bad(message: string): ProxyError {
  return new ProxyError(400, "INVALID_REQUEST", message);
}

/** A query value; empty counts as absent (as upstream treats it). */
function value(params: URLSearchParams, name: string): string | undefined {
  const raw = params.get(name);
  if (raw === null || raw === "") return undefined;
  if (raw.length > MAX_TEXT) throw bad(`${name} is too long`);
  return raw;
}

function oneOf<T extends string>(
  params: URLSearchParams,
  name: string,
  allowed: readonly T[],
): T | undefined {
  const raw = value(params, name);
  if (raw === undefined) return undefined;
  if (!allowed.includes(raw as T)) throw bad(`${name} must be one of ${allowed.join(", ")}`);
  return raw as T;
}

function pageSize(params: URLSearchParams): number {
  const raw = params.get("maxPageSize");
  if (raw === null) return DEFAULT_PAGE_SIZE;
  const size = Number(raw.trim());
  if (!/^\d+$/.test(raw.trim()) || size < 1 || size > MAX_PAGE_SIZE) {
    throw bad(`maxPageSize must be an integer from 1 to ${MAX_PAGE_SIZE}`);
  }
  return size;
}

function withOptional<T extends object>(target: T, extra: Record<string, string | undefined>): T {
  for (const [name, entry] of Object.entries(extra))
    if (entry !== undefined) Object.assign(target, { [name]: entry });
  return target;
}

/** The order a runs token belongs to. */
export function runsOrder(sortBy: string, sortDir: SortDir): string {
  return `runs:${sortBy}:${sortDir}`;
}

/** The order a files token belongs to. */
export function filesOrder(sortDir: SortDir): string {
  return `files:createdAt:${sortDir}`;
}

/** `GET /processor_runs` query → store query (400 for what Extend refuses). */
export function parseRunQuery(params: URLSearchParams): RunQuery {
  const sortBy = oneOf(params, "sortBy", SORT_BY) ?? "updatedAt";
  const sortDir = oneOf(params, "sortDir", SORT_DIR) ?? "desc";
  const token = value(params, "nextPageToken");
  const query: RunQuery = {
    sortBy,
    sortDir,
    after: token === undefined ? null : decodePageToken(runsOrder(sortBy, sortDir), token),
    limit: pageSize(params),
  };
  return withOptional(query, {
    status: oneOf(params, "status", STATUSES),
    processorId: value(params, "processorId"),
    processorType: oneOf(params, "processorType", PROCESSOR_TYPES),
    sourceId: value(params, "sourceId"),
    source: oneOf(params, "source", SOURCES),
    fileNameContains: value(params, "fileNameContains"),
  });
}

/** `GET /files` query → store query. */
export function parseFileQuery(params: URLSearchParams): FileQuery {
  const sortDir = oneOf(params, "sortDir", SORT_DIR) ?? "desc";
  const token = value(params, "nextPageToken");
  const query: FileQuery = {
    sortDir,
    after: token === undefined ? null : decodePageToken(filesOrder(sortDir), token),
    limit: pageSize(params),
  };
  return withOptional(query, { nameContains: value(params, "nameContains") });
}
