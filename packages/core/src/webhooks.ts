import { UsageError, WebhookVerificationError } from "./errors.ts";
import type { WebhookEvent } from "./types/webhook.ts";

/** Header carrying the delivery's Unix timestamp (seconds). */
export const WEBHOOK_TIMESTAMP_HEADER = "x-extend-request-timestamp";
/** Header carrying the hex HMAC-SHA256 signature. */
export const WEBHOOK_SIGNATURE_HEADER = "x-extend-request-signature";

/** How far in the future a timestamp may be (clock skew between Extend and you). */
const FUTURE_TOLERANCE_SECONDS = 60;

/** Arguments of {@link verifyWebhook}. */
export interface VerifyWebhookArgs {
  /** The raw request body, exactly as received (verify before parsing). */
  body: string;
  /** The request headers. */
  headers: Headers | Record<string, string | undefined>;
  /** The endpoint's signing secret (`wss_...`). */
  secret: string;
  /** Reject deliveries older than this (default 300 s; 0 disables the check). */
  maxAgeSeconds?: number;
  /** The current time in milliseconds since the epoch (default `Date.now()`). */
  now?: number;
}

/** Arguments of {@link signWebhook}. */
export interface SignWebhookArgs {
  body: string;
  secret: string;
  /** Unix seconds (default: now). */
  timestamp?: number;
}

/** A signature and the headers that carry it. */
export interface WebhookSignature {
  timestamp: string;
  signature: string;
  headers: Record<string, string>;
}

/**
 * Verifies an Extend webhook delivery (HMAC-SHA256 over `v0:{timestamp}:{body}` with the signing secret,
 * compared in constant time, timestamp within `maxAgeSeconds` and at most 60 s ahead) and returns the
 * parsed event. Throws a {@link WebhookVerificationError} whose `reason` says what was wrong.
 */
export async function verifyWebhook(args: VerifyWebhookArgs): Promise<WebhookEvent> {
  requireSecret(args.secret);
  const timestamp = header(args.headers, WEBHOOK_TIMESTAMP_HEADER);
  const signature = header(args.headers, WEBHOOK_SIGNATURE_HEADER);
  for (const [name, value] of [
    [WEBHOOK_TIMESTAMP_HEADER, timestamp],
    [WEBHOOK_SIGNATURE_HEADER, signature],
  ] as const) {
    if (value === undefined || value === "") {
      throw new WebhookVerificationError(`Webhook is missing the ${name} header.`, {
        reason: "missing_header",
      });
    }
  }
  if (!/^\d{1,12}$/.test(timestamp!)) {
    throw new WebhookVerificationError(`Webhook ${WEBHOOK_TIMESTAMP_HEADER} must be Unix seconds.`, {
      reason: "invalid_timestamp",
    });
  }
  const expected = await hmacHex(args.secret, `v0:${timestamp}:${args.body}`);
  if (!constantTimeEqual(expected, signature!.trim().toLowerCase())) {
    throw new WebhookVerificationError(
      "Webhook signature does not match: check the signing secret and that the body is the raw, unparsed request body.",
      { reason: "invalid_signature" },
    );
  }
  const maxAge = args.maxAgeSeconds ?? 300;
  const nowSeconds = Math.floor((args.now ?? Date.now()) / 1000);
  const age = nowSeconds - Number(timestamp);
  if (maxAge > 0 && age > maxAge) {
    throw new WebhookVerificationError(
      `Webhook timestamp is ${age} s old (limit ${maxAge} s): possibly a replay.`,
      { reason: "timestamp_too_old" },
    );
  }
  if (-age > FUTURE_TOLERANCE_SECONDS) {
    throw new WebhookVerificationError(
      `Webhook timestamp is ${-age} s in the future (limit ${FUTURE_TOLERANCE_SECONDS} s): check the clock.`,
      { reason: "timestamp_in_future" },
    );
  }
  try {
    return JSON.parse(args.body) as WebhookEvent;
  } catch {
    throw new WebhookVerificationError("Webhook body is signed correctly but is not JSON.", {
      reason: "invalid_body",
    });
  }
}

/** Signs a body the way Extend does (for tests, emulators and proxies re-signing deliveries). */
export async function signWebhook(args: SignWebhookArgs): Promise<WebhookSignature> {
  requireSecret(args.secret);
  const timestamp = String(args.timestamp ?? Math.floor(Date.now() / 1000));
  const signature = await hmacHex(args.secret, `v0:${timestamp}:${args.body}`);
  return {
    timestamp,
    signature,
    headers: { [WEBHOOK_TIMESTAMP_HEADER]: timestamp, [WEBHOOK_SIGNATURE_HEADER]: signature },
  };
}

function requireSecret(secret: unknown): void {
  if (typeof secret !== "string" || secret === "") {
    throw new UsageError("Pass the webhook endpoint's signing secret (wss_...) as `secret`.");
  }
}

function header(headers: VerifyWebhookArgs["headers"], name: string): string | undefined {
  if (typeof (headers as Headers).get === "function") return (headers as Headers).get(name) ?? undefined;
  const record = headers as Record<string, string | undefined>;
  for (const key of Object.keys(record)) {
    if (key.toLowerCase() === name) return record[key];
  }
  return undefined;
}

async function hmacHex(secret: string, message: string): Promise<string> {
  const encoder = new TextEncoder();
  const key = await crypto.subtle.importKey(
    "raw",
    encoder.encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(message)));
  let hex = "";
  for (const byte of mac) hex += byte.toString(16).padStart(2, "0");
  return hex;
}

/** Compares without an early exit, so timing does not reveal how many leading characters matched. */
function constantTimeEqual(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ (b.charCodeAt(i) || 0);
  return diff === 0;
}
