import type { RouteContext } from "./context.ts";
import { ProxyError } from "./errors.ts";
import { sha256Hex } from "./hash.ts";
import { JSON_TYPE, NO_STORE } from "./respond.ts";
import type { IdempotencyRecord, IdempotencyResponse } from "./state/store.ts";

/** Request header naming a create's idempotency key (Stripe's and the IETF draft's name). */
export const IDEMPOTENCY_HEADER = "idempotency-key";
/** Response header marking an answer replayed from an earlier request with the same key. */
export const REPLAYED_HEADER = "idempotent-replayed";
/** 1–255 printable ASCII characters (space included, as the IETF draft's sf-string allows). */
const KEY_PATTERN = /^[\x20-\x7e]{1,255}$/;
/** How long a completed key replays its answer. */
export const IDEMPOTENCY_RETENTION_MS = 24 * 3600 * 1000;
/**
 * How long an in-flight claim holds without completing; a crashed holder's claim lapses after it. Longer
 * than any request the proxy forwards: a `sync` create may take Extend's full 5 minutes.
 */
const LEASE_MS = 6 * 60_000;
/** Waits between looks at an in-flight key: short first, then at most 500 ms, for at most ~60 s in all. */
const WAIT_STEPS_MS = [25, 50, 100, 200, 400];
const WAIT_MAX_STEP_MS = 500;
const WAIT_TOTAL_MS = 60_000;

/** The request's idempotency key, null without one; 400 for an empty, overlong or non-printable key. */
export function idempotencyKeyOf(request: Request): string | null {
  const key = request.headers.get(IDEMPOTENCY_HEADER);
  if (key === null) return null;
  if (!KEY_PATTERN.test(key)) {
    throw new ProxyError(400, "INVALID_REQUEST", "Idempotency-Key must be 1-255 printable ASCII characters");
  }
  return key;
}

/** A fingerprint of what a request asks for, to tell "the same request again" from "another request". */
export async function fingerprintOf(parts: readonly string[]): Promise<string> {
  return sha256Hex(parts.map((part) => `${part.length}:${part}`).join("|"));
}

/** JSON with keys sorted at every level, so `{a,b}` and `{b,a}` fingerprint alike. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** The key sent upstream: derived per tenant, so two tenants' keys can never meet at Extend. */
export async function upstreamIdempotencyKey(tenant: string, key: string): Promise<string> {
  return `extendkit-${await sha256Hex(`${tenant}\n${key}`)}`;
}

function replay(response: IdempotencyResponse): Response {
  return new Response(response.body, {
    status: response.status,
    headers: { "content-type": response.contentType, "cache-control": NO_STORE, [REPLAYED_HEADER]: "true" },
  });
}

function mismatch(): ProxyError {
  return new ProxyError(
    422,
    "IDEMPOTENCY_KEY_REUSED",
    "This Idempotency-Key was already used with a different request; use a new key for a new request",
  );
}

/** Waits for an in-flight holder of the key to finish; its final record, or null once the claim is gone. */
async function awaitHolder(ctx: RouteContext, key: string): Promise<IdempotencyRecord | null> {
  let waited = 0;
  for (let step = 0; waited < WAIT_TOTAL_MS; step++) {
    const delay = WAIT_STEPS_MS[step] ?? WAIT_MAX_STEP_MS;
    await new Promise((resolve) => setTimeout(resolve, delay));
    waited += delay;
    const record = await ctx.store.lookupIdempotency(ctx.principal.tenant, key, ctx.now());
    if (record === null || record.state === "completed") return record;
  }
  throw new ProxyError(
    409,
    "IDEMPOTENCY_KEY_IN_USE",
    "A request with this Idempotency-Key is still in progress; retry shortly",
    { "retry-after": "1" },
  );
}

/**
 * Runs a create at most once per (tenant, key): the first request reserves the key and its successful
 * answer is stored for 24 h; a repeat with the same fingerprint gets that answer again (marked
 * `Idempotent-Replayed: true`), one with another fingerprint gets 422, and one arriving while the first
 * is in flight waits for it. A failed first attempt (any non-2xx, or a thrown error) releases the key,
 * so a retry runs again: only a success can have created something worth replaying.
 */
export async function runIdempotently(
  ctx: RouteContext,
  key: string | null,
  fingerprint: string,
  execute: () => Promise<Response>,
): Promise<Response> {
  if (key === null) return execute();
  const { store } = ctx;
  const tenant = ctx.principal.tenant;
  for (;;) {
    const now = ctx.now();
    let found = await store.reserveIdempotency(tenant, key, { fingerprint, now, leaseUntil: now + LEASE_MS });
    if (found.state === "reserved") break;
    if (found.fingerprint !== fingerprint) throw mismatch();
    if (found.state === "inFlight") {
      const settled = await awaitHolder(ctx, key);
      if (settled === null) continue; // the holder failed and released the key: try to take it
      found = settled;
      if (found.fingerprint !== fingerprint) throw mismatch();
    }
    if (found.state === "completed") return replay(found.response);
  }
  let response: Response;
  try {
    response = await execute();
  } catch (error) {
    await store.releaseIdempotency(tenant, key, fingerprint);
    throw error;
  }
  if (response.status < 200 || response.status > 299) {
    await store.releaseIdempotency(tenant, key, fingerprint);
    return response;
  }
  const body = await response.text();
  const stored: IdempotencyResponse = {
    status: response.status,
    contentType: response.headers.get("content-type") ?? JSON_TYPE,
    body,
  };
  await store.completeIdempotency(tenant, key, stored, ctx.now() + IDEMPOTENCY_RETENTION_MS);
  return new Response(body, { status: response.status, headers: response.headers });
}
