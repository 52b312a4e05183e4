import { describe, expect, it } from "vitest";
import { categoryOf, createPacer, SAFETY_MARGIN } from "../src/engine/pacer.js";
import { createRateGate, type FetchLike, type GateClock } from "../src/engine/rate-gate.js";
import { parseRateLimits, RATE_PLANS } from "../src/inputs/rate-limits.js";
import { inputSource as sourceOf } from "./helpers/input-source.js";

const PAYG = { plan: "payg", ...RATE_PLANS.payg, share: 1 };

/** A clock whose sleeps advance time instantly (in call order) and record when each request was sent. */
function fakeClock() {
  let now = 0;
  const clock: GateClock = {
    now: () => now,
    sleep: async (ms) => {
      now = Math.max(now, now + ms);
    },
  };
  return { clock, time: () => now };
}

/** Most requests sent in any window of `windowMs` starting at a send time. */
function peak(sendTimes: number[], windowMs = 1000): number {
  const sorted = [...sendTimes].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0; i < sorted.length; i++) {
    let j = i;
    while (j < sorted.length && (sorted[j] as number) < (sorted[i] as number) + windowMs) j++;
    most = Math.max(most, j - i);
  }
  return most;
}

describe("categoryOf", () => {
  it("classifies requests as Extend counts them", () => {
    expect(categoryOf("GET", "https://api.extend.ai/processor_runs/r1")).toBe("get");
    expect(categoryOf("POST", "https://api.extend.ai/processor_runs")).toBe("run");
    expect(categoryOf("POST", "http://127.0.0.1:9/base/processor_runs?x=1")).toBe("run");
    expect(categoryOf("POST", "https://api.extend.ai/processor_runs/r1/cancel")).toBe("write");
    expect(categoryOf("POST", "https://api.extend.ai/files/upload")).toBe("write");
    expect(categoryOf("DELETE", "https://api.extend.ai/files/f1")).toBe("write");
  });
});

describe("createPacer", () => {
  it("spaces each category at the margin of the plan's rate, independently", () => {
    const pacer = createPacer(PAYG);
    const gets = Array.from({ length: 30 }, () => pacer.reserve("get", 0));
    const writes = Array.from({ length: 30 }, () => pacer.reserve("write", 0));
    expect(gets[0]).toBe(0);
    expect(writes[0]).toBe(0);
    expect(gets[29]).toBeCloseTo((29 * 1000) / (10 * SAFETY_MARGIN), 5);
    expect(peak(gets)).toBeLessThanOrEqual(10);
    expect(peak(writes)).toBeLessThanOrEqual(10);
  });

  it("submits creates no faster than the files/min budget times the share", () => {
    const pacer = createPacer({ ...PAYG, share: 0.5 });
    expect(pacer.createsPerMinute).toBe(40);
    const creates = Array.from({ length: 41 }, () => pacer.reserve("run", 0));
    // 40 per minute: the 41st create starts a full minute after the first.
    expect(creates[40]).toBeCloseTo(60_000, 5);
    expect(peak(creates, 60_000)).toBeLessThanOrEqual(40);
  });

  it("halves a category's pace on a 429 (once per burst) and recovers additively", () => {
    const pacer = createPacer(PAYG);
    const full = pacer.rate("get", 0);
    pacer.narrow("get", 0);
    pacer.narrow("get", 10); // the same burst of refusals counts once
    expect(pacer.decreases).toBe(1);
    expect(pacer.rate("get", 10)).toBeCloseTo(full * 0.5 + full * 0.05 * 0.01, 5);
    expect(pacer.rate("write", 10)).toBe(full);
    pacer.narrow("get", 2000);
    expect(pacer.decreases).toBe(2);
    const low = pacer.rate("get", 2000);
    expect(low).toBeLessThan(full * 0.5);
    // +5% of the full rate per second: back to full after at most 20 s.
    expect(pacer.rate("get", 7000)).toBeCloseTo(low + full * 0.25, 5);
    expect(pacer.rate("get", 30_000)).toBe(full);
  });
});

describe("createRateGate with a pacer", () => {
  it("sends no second above the plan's GET rate, and narrows the pace after a 429", async () => {
    const c = fakeClock();
    const sent: number[] = [];
    let refuse = 0;
    const inner: FetchLike = async () => {
      sent.push(c.time());
      if (sent.length === 20) refuse = 1;
      if (refuse-- > 0) return new Response("{}", { status: 429, headers: { "retry-after": "1" } });
      return new Response("{}", { status: 200 });
    };
    const pacer = createPacer(PAYG);
    const gate = createRateGate(inner, { clock: c.clock, pacer });
    for (let i = 0; i < 60; i++) await gate.fetch("http://127.0.0.1/processor_runs/r1");
    expect(gate.limitedResponses).toBe(1);
    expect(pacer.decreases).toBe(1);
    expect(peak(sent)).toBeLessThanOrEqual(10);
    // After the 429: the Retry-After pause, then requests at half the pace at first.
    const after = sent.slice(20);
    expect((after[0] as number) - (sent[19] as number)).toBeGreaterThanOrEqual(1000);
    expect((after[1] as number) - (after[0] as number)).toBeGreaterThan(1000 / (10 * SAFETY_MARGIN) + 50);
  });
});

describe("rate-limits input", () => {
  const parse = (value: string) => parseRateLimits(sourceOf({ "rate-limits": value }));
  it("defaults to payg and accepts plans, off and JSON", () => {
    expect(parseRateLimits(sourceOf({}))).toEqual(PAYG);
    expect(parse("off")).toBeUndefined();
    expect(parse("scale")).toEqual({
      plan: "scale",
      get: 25,
      write: 25,
      run: 25,
      filesPerMinute: 120,
      share: 1,
    });
    expect(parse('{"plan":"enterprise","share":0.25}')).toMatchObject({
      plan: "enterprise",
      get: 75,
      share: 0.25,
    });
    expect(parse('{"get":5,"write":10,"run":10,"filesPerMinute":80}')).toMatchObject({
      plan: "custom",
      get: 5,
    });
    expect(parse('{"share":0.5}')).toEqual({ ...PAYG, share: 0.5 });
  });
  it("refuses what it does not understand, naming the input", () => {
    for (const bad of [
      "fast",
      '{"share":0}',
      '{"share":2}',
      '{"get":-1}',
      '{"plan":"free"}',
      '{"rps":5}',
      "[1]",
      "{x",
    ]) {
      expect(() => parse(bad), bad).toThrow(/Input "rate-limits"/);
    }
  });
});
