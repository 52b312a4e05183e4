import type { ProxyStore, RunRecord } from "./state/store.ts";

/** The fields of Extend's list item (`ProcessorRunSummary`, docs and SDK union), in their order. */
const SUMMARY_FIELDS = [
  "id",
  "status",
  "processorId",
  "processorName",
  "processorVersionId",
  "type",
  "processorType",
  "fileName",
  "source",
  "sourceId",
  "createdAt",
  "updatedAt",
  "usage",
] as const;

function text(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}

/**
 * The list item for a full run object. A run the proxy created came through `POST /processor_runs`, so
 * its source is the API; the file name is that of its first input file. Upstream summaries replace these
 * values whenever the proxy sees them (see run-refresh.ts).
 */
export function summaryOfRun(run: Record<string, unknown>): Record<string, unknown> {
  const files = Array.isArray(run["files"]) ? (run["files"] as unknown[]) : [];
  const firstFile = files[0] as { name?: unknown } | undefined;
  const derived: Record<string, unknown> = {
    ...run,
    processorType: run["processorType"] ?? run["type"],
    fileName: run["fileName"] ?? text(firstFile?.name),
    source: run["source"] ?? "API",
    sourceId: run["sourceId"] ?? null,
  };
  const summary: Record<string, unknown> = {};
  for (const field of SUMMARY_FIELDS) if (derived[field] !== undefined) summary[field] = derived[field];
  return summary;
}

/** The index record for a summary, or null when it lacks what listing needs (id, status, times). */
export function recordOfSummary(summary: Record<string, unknown>, observedAt: number): RunRecord | null {
  const id = text(summary["id"]);
  const status = text(summary["status"]);
  // A full 2025-04-21 run object (the create answer) has no timestamps; until a list item brings
  // Extend's own, the time the proxy saw the run stands in for them.
  const createdAt = text(summary["createdAt"]) ?? new Date(observedAt).toISOString();
  const updatedAt = text(summary["updatedAt"]) ?? createdAt;
  if (id === null || status === null) return null;
  return {
    id,
    summary: { ...summary, createdAt, updatedAt },
    status,
    createdAt,
    updatedAt,
    processorId: text(summary["processorId"]) ?? "",
    processorType: text(summary["processorType"]) ?? text(summary["type"]),
    source: text(summary["source"]),
    sourceId: text(summary["sourceId"]),
    fileName: text(summary["fileName"]),
    observedAt,
  };
}

/**
 * Records that `tenant` owns the run (creating its index entry) or refreshes the entry with a newer
 * state. Returns the record written, or null when the run object cannot be indexed.
 */
export async function recordRun(
  store: ProxyStore,
  tenant: string,
  run: unknown,
  now: number,
): Promise<RunRecord | null> {
  if (typeof run !== "object" || run === null) return null;
  const record = recordOfSummary(summaryOfRun(run as Record<string, unknown>), now);
  if (record !== null) await store.putRun(tenant, record);
  return record;
}

/**
 * Brings an owned run's entry up to date with what the upstream just said, writing only on change
 * (a read that changed nothing costs no write). The previous summary's fields that the new object lacks
 * (the source of a list item, say) are kept.
 */
export async function refreshRun(
  store: ProxyStore,
  tenant: string,
  previous: RunRecord,
  latest: Record<string, unknown>,
  now: number,
): Promise<void> {
  const fresh = SUMMARY_FIELDS.some((field) => field in latest) ? summaryOfRun(latest) : null;
  if (fresh === null) return;
  const merged = { ...previous.summary, ...fresh };
  if (latest["source"] === undefined) merged["source"] = previous.summary["source"] ?? fresh["source"];
  const record = recordOfSummary(merged, now);
  if (record === null) return;
  if (record.status === previous.status && record.updatedAt === previous.updatedAt) return;
  await store.putRun(tenant, record);
}
