import { describe, expect, it } from "vitest";
import { signWebhook, UsageError, verifyWebhook, WebhookVerificationError } from "../../src/index.js";

const SECRET = "wss_test_secret";
const BODY = JSON.stringify({
  eventId: "evt_1",
  eventType: "processor_run.processed",
  payload: { object: "document_processor_run", id: "dpr_1", status: "PROCESSED" },
});
const NOW = 1_760_000_000_000;
const TS = NOW / 1000;

async function reason(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WebhookVerificationError);
  return (error as WebhookVerificationError).reason;
}

describe("verifyWebhook", () => {
  it("accepts a correct signature and returns the typed event", async () => {
    const { headers } = await signWebhook({ body: BODY, secret: SECRET, timestamp: TS });
    const event = await verifyWebhook({ body: BODY, headers, secret: SECRET, now: NOW });
    expect(event.eventType).toBe("processor_run.processed");
    if (event.eventType === "processor_run.processed" && event.payload.object === "document_processor_run") {
      expect(event.payload.id).toBe("dpr_1");
    } else {
      throw new Error("wrong event narrowing");
    }
  });

  it("matches a signature computed independently (HMAC-SHA256 over v0:ts:body, hex)", async () => {
    const { createHmac } = await import("node:crypto");
    const expected = createHmac("sha256", SECRET).update(`v0:${TS}:${BODY}`).digest("hex");
    const signed = await signWebhook({ body: BODY, secret: SECRET, timestamp: TS });
    expect(signed.signature).toBe(expected);
    expect(signed.timestamp).toBe(String(TS));
    expect(signed.headers).toEqual({
      "x-extend-request-timestamp": String(TS),
      "x-extend-request-signature": expected,
    });
  });

  it("reads headers from a Headers object or a record in any case", async () => {
    const { timestamp, signature } = await signWebhook({ body: BODY, secret: SECRET, timestamp: TS });
    const asHeaders = new Headers({
      "X-Extend-Request-Timestamp": timestamp,
      "X-Extend-Request-Signature": signature,
    });
    await expect(
      verifyWebhook({ body: BODY, headers: asHeaders, secret: SECRET, now: NOW }),
    ).resolves.toBeTruthy();
    const asRecord = {
      "X-Extend-Request-Timestamp": timestamp,
      "x-extend-request-signature": signature.toUpperCase(),
    };
    await expect(
      verifyWebhook({ body: BODY, headers: asRecord, secret: SECRET, now: NOW }),
    ).resolves.toBeTruthy();
  });

  it("rejects a missing header", async () => {
    const { timestamp, signature } = await signWebhook({ body: BODY, secret: SECRET, timestamp: TS });
    expect(await reason(verifyWebhook({ body: BODY, headers: {}, secret: SECRET, now: NOW }))).toBe(
      "missing_header",
    );
    const noSig = { "x-extend-request-timestamp": timestamp };
    expect(await reason(verifyWebhook({ body: BODY, headers: noSig, secret: SECRET, now: NOW }))).toBe(
      "missing_header",
    );
    const noTs = { "x-extend-request-signature": signature, "x-extend-request-timestamp": undefined };
    expect(await reason(verifyWebhook({ body: BODY, headers: noTs, secret: SECRET, now: NOW }))).toBe(
      "missing_header",
    );
  });

  it("rejects a bad signature: tampered body, wrong secret, wrong timestamp, garbage", async () => {
    const { headers } = await signWebhook({ body: BODY, secret: SECRET, timestamp: TS });
    const tampered = BODY.replace("PROCESSED", "FAILED");
    expect(await reason(verifyWebhook({ body: tampered, headers, secret: SECRET, now: NOW }))).toBe(
      "invalid_signature",
    );
    expect(await reason(verifyWebhook({ body: BODY, headers, secret: "wss_other", now: NOW }))).toBe(
      "invalid_signature",
    );
    const shifted = { ...headers, "x-extend-request-timestamp": String(TS - 1) };
    expect(await reason(verifyWebhook({ body: BODY, headers: shifted, secret: SECRET, now: NOW }))).toBe(
      "invalid_signature",
    );
    const garbage = { ...headers, "x-extend-request-signature": "abc" };
    expect(await reason(verifyWebhook({ body: BODY, headers: garbage, secret: SECRET, now: NOW }))).toBe(
      "invalid_signature",
    );
  });

  it("rejects a timestamp that is not Unix seconds", async () => {
    const headers = { "x-extend-request-timestamp": "2026-01-01", "x-extend-request-signature": "00" };
    expect(await reason(verifyWebhook({ body: BODY, headers, secret: SECRET, now: NOW }))).toBe(
      "invalid_timestamp",
    );
  });

  it("rejects stale deliveries (default 300 s) and honours maxAgeSeconds (0 disables)", async () => {
    const old = await signWebhook({ body: BODY, secret: SECRET, timestamp: TS - 301 });
    expect(await reason(verifyWebhook({ body: BODY, headers: old.headers, secret: SECRET, now: NOW }))).toBe(
      "timestamp_too_old",
    );
    const edge = await signWebhook({ body: BODY, secret: SECRET, timestamp: TS - 300 });
    await expect(
      verifyWebhook({ body: BODY, headers: edge.headers, secret: SECRET, now: NOW }),
    ).resolves.toBeTruthy();
    await expect(
      verifyWebhook({ body: BODY, headers: old.headers, secret: SECRET, now: NOW, maxAgeSeconds: 600 }),
    ).resolves.toBeTruthy();
    const ancient = await signWebhook({ body: BODY, secret: SECRET, timestamp: TS - 86_400 });
    await expect(
      verifyWebhook({ body: BODY, headers: ancient.headers, secret: SECRET, now: NOW, maxAgeSeconds: 0 }),
    ).resolves.toBeTruthy();
  });

  it("rejects timestamps more than 60 s in the future", async () => {
    const future = await signWebhook({ body: BODY, secret: SECRET, timestamp: TS + 61 });
    expect(
      await reason(verifyWebhook({ body: BODY, headers: future.headers, secret: SECRET, now: NOW })),
    ).toBe("timestamp_in_future");
    const skew = await signWebhook({ body: BODY, secret: SECRET, timestamp: TS + 60 });
    await expect(
      verifyWebhook({ body: BODY, headers: skew.headers, secret: SECRET, now: NOW }),
    ).resolves.toBeTruthy();
  });

  it("rejects a signed body that is not JSON", async () => {
    const signed = await signWebhook({ body: "not json", secret: SECRET, timestamp: TS });
    expect(
      await reason(verifyWebhook({ body: "not json", headers: signed.headers, secret: SECRET, now: NOW })),
    ).toBe("invalid_body");
  });

  it("requires a secret", async () => {
    await expect(verifyWebhook({ body: BODY, headers: {}, secret: "" })).rejects.toBeInstanceOf(UsageError);
    await expect(signWebhook({ body: BODY, secret: "" })).rejects.toBeInstanceOf(UsageError);
  });

  it("messages say what is wrong", async () => {
    const error = await verifyWebhook({ body: BODY, headers: {}, secret: SECRET }).catch((e: unknown) => e);
    expect((error as Error).message).toContain("x-extend-request-timestamp");
  });
});
