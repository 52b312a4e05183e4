import { randomId } from "./ids.js";
import { assertLocalUrl } from "./local-url.js";

/** Where and how to deliver webhook events. */
export interface WebhookTarget {
  url: string;
  secret: string;
}

/** Delivery tuning (tests shorten the backoff). */
export interface WebhookDeliveryOptions {
  maxAttempts?: number;
  /** First retry delay; doubles each attempt. */
  baseDelayMs?: number;
  fetch?: typeof fetch;
}

/** Hex HMAC-SHA256 of `v0:{timestamp}:{body}` keyed by the secret's UTF-8 bytes, as Extend signs events. */
export async function signPayload(secret: string, timestamp: string, body: string): Promise<string> {
  const encoder = new TextEncoder();
  const key = await crypto.subtle.importKey(
    "raw",
    encoder.encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = await crypto.subtle.sign("HMAC", key, encoder.encode(`v0:${timestamp}:${body}`));
  return [...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Sends signed `processor_run.processed` / `processor_run.failed` events, retrying non-2xx answers
 * and network errors with exponential backoff (real time, so virtual-clock tests still get retries).
 */
export class WebhookSender {
  private readonly pending = new Set<ReturnType<typeof setTimeout>>();
  private readonly controllers = new Set<AbortController>();
  private closed = false;
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly fetchImpl: typeof fetch;

  constructor(
    private readonly target: WebhookTarget,
    options: WebhookDeliveryOptions = {},
  ) {
    assertLocalUrl(target.url, "webhook.url");
    this.maxAttempts = options.maxAttempts ?? 5;
    this.baseDelayMs = options.baseDelayMs ?? 250;
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
  }

  /** Queues delivery of one event; returns at once. */
  send(eventType: string, payload: Record<string, unknown>): void {
    if (this.closed) return;
    const body = JSON.stringify({ eventId: randomId("evt_"), eventType, payload });
    void this.attempt(body, 1);
  }

  /** Stops retries and aborts deliveries in flight. */
  close(): void {
    this.closed = true;
    for (const handle of this.pending) clearTimeout(handle);
    this.pending.clear();
    for (const controller of this.controllers) controller.abort();
    this.controllers.clear();
  }

  private async attempt(body: string, attempt: number): Promise<void> {
    if (this.closed) return;
    const controller = new AbortController();
    this.controllers.add(controller);
    let delivered = false;
    try {
      const timestamp = String(Math.floor(Date.now() / 1000));
      const signature = await signPayload(this.target.secret, timestamp, body);
      const response = await this.fetchImpl(this.target.url, {
        method: "POST",
        body,
        signal: controller.signal,
        headers: {
          "content-type": "application/json",
          "x-extend-request-timestamp": timestamp,
          "x-extend-request-signature": signature,
        },
      });
      await response.body?.cancel();
      delivered = response.ok;
    } catch {
      delivered = false;
    } finally {
      this.controllers.delete(controller);
    }
    if (delivered || this.closed || attempt >= this.maxAttempts) return;
    const handle = setTimeout(
      () => {
        this.pending.delete(handle);
        void this.attempt(body, attempt + 1);
      },
      this.baseDelayMs * 2 ** (attempt - 1),
    );
    this.pending.add(handle);
  }
}
