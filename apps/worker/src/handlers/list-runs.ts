import type { RouteContext } from "../context.ts";
import { parseRunQuery, runsOrder } from "../list-query.ts";
import { encodePageToken } from "../page-token.ts";
import { jsonResponse } from "../respond.ts";
import { servedSummary } from "../run-records.ts";
import { refreshMovingRuns } from "../run-refresh.ts";

/**
 * GET /processor_runs for a tenant (scope `runs:read`): the runs this tenant created through the proxy,
 * from the proxy's own index, with Extend's filters, order, page size and `nextPageToken`, in Extend's
 * shape `{ success, processorRuns, nextPageToken }`.
 */
export async function listOwnRuns(ctx: RouteContext): Promise<Response> {
  const query = parseRunQuery(new URL(ctx.request.url).searchParams);
  await refreshMovingRuns(ctx);
  const page = await ctx.store.listRuns(ctx.principal.tenant, query);
  return jsonResponse({
    success: true,
    processorRuns: page.items.map(servedSummary),
    nextPageToken:
      page.next === null ? null : encodePageToken(runsOrder(query.sortBy, query.sortDir), page.next),
  });
}
