import { parseRetryAfter } from "@extendkit/core";
import { describe, expect, it } from "vitest";
import { createRateGate, type FetchLike, type GateClock, realClock } from "../src/engine/rate-gate.js";

/** A clock whose sleeps advance time instantly and are recorded. */
function fakeClock(start = 1_000_000) {
  let now = start;
  const sleeps: number[] = [];
  const clock: GateClock = {
    now: () => now,
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw signal.reason;
      sleeps.push(ms);
      now += ms;
    },
  };
  return { clock, sleeps, advance: (ms: number) => (now += ms), time: () => now };
}

/** A fetch that answers from a script of statuses and records when each request reached it. */
function scriptedFetch(
  statuses: Array<{ status: number; headers?: Record<string, string> }>,
  time: () => number,
) {
  const seen: number[] = [];
  const fetch: FetchLike = async () => {
    seen.push(time());
    const next = statuses.shift() ?? { status: 200 };
    return new Response("{}", { status: next.status, headers: next.headers ?? {} });
  };
  return { fetch, seen };
}

/** The gate reads Retry-After with core's parser; these are the forms a 429 carries. */
const retryAfterMs = (header: string | null, now: number) =>
  parseRetryAfter(new Headers(header === null ? {} : { "retry-after": header }), now);

describe("Retry-After as the gate reads it", () => {
  it("parses delta seconds, fractional seconds and HTTP dates", () => {
    expect(retryAfterMs("2", 0)).toBe(2000);
    expect(retryAfterMs("0.5", 0)).toBe(500);
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(retryAfterMs("Thu, 01 Jan 2026 00:00:03 GMT", now)).toBe(3000);
    expect(retryAfterMs("Wed, 31 Dec 2025 00:00:00 GMT", now)).toBe(0);
  });
  it("ignores absent and unparseable values", () => {
    expect(retryAfterMs(null, 0)).toBeUndefined();
    expect(retryAfterMs("", 0)).toBeUndefined();
    expect(retryAfterMs("soon", 0)).toBeUndefined();
  });
});

describe("createRateGate", () => {
  it("passes requests straight through while nothing is rate limited", async () => {
    const c = fakeClock();
    const inner = scriptedFetch([{ status: 200 }, { status: 500 }, { status: 200 }], c.time);
    const gate = createRateGate(inner.fetch, { clock: c.clock });
    for (let i = 0; i < 3; i++) await gate.fetch("http://x/");
    expect(c.sleeps).toEqual([]);
    expect(gate.limitedResponses).toBe(0);
  });

  it("holds every later request until Retry-After has passed after a 429", async () => {
    const c = fakeClock();
    const inner = scriptedFetch([{ status: 429, headers: { "retry-after": "2" } }], c.time);
    const pauses: number[] = [];
    const gate = createRateGate(inner.fetch, { clock: c.clock, onPause: (ms) => pauses.push(ms) });
    const limited = await gate.fetch("http://x/");
    expect(limited.status).toBe(429); // returned as is: the client decides whether to retry
    const t0 = c.time();
    await Promise.all([gate.fetch("http://x/a"), gate.fetch("http://x/b"), gate.fetch("http://x/c")]);
    expect(inner.seen.slice(1).every((t) => t >= t0 + 2000)).toBe(true);
    expect(pauses).toEqual([2000]);
    expect(gate.limitedResponses).toBe(1);
    expect(gate.waitedMs).toBeGreaterThanOrEqual(2000);
  });

  it("uses the default pause without Retry-After and caps long pauses", async () => {
    const c = fakeClock();
    const inner = scriptedFetch(
      [{ status: 429 }, { status: 429, headers: { "retry-after": "3600" } }, { status: 200 }],
      c.time,
    );
    const pauses: number[] = [];
    const gate = createRateGate(inner.fetch, {
      clock: c.clock,
      defaultPauseMs: 750,
      maxPauseMs: 5000,
      onPause: (ms) => pauses.push(ms),
    });
    await gate.fetch("http://x/");
    await gate.fetch("http://x/");
    await gate.fetch("http://x/");
    expect(pauses).toEqual([750, 5000]);
    expect(c.sleeps).toEqual([750, 5000]);
  });

  it("treats 503 with Retry-After as a rate limit but not plain 5xx", async () => {
    const c = fakeClock();
    const inner = scriptedFetch(
      [{ status: 503 }, { status: 500 }, { status: 503, headers: { "retry-after": "1" } }, { status: 200 }],
      c.time,
    );
    const gate = createRateGate(inner.fetch, { clock: c.clock });
    for (let i = 0; i < 4; i++) await gate.fetch("http://x/");
    expect(gate.limitedResponses).toBe(1);
    expect(c.sleeps).toEqual([1000]);
  });

  it("waits again when the gate closes anew while a request was waiting", async () => {
    const c = fakeClock();
    const inner = scriptedFetch(
      [
        { status: 429, headers: { "retry-after": "1" } },
        { status: 429, headers: { "retry-after": "2" } },
        { status: 200 },
      ],
      c.time,
    );
    const gate = createRateGate(inner.fetch, { clock: c.clock });
    await gate.fetch("http://x/");
    await gate.fetch("http://x/");
    await gate.fetch("http://x/");
    // 1 s for the first pause, then 2 s from the second 429.
    expect(c.sleeps).toEqual([1000, 2000]);
  });

  it("gives up waiting when the request's signal aborts", async () => {
    const inner = scriptedFetch([{ status: 429, headers: { "retry-after": "30" } }], Date.now);
    const gate = createRateGate(inner.fetch, { clock: realClock });
    await gate.fetch("http://x/");
    const controller = new AbortController();
    const pending = gate.fetch("http://x/", { signal: controller.signal });
    setTimeout(() => controller.abort(new Error("stop")), 20);
    await expect(pending).rejects.toThrow("stop");
    expect(inner.seen).toHaveLength(1);
  });
});

describe("realClock", () => {
  it("sleeps for real and rejects at once on an aborted signal", async () => {
    const started = Date.now();
    await realClock.sleep(30);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    await expect(realClock.sleep(10, AbortSignal.abort(new Error("gone")))).rejects.toThrow("gone");
  });
});
