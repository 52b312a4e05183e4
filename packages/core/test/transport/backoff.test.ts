import { afterEach, describe, expect, it, vi } from "vitest";
import { ExtendClient } from "../../src/index.js";
import { BACKOFF_BASE_MS, BACKOFF_CAP_MS, backoffDelay } from "../../src/internal/backoff.js";
import { API_KEY, json, runResponse, type Step, scriptedFetch } from "../helpers/fake-fetch.js";

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe("backoffDelay: exponential with full jitter, capped", () => {
  it("stays within [0, min(cap, base × 2^attempt))", () => {
    for (let attempt = 0; attempt < 12; attempt++) {
      const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt);
      expect(backoffDelay(attempt, () => 0)).toBe(0);
      const top = backoffDelay(attempt, () => 0.999999);
      expect(top).toBeLessThan(ceiling);
      expect(top).toBeGreaterThanOrEqual(ceiling - 1);
    }
  });

  it("uses 500 ms base and an 8 s cap", () => {
    expect(BACKOFF_BASE_MS).toBe(500);
    expect(BACKOFF_CAP_MS).toBe(8_000);
    expect(backoffDelay(0, () => 0.5)).toBe(250);
    expect(backoffDelay(1, () => 0.5)).toBe(500);
    expect(backoffDelay(20, () => 0.5)).toBe(4_000);
  });

  it("spreads delays (jitter) rather than using a fixed value", () => {
    const seen = new Set(Array.from({ length: 50 }, () => backoffDelay(3)));
    expect(seen.size).toBeGreaterThan(10);
    for (const delay of seen) expect(delay).toBeLessThan(4_000);
  });
});

/** Runs a get through the client with fake timers and returns the sleeps it scheduled between attempts. */
async function sleepsOf(steps: Step[], random: number): Promise<number[]> {
  vi.useFakeTimers();
  vi.spyOn(Math, "random").mockReturnValue(random);
  const setTimeoutSpy = vi.spyOn(globalThis, "setTimeout");
  const fake = scriptedFetch(steps);
  const client = new ExtendClient({
    apiKey: API_KEY,
    baseUrl: "http://127.0.0.1:9",
    fetch: fake.fetch,
    maxRetries: 5,
    timeoutMs: 123_456,
  });
  const done = client.processorRuns.get("dpr_1").then(
    () => "ok",
    (e: unknown) => e,
  );
  await vi.runAllTimersAsync();
  await done;
  // The per-attempt timeout timers use the 123 456 ms limit; everything else is a backoff sleep.
  return setTimeoutSpy.mock.calls.map((c) => c[1] as number).filter((ms) => ms !== 123_456);
}

describe("the transport sleeps per the backoff between attempts", () => {
  it("doubles the ceiling each retry and caps it", async () => {
    const steps = Array.from({ length: 6 }, () => json(500, {}));
    const sleeps = await sleepsOf(steps, 0.999999);
    expect(sleeps).toEqual([499, 999, 1999, 3999, 7999]);
  });

  it("sleeps exactly as Retry-After says instead (no jitter)", async () => {
    const sleeps = await sleepsOf([json(429, {}, { "retry-after": "2" }), runResponse()], 0.5);
    expect(sleeps).toEqual([2000]);
  });

  it("prefers retry-after-ms", async () => {
    const sleeps = await sleepsOf(
      [json(503, {}, { "retry-after-ms": "150", "retry-after": "9" }), runResponse()],
      0.5,
    );
    expect(sleeps).toEqual([150]);
  });

  it("clamps a huge Retry-After to 60 s", async () => {
    const sleeps = await sleepsOf([json(429, {}, { "retry-after": "3600" }), runResponse()], 0.5);
    expect(sleeps).toEqual([60_000]);
  });
});
