import type { RouteContext } from "./context.ts";
import { readUpstream } from "./respond.ts";
import { isProvisional, refreshRun } from "./run-records.ts";
import type { RunRecord } from "./state/store.ts";

/** Statuses that still change on their own. */
const MOVING_STATUSES = ["PENDING", "PROCESSING"] as const;
/** Upstream list pages read per refresh at most (each is one upstream GET). */
const MAX_PAGES = 5;
const PAGE_SIZE = 100;
/** Non-terminal runs looked at per refresh at most. */
const MAX_MOVING = 1000;

/** Provisional records are looked for among this many most recently updated runs. */
const RECENT = 100;
/** The proxy's and Extend's clocks may differ; walk this much further back than the oldest stand-in time. */
const CLOCK_SKEW_MS = 60_000;

/** The tenant's runs whose index entry may be out of date: still moving, or not yet dated by Extend. */
async function staleRuns(ctx: RouteContext): Promise<RunRecord[]> {
  const tenant = ctx.principal.tenant;
  const runs = new Map<string, RunRecord>();
  for (const status of MOVING_STATUSES) {
    const page = await ctx.store.listRuns(tenant, {
      status,
      sortBy: "updatedAt",
      sortDir: "asc",
      after: null,
      limit: MAX_MOVING,
    });
    for (const run of page.items) runs.set(run.id, run);
  }
  const recent = await ctx.store.listRuns(tenant, {
    sortBy: "updatedAt",
    sortDir: "desc",
    after: null,
    limit: RECENT,
  });
  for (const run of recent.items) if (isProvisional(run.summary)) runs.set(run.id, run);
  return [...runs.values()];
}

/**
 * Brings the tenant's non-terminal and not-yet-dated runs up to date before a list answers, with one upstream list
 * request rather than one GET per run: every change to a run moves its `updatedAt` forward, so walking
 * Extend's list newest-updated first until it passes the oldest `updatedAt` the proxy holds for a moving
 * run sees every change since. Summaries of other tenants' runs are skipped (ownership is the store's).
 * At most {@link MAX_PAGES} pages are read; a failed read leaves the index as it was.
 */
export async function refreshMovingRuns(ctx: RouteContext): Promise<void> {
  const moving = await staleRuns(ctx);
  if (moving.length === 0) return;
  const byId = new Map(moving.map((run) => [run.id, run]));
  let oldestMs = Number.POSITIVE_INFINITY;
  for (const run of moving) {
    // A stand-in time comes from the proxy's clock: allow for skew against Extend's.
    const skew = isProvisional(run.summary) ? CLOCK_SKEW_MS : 0;
    oldestMs = Math.min(oldestMs, Date.parse(run.updatedAt) - skew);
  }

  let token: string | null = null;
  for (let pages = 0; pages < MAX_PAGES && byId.size > 0; pages++) {
    const query = new URLSearchParams({
      sortBy: "updatedAt",
      sortDir: "desc",
      maxPageSize: String(PAGE_SIZE),
    });
    if (token !== null) query.set("nextPageToken", token);
    let result: Awaited<ReturnType<typeof readUpstream>>;
    try {
      const response = await ctx.upstream.send({ method: "GET", path: "/processor_runs", query });
      result = await readUpstream(ctx.upstream, response, ctx.state);
    } catch {
      return;
    }
    const items = result.json?.["processorRuns"];
    if (!result.ok || !Array.isArray(items)) return;
    let lastUpdatedMs = Number.NaN;
    for (const item of items as Record<string, unknown>[]) {
      const updatedAt = typeof item?.["updatedAt"] === "string" ? Date.parse(item["updatedAt"]) : Number.NaN;
      if (!Number.isNaN(updatedAt)) lastUpdatedMs = updatedAt;
      const id = item?.["id"];
      const known = typeof id === "string" ? byId.get(id) : undefined;
      if (known === undefined) continue;
      byId.delete(known.id);
      await refreshRun(ctx.store, ctx.principal.tenant, known, item, ctx.now());
    }
    const next = result.json?.["nextPageToken"];
    if (typeof next !== "string" || next === "") {
      // The whole upstream list was read: a run still never dated by Extend is gone upstream.
      for (const run of byId.values()) {
        if (isProvisional(run.summary)) await ctx.store.deleteRun(ctx.principal.tenant, run.id);
      }
      return;
    }
    if (Number.isNaN(lastUpdatedMs) || lastUpdatedMs < oldestMs) return;
    token = next;
  }
}
