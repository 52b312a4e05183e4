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
 * An RFC 3339 time as `toISOString()` writes it, so every index sorts by one format whatever variant
 * Extend sent (`...Z`, `...+00:00`, microseconds); null when it does not parse.
 */
function sortableTime(value: string | null): string | null {
  if (value === null) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
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

/**
 * Whether a summary still lacks Extend's own timestamps. The full run object of API 2025-04-21 (create,
 * get, cancel, webhooks) has no `createdAt`/`updatedAt`; only list items do. Until the proxy has seen
 * the run in an upstream list, its record is sorted by the proxy's own clock (run-refresh.ts then
 * looks for it in Extend's list).
 */
export function isProvisional(summary: Record<string, unknown>): boolean {
  return typeof summary["createdAt"] !== "string" || typeof summary["updatedAt"] !== "string";
}

/** The list item served for a record: Extend's summary, with the proxy's times where Extend's are not known yet. */
export function servedSummary(record: RunRecord): Record<string, unknown> {
  if (!isProvisional(record.summary)) return record.summary;
  return { ...record.summary, createdAt: record.createdAt, updatedAt: record.updatedAt };
}

/**
 * The index record for a summary, or null without an id or status. Missing times are taken from the
 * proxy's clock (`observedAt`) for sorting, while the summary itself keeps only what Extend said.
 */
export function recordOfSummary(summary: Record<string, unknown>, observedAt: number): RunRecord | null {
  const id = text(summary["id"]);
  const status = text(summary["status"]);
  if (id === null || status === null) return null;
  const observed = new Date(observedAt).toISOString();
  const createdAt = sortableTime(text(summary["createdAt"])) ?? observed;
  const updatedAt = sortableTime(text(summary["updatedAt"])) ?? observed;
  return {
    id,
    summary,
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
  if (!SUMMARY_FIELDS.some((field) => field in latest)) return;
  const fresh = summaryOfRun(latest);
  const merged: Record<string, unknown> = { ...previous.summary, ...fresh };
  if (latest["source"] === undefined) merged["source"] = previous.summary["source"] ?? fresh["source"];
  const statusChanged = merged["status"] !== previous.status;
  // A full run object says the status changed but not when: the proxy's clock stands in until a list
  // item brings Extend's own time.
  if (statusChanged && typeof latest["updatedAt"] !== "string") delete merged["updatedAt"];
  const provisional = isProvisional(merged);
  const record = recordOfSummary(merged, now);
  if (record === null) return;
  // Times Extend has not told yet stay the ones the record already has (the proxy's, from creation),
  // except an update time that a status change just moved.
  if (typeof merged["createdAt"] !== "string") record.createdAt = previous.createdAt;
  if (typeof merged["updatedAt"] !== "string" && !statusChanged) record.updatedAt = previous.updatedAt;
  const unchanged =
    !statusChanged &&
    record.createdAt === previous.createdAt &&
    record.updatedAt === previous.updatedAt &&
    provisional === isProvisional(previous.summary);
  if (!unchanged) await store.putRun(tenant, record);
}
