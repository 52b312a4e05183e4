import { readLimitedBody } from "../body-limit.ts";
import { isTerminalRun } from "../cache.ts";
import { mayRunProcessor } from "../clients.ts";
import type { RouteContext } from "../context.ts";
import { notFound, ProxyError } from "../errors.ts";
import type { FileOwnership } from "../file-ownership.ts";
import { JSON_TYPE, jsonResponse, NO_STORE, readUpstream, relay, upstreamError } from "../respond.ts";
import { enforceRunPolicy } from "../run-policy.ts";
import { runTenant, stampMetadata } from "../tenant.ts";
import { decodeUtf8Strict } from "../utf8.ts";

const RUN = "Processor run";

function runPath(id: string): string {
  return `/processor_runs/${id}`;
}

/** Whether the client asked to skip the cache (`Cache-Control: no-cache` / `no-store`, or `Pragma: no-cache`). */
export function wantsFresh(request: Request): boolean {
  const cacheControl = request.headers.get("cache-control") ?? "";
  return (
    /\bno-(cache|store)\b/i.test(cacheControl) || /\bno-cache\b/i.test(request.headers.get("pragma") ?? "")
  );
}

function privateMaxAge(seconds: number): string {
  return `private, max-age=${seconds}`;
}

function parseJsonBody(bytes: Uint8Array): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(decodeUtf8Strict(bytes));
  } catch {
    throw new ProxyError(400, "INVALID_REQUEST", "Request body is not valid JSON");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ProxyError(400, "INVALID_REQUEST", "Request body must be a JSON object");
  }
  return value as Record<string, unknown>;
}

/** A run on an uploaded file is only allowed for the tenant that uploaded it. */
async function checkFileInput(ctx: RouteContext, files: FileOwnership, file: unknown): Promise<void> {
  if (file === undefined) return;
  if (typeof file !== "object" || file === null || Array.isArray(file)) {
    throw new ProxyError(400, "INVALID_REQUEST", "file must be an object");
  }
  const fileId = (file as { fileId?: unknown }).fileId;
  if (fileId === undefined) return;
  if (typeof fileId !== "string" || !(await files.owns(ctx.principal.tenant, fileId))) throw notFound("File");
}

/** POST /processor_runs: checks the processor allowlist and file ownership, stamps tenant + usage tags, forwards. */
export async function createRun(ctx: RouteContext, files: FileOwnership): Promise<Response> {
  const { request, config, principal } = ctx;
  const contentType = request.headers.get("content-type");
  if (contentType !== null && !/^application\/json\b/i.test(contentType)) {
    throw new ProxyError(415, "UNSUPPORTED_MEDIA_TYPE", "Content-Type must be application/json");
  }
  const body = parseJsonBody(await readLimitedBody(request, config.maxBodyBytes));
  const processorId = body["processorId"];
  if (typeof processorId !== "string" || processorId === "") {
    throw new ProxyError(400, "INVALID_REQUEST", "processorId is required");
  }
  if (!mayRunProcessor(principal, processorId)) {
    throw new ProxyError(403, "FORBIDDEN", "This client may not run that processor");
  }
  enforceRunPolicy(principal.runPolicy, body);
  await checkFileInput(ctx, files, body["file"]);
  body["metadata"] = stampMetadata(body["metadata"], {
    tenant: principal.tenant,
    serverTags: config.usageTags,
    clientTags: principal.tags,
    allowCustomTags: principal.allowCustomTags,
  });
  const response = await ctx.upstream.send({
    method: "POST",
    path: "/processor_runs",
    body: JSON.stringify(body),
    contentType: "application/json",
  });
  const result = await readUpstream(ctx.upstream, response, ctx.state);
  const run = result.json?.["processorRun"];
  // A sync create can return a finished run: cache it right away.
  if (result.ok && isTerminalRun(run)) {
    const id = (run as { id?: unknown }).id;
    if (typeof id === "string") await ctx.cache.store(principal.tenant, id, run);
  }
  return relay(result);
}

/**
 * Fetches a run upstream and returns it only if it belongs to the caller's tenant. Anything else —
 * another tenant's run, a run without a tenant, an upstream 404 — is the same 404.
 */
async function fetchOwnedRun(ctx: RouteContext, id: string): Promise<Record<string, unknown>> {
  const response = await ctx.upstream.send({ method: "GET", path: runPath(id) });
  const result = await readUpstream(ctx.upstream, response, ctx.state);
  if (result.status === 404) throw notFound(RUN);
  if (!result.ok || result.json === null) throw upstreamError(result);
  const run = result.json["processorRun"];
  if (runTenant(run) !== ctx.principal.tenant) throw notFound(RUN);
  return result.json;
}

/** GET /processor_runs/:id: cache lookup (tenant-keyed), else upstream + ownership check + store if terminal. */
export async function getRun(ctx: RouteContext): Promise<Response> {
  const id = ctx.id!;
  const tenant = ctx.principal.tenant;
  const fresh = wantsFresh(ctx.request);
  if (!fresh) {
    const hit = await ctx.cache.lookup(tenant, id);
    if (hit !== null) {
      ctx.state.cache = "HIT";
      return new Response(hit.body, {
        headers: { "content-type": JSON_TYPE, "cache-control": privateMaxAge(hit.remainingSeconds) },
      });
    }
  }
  ctx.state.cache = fresh ? "BYPASS" : "MISS";
  let body: Record<string, unknown>;
  try {
    body = await fetchOwnedRun(ctx, id);
  } catch (error) {
    // A run deleted upstream must not go on being served as a HIT until the TTL runs out.
    if (error instanceof ProxyError && error.status === 404) await ctx.cache.purge(tenant, id);
    throw error;
  }
  const stored = await ctx.cache.store(tenant, id, body["processorRun"]);
  return jsonResponse(body, 200, {
    "cache-control": stored ? privateMaxAge(ctx.cache.ttlSeconds) : NO_STORE,
  });
}

/** Confirms ownership from the cache (keyed by tenant) or upstream before a mutating call. */
async function assertOwned(ctx: RouteContext, id: string): Promise<void> {
  if ((await ctx.cache.lookup(ctx.principal.tenant, id)) !== null) return;
  await fetchOwnedRun(ctx, id);
}

/** POST /processor_runs/:id/cancel: ownership, forward, purge. */
export async function cancelRun(ctx: RouteContext): Promise<Response> {
  const id = ctx.id!;
  await assertOwned(ctx, id);
  const response = await ctx.upstream.send({ method: "POST", path: `${runPath(id)}/cancel` });
  const result = await readUpstream(ctx.upstream, response, ctx.state);
  await ctx.cache.purge(ctx.principal.tenant, id);
  if (result.status === 404) throw notFound(RUN);
  return relay(result);
}

/** DELETE /processor_runs/:id: ownership, forward, purge. */
export async function deleteRun(ctx: RouteContext): Promise<Response> {
  const id = ctx.id!;
  await assertOwned(ctx, id);
  const response = await ctx.upstream.send({ method: "DELETE", path: runPath(id) });
  const result = await readUpstream(ctx.upstream, response, ctx.state);
  await ctx.cache.purge(ctx.principal.tenant, id);
  if (result.status === 404) throw notFound(RUN);
  return relay(result);
}
