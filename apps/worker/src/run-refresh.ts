import type { RouteContext } from "./context.ts";
import { readUpstream } from "./respond.ts";
import { refreshRun } from "./run-records.ts";
import type { RunRecord } from "./state/store.ts";

/** Statuses that still change on their own. */
const MOVING_STATUSES = ["PENDING", "PROCESSING"] as const;
/** Upstream list pages read per refresh at most (each is one upstream GET). */
const MAX_PAGES = 5;
const PAGE_SIZE = 100;
/** Non-terminal runs looked at per refresh at most. */
const MAX_MOVING = 1000;

async function movingRuns(ctx: RouteContext): Promise<RunRecord[]> {
  const runs: RunRecord[] = [];
  for (const status of MOVING_STATUSES) {
    const page = await ctx.store.listRuns(ctx.principal.tenant, {
      status,
      sortBy: "updatedAt",
      sortDir: "asc",
      after: null,
      limit: MAX_MOVING,
    });
    runs.push(...page.items);
  }
  return runs;
}

/**
 * Brings the tenant's non-terminal runs up to date before a list answers, with one upstream list
 * request rather than one GET per run: every change to a run moves its `updatedAt` forward, so walking
 * Extend's list newest-updated first until it passes the oldest `updatedAt` the proxy holds for a moving
 * run sees every change since. Summaries of other tenants' runs are skipped (ownership is the store's).
 * At most {@link MAX_PAGES} pages are read; a failed read leaves the index as it was.
 */
export async function refreshMovingRuns(ctx: RouteContext): Promise<void> {
  const moving = await movingRuns(ctx);
  if (moving.length === 0) return;
  const byId = new Map(moving.map((run) => [run.id, run]));
  let oldest = moving[0]!.updatedAt;
  for (const run of moving) if (run.updatedAt < oldest) oldest = run.updatedAt;
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
    let lastUpdated: string | null = null;
    for (const item of items as Record<string, unknown>[]) {
      const updatedAt = typeof item?.["updatedAt"] === "string" ? item["updatedAt"] : null;
      if (updatedAt !== null) lastUpdated = updatedAt;
      const id = item?.["id"];
      const known = typeof id === "string" ? byId.get(id) : undefined;
      if (known === undefined) continue;
      byId.delete(known.id);
      await refreshRun(ctx.store, ctx.principal.tenant, known, item, ctx.now());
    }
    const next = result.json?.["nextPageToken"];
    if (typeof next !== "string" || next === "" || lastUpdated === null || lastUpdated < oldest) return;
    token = next;
  }
}
