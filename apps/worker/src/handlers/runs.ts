import { readLimitedBody } from "../body-limit.ts";
import { isTerminalRun } from "../cache.ts";
import { mayRunProcessor } from "../clients.ts";
import type { RouteContext } from "../context.ts";
import { notFound, ProxyError } from "../errors.ts";
import type { FileOwnership } from "../file-ownership.ts";
import {
  canonicalJson,
  fingerprintOf,
  idempotencyKeyOf,
  runIdempotently,
  upstreamIdempotencyKey,
} from "../idempotency.ts";
import { JSON_TYPE, jsonResponse, NO_STORE, readUpstream, relay, upstreamError } from "../respond.ts";
import { enforceRunPolicy } from "../run-policy.ts";
import { recordRun, refreshRun } from "../run-records.ts";
import type { RunRecord } from "../state/store.ts";
import { runTenant, stampMetadata } from "../tenant.ts";
import { decodeUtf8Strict } from "../utf8.ts";
import { appliedWait, preferredWaitSeconds } from "../waiting/index.ts";

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

/**
 * POST /processor_runs: checks the processor allowlist and file ownership, stamps tenant + usage tags,
 * forwards, and records the run as the tenant's. With an `Idempotency-Key`, runs at most once per key.
 */
export async function createRun(ctx: RouteContext, files: FileOwnership): Promise<Response> {
  const { request, config } = ctx;
  const contentType = request.headers.get("content-type");
  if (contentType !== null && !/^application\/json\b/i.test(contentType)) {
    throw new ProxyError(415, "UNSUPPORTED_MEDIA_TYPE", "Content-Type must be application/json");
  }
  const key = idempotencyKeyOf(request);
  const body = parseJsonBody(await readLimitedBody(request, config.maxBodyBytes));
  const fingerprint = key === null ? "" : await fingerprintOf(["POST /processor_runs", canonicalJson(body)]);
  return runIdempotently(ctx, key, fingerprint, () => forwardCreate(ctx, files, body, key));
}

async function forwardCreate(
  ctx: RouteContext,
  files: FileOwnership,
  body: Record<string, unknown>,
  key: string | null,
): Promise<Response> {
  const { config, principal } = ctx;
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
    ...(key === null ? {} : { idempotencyKey: await upstreamIdempotencyKey(principal.tenant, key) }),
  });
  const result = await readUpstream(ctx.upstream, response, ctx.state);
  const run = result.json?.["processorRun"];
  // Ownership is the proxy's own record (S8), written before the client learns the id.
  if (result.ok) await recordRun(ctx.store, principal.tenant, run, ctx.now());
  // A sync create can return a finished run: cache it right away.
  if (result.ok && isTerminalRun(run)) {
    const id = (run as { id?: unknown }).id;
    if (typeof id === "string") await ctx.cache.store(principal.tenant, id, run);
  }
  return relay(result);
}

/**
 * Fetches a run upstream and returns it only if it belongs to the caller's tenant: the proxy's record
 * says the tenant created it (metadata alone proves nothing: anyone with the Extend key can write
 * `extendkit:tenant`, S8) and the run still carries that tenant. Anything else — another tenant's run, a
 * run without a record, an upstream 404 — is the same 404. The record learns the run's new state.
 */
async function fetchOwnedRun(
  ctx: RouteContext,
  id: string,
  fresh = false,
  held = false,
): Promise<Record<string, unknown>> {
  const tenant = ctx.principal.tenant;
  // The upstream read is shared with every concurrent reader of the run (see waiting/run-reader.ts).
  const [record, result] = await Promise.all([
    ctx.store.getRun(tenant, id),
    ctx.runs.read(id, ctx.state, fresh, held),
  ]);
  if (result.status === 404) {
    if (record !== null) await ctx.store.deleteRun(tenant, id);
    throw notFound(RUN);
  }
  if (!result.ok || result.json === null) throw upstreamError(result);
  const run = result.json["processorRun"];
  if (record === null || runTenant(run) !== tenant) throw notFound(RUN);
  if (typeof run === "object" && run !== null) {
    await refreshRun(ctx.store, tenant, record, run as Record<string, unknown>, ctx.now());
  }
  return result.json;
}

/** The tenant's cached run as a response, or null. */
async function cachedRun(
  ctx: RouteContext,
  id: string,
  headers: Record<string, string>,
): Promise<Response | null> {
  const hit = await ctx.cache.lookup(ctx.principal.tenant, id);
  if (hit === null) return null;
  ctx.state.cache = "HIT";
  return new Response(hit.body, {
    headers: { "content-type": JSON_TYPE, "cache-control": privateMaxAge(hit.remainingSeconds), ...headers },
  });
}

/** The caller's run from the (coalesced) upstream read; a 404 also purges the tenant's cache entry. */
async function readOwnedRun(
  ctx: RouteContext,
  id: string,
  fresh: boolean,
  held = false,
): Promise<Record<string, unknown>> {
  try {
    return await fetchOwnedRun(ctx, id, fresh, held);
  } catch (error) {
    // A run deleted upstream must not go on being served as a HIT until the TTL runs out.
    if (error instanceof ProxyError && error.status === 404) await ctx.cache.purge(ctx.principal.tenant, id);
    throw error;
  }
}

/**
 * GET /processor_runs/:id: cache lookup (tenant-keyed), else the coalesced upstream read + ownership check
 * + store if terminal. With `Prefer: wait=<seconds>` (RFC 7240, at most 60) a run that is not finished is
 * held in the waiting room until it finishes (a webhook or the room's poller releases it) or the time is
 * up, and the answer says `Preference-Applied: wait=<seconds>`.
 */
export async function getRun(ctx: RouteContext): Promise<Response> {
  const id = ctx.id!;
  const tenant = ctx.principal.tenant;
  const fresh = wantsFresh(ctx.request);
  const waitSeconds = preferredWaitSeconds(ctx.request);
  const applied: Record<string, string> =
    waitSeconds === null ? {} : { "preference-applied": appliedWait(waitSeconds) };
  if (!fresh) {
    const hit = await cachedRun(ctx, id, applied);
    if (hit !== null) return hit;
  }
  ctx.state.cache = fresh ? "BYPASS" : "MISS";
  // With webhooks, every run's end is announced: a long-poll need not re-read a running run upstream.
  const held = waitSeconds !== null && ctx.config.webhookSecret !== null;
  let body = await readOwnedRun(ctx, id, fresh, held);
  if (waitSeconds !== null && !isTerminalRun(body["processorRun"])) {
    const until = ctx.now() + waitSeconds * 1000;
    while (!isTerminalRun(body["processorRun"]) && ctx.now() < until) {
      const released = await ctx.waiting.wait(id, until);
      // A webhook release has usually put the finished run in the tenant's cache already.
      const hit = await cachedRun(ctx, id, applied);
      if (hit !== null) return hit;
      body = await readOwnedRun(ctx, id, false, held && !released);
    }
  }
  const stored = await ctx.cache.store(tenant, id, body["processorRun"]);
  return jsonResponse(body, 200, {
    "cache-control": stored ? privateMaxAge(ctx.cache.ttlSeconds) : NO_STORE,
    ...applied,
  });
}

/** The proxy's record of the caller's run before a mutating call (no upstream read needed); else 404. */
async function ownedRecord(ctx: RouteContext, id: string): Promise<RunRecord> {
  const record = await ctx.store.getRun(ctx.principal.tenant, id);
  if (record === null) throw notFound(RUN);
  return record;
}

/** POST /processor_runs/:id/cancel: ownership, forward, purge, record the new state. */
export async function cancelRun(ctx: RouteContext): Promise<Response> {
  const id = ctx.id!;
  const tenant = ctx.principal.tenant;
  const record = await ownedRecord(ctx, id);
  const response = await ctx.upstream.send({ method: "POST", path: `${runPath(id)}/cancel` });
  const result = await readUpstream(ctx.upstream, response, ctx.state);
  await ctx.cache.purge(tenant, id);
  // Readers and waiters of the run must see its new state, not a pre-cancel/pre-delete entry.
  ctx.runs.forget(id);
  ctx.waiting.release(id);
  if (result.status === 404) {
    await ctx.store.deleteRun(tenant, id);
    throw notFound(RUN);
  }
  const run = result.json?.["processorRun"];
  if (result.ok && typeof run === "object" && run !== null) {
    await refreshRun(ctx.store, tenant, record, run as Record<string, unknown>, ctx.now());
  }
  return relay(result);
}

/** DELETE /processor_runs/:id: ownership, forward, purge, forget. */
export async function deleteRun(ctx: RouteContext): Promise<Response> {
  const id = ctx.id!;
  const tenant = ctx.principal.tenant;
  await ownedRecord(ctx, id);
  const response = await ctx.upstream.send({ method: "DELETE", path: runPath(id) });
  const result = await readUpstream(ctx.upstream, response, ctx.state);
  await ctx.cache.purge(tenant, id);
  // Readers and waiters of the run must see its new state, not a pre-cancel/pre-delete entry.
  ctx.runs.forget(id);
  ctx.waiting.release(id);
  if (result.ok || result.status === 404) await ctx.store.deleteRun(tenant, id);
  if (result.status === 404) throw notFound(RUN);
  return relay(result);
}
