import { verifyWebhook, WEBHOOK_SIGNATURE_HEADER } from "@extendkit/core";
import { readLimitedBody } from "./body-limit.ts";
import type { RunCache } from "./cache.ts";
import { TENANT_PATTERN } from "./clients.ts";
import { ProxyError } from "./errors.ts";
import { ID_PATTERN } from "./routes.ts";
import { refreshRun } from "./run-records.ts";
import type { ProxyStore } from "./state/store.ts";
import { runTenant } from "./tenant.ts";
import type { Upstream } from "./upstream.ts";
import { decodeUtf8Strict } from "./utf8.ts";
import type { RunReader, WaitingRoom } from "./waiting/index.ts";

/** Events whose payload is a terminal run worth caching. */
const CACHEABLE_EVENTS = new Set(["processor_run.processed", "processor_run.failed"]);
/** Extend's (and the SDK's) default tolerance for the signature timestamp. */
export const WEBHOOK_MAX_AGE_SECONDS = 300;
/** Webhook bodies are runs, not files; anything bigger is refused before verification. */
const MAX_WEBHOOK_BYTES = 5 * 1024 * 1024;

function unauthorized(): ProxyError {
  return new ProxyError(401, "UNAUTHORIZED", "Invalid webhook signature");
}

/**
 * Remembers recently accepted deliveries so a captured one cannot be replayed inside the timestamp
 * window (stale timestamps are refused by verification). The memory is the durable store's, shared by
 * every isolate and kept across restarts.
 */
export class ReplayGuard {
  readonly #store: ProxyStore;
  readonly #now: () => number;

  constructor(store: ProxyStore, now: () => number) {
    this.#store = store;
    this.#now = now;
  }

  /** Records a delivery's replay key; false when it was already seen within the window. */
  accept(key: string): Promise<boolean> {
    return this.#store.rememberOnce(`webhook:${key}`, (WEBHOOK_MAX_AGE_SECONDS + 60) * 1000, this.#now());
  }
}

/**
 * What identifies a delivery for replay protection: the event id and the signature as verification reads it
 * (trimmed, lower case). Verification ignores the signature's case, so a raw-string key let an upper-cased
 * copy of a captured delivery through.
 */
export function replayKey(event: { eventId?: unknown }, headers: Headers): string {
  const signature = (headers.get(WEBHOOK_SIGNATURE_HEADER) ?? "").trim().toLowerCase();
  const eventId = typeof event.eventId === "string" ? event.eventId : "";
  return `${eventId.length}:${eventId}:${signature}`;
}

/** Result of a delivery, returned to the sender. */
export interface WebhookOutcome {
  eventType: string;
  stored: boolean;
}

/** What a delivery needs from the proxy. */
export interface WebhookServices {
  secret: string;
  cache: RunCache;
  replay: ReplayGuard;
  /** Ownership records (a delivered run is cached only for the tenant that created it). */
  store: ProxyStore;
  /** Told about every run a delivery reports finished, so waiting clients are released at once. */
  runs: RunReader;
  waiting: WaitingRoom;
  /** Reads the run of a signed-URL delivery. */
  upstream: Upstream;
  now: () => number;
}

/**
 * Verifies an Extend delivery (HMAC over `v0:<timestamp>:<body>`, fresh timestamp, not replayed) and
 * caches processed/failed runs for the tenant recorded in their metadata, so the frontend's next read
 * is a HIT. Runs without a valid tenant are acknowledged but never cached.
 */
export async function receiveWebhook(request: Request, options: WebhookServices): Promise<WebhookOutcome> {
  const bytes = await readLimitedBody(request, MAX_WEBHOOK_BYTES);
  let body: string;
  try {
    body = decodeUtf8Strict(bytes);
  } catch {
    throw unauthorized();
  }
  let event: { eventId?: unknown; eventType?: unknown; payload?: unknown };
  try {
    event = (await verifyWebhook({
      body,
      headers: request.headers,
      secret: options.secret,
      maxAgeSeconds: WEBHOOK_MAX_AGE_SECONDS,
      now: options.now(),
    })) as { eventId?: unknown; eventType?: unknown; payload?: unknown };
  } catch {
    throw unauthorized();
  }
  if (!(await options.replay.accept(replayKey(event, request.headers)))) throw unauthorized();

  const eventType = typeof event.eventType === "string" ? event.eventType : "unknown";
  if (!CACHEABLE_EVENTS.has(eventType)) return { eventType, stored: false };
  const run = isSignedUrlPayload(event.payload)
    ? await readRun(options.upstream, event.payload.id)
    : options.upstream.scrubValue(event.payload);
  const tenant = runTenant(run);
  const id = (run as { id?: unknown } | null)?.id;
  // Whatever the delivery says about ownership, the run is finished: drop any running entry and wake the
  // clients waiting on it (they read the run again, through their own ownership checks).
  if (typeof id !== "string" || !ID_PATTERN.test(id)) return { eventType, stored: false };
  options.runs.forget(id);
  const stored = await storeForOwner(options, tenant, id, run);
  options.waiting.release(id);
  return { eventType, stored };
}

/** Caches a delivered run for the tenant that owns it, per the proxy's own records; whether it was stored. */
async function storeForOwner(
  options: WebhookServices,
  tenant: string | null,
  id: string,
  run: unknown,
): Promise<boolean> {
  if (tenant === null || !TENANT_PATTERN.test(tenant)) return false;
  // The metadata names a tenant, but only the proxy's record makes the run theirs (S8): a run created
  // directly at Extend with a forged `extendkit:tenant` is never planted in that tenant's cache.
  const record = await options.store.getRun(tenant, id);
  if (record === null) return false;
  const stored = await options.cache.store(tenant, id, run);
  // Waiting clients find the run in the cache now; the index update need not hold them up.
  options.waiting.release(id);
  await refreshRun(options.store, tenant, record, run as Record<string, unknown>, options.now());
  return stored;
}

/**
 * Extend's "signed download URL" delivery format: the run is behind `data`, a URL that expires after an hour.
 * Only the run id is used; the URL is never fetched, so a delivery cannot make the proxy call anywhere but
 * its one upstream.
 */
function isSignedUrlPayload(payload: unknown): payload is { object: "signed_data_url"; id: string } {
  const { object, id } = (payload ?? {}) as { object?: unknown; id?: unknown };
  return object === "signed_data_url" && typeof id === "string" && ID_PATTERN.test(id);
}

/** The run as the upstream has it now, or null when it cannot be read (the delivery is still acknowledged). */
async function readRun(upstream: Upstream, id: string): Promise<unknown> {
  try {
    const response = await upstream.send({ method: "GET", path: `/processor_runs/${id}` });
    if (!response.ok) {
      await response.body?.cancel();
      return null;
    }
    const body = upstream.parseScrubbed(upstream.scrub(await response.text()));
    return (body as { processorRun?: unknown } | null)?.processorRun ?? null;
  } catch {
    return null;
  }
}
