import type { RouteContext } from "../context.ts";
import { notFound, ProxyError } from "../errors.ts";
import { readUpstream, relay } from "../respond.ts";

/** List filters forwarded upstream; any other query parameter is dropped. */
const LIST_PARAMS = [
  "status",
  "processorId",
  "processorType",
  "sourceId",
  "source",
  "fileNameContains",
  "sortBy",
  "sortDir",
  "nextPageToken",
  "maxPageSize",
] as const;

/** GET /processor_runs (scope `admin`): summaries carry no tenant, so only admins may list. */
export async function listRuns(ctx: RouteContext): Promise<Response> {
  const from = new URL(ctx.request.url).searchParams;
  const query = new URLSearchParams();
  for (const name of LIST_PARAMS) {
    const value = from.get(name);
    if (value === null) continue;
    if (value.length > 1024) throw new ProxyError(400, "INVALID_REQUEST", `${name} is too long`);
    query.set(name, value);
  }
  const response = await ctx.upstream.send({ method: "GET", path: "/processor_runs", query });
  return relay(await readUpstream(ctx.upstream, response, ctx.state));
}

/** GET /batch_processor_runs/:id (scope `admin`). */
export async function getBatchRun(ctx: RouteContext): Promise<Response> {
  const response = await ctx.upstream.send({ method: "GET", path: `/batch_processor_runs/${ctx.id!}` });
  const result = await readUpstream(ctx.upstream, response, ctx.state);
  if (result.status === 404) throw notFound("Batch processor run");
  return relay(result);
}
