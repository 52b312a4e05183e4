// §5 upstream governor: the proxy never sends the upstream more than the plan's rate per category. Counted
// from the emulator's journal (what actually arrived), never from wall-clock timings.
import { describe, expect, it } from "vitest";
import { parseUpstreamLimits, upstreamCategory } from "../../src/governor/index.ts";
import type { LogEntry } from "../../src/log.ts";
import { createProxy } from "../../src/proxy.ts";
import { takeTokens } from "../../src/state/bucket.ts";
import { MemoryStore } from "../../src/state/memory-store.ts";
import { bearer, call, upstreamHits } from "../contract/harness.ts";
import { TOKENS } from "../fixtures.ts";
import { targetFor, testEnv } from "./env.ts";

/** Two handlers (two isolates, say) sharing one store, with a tiny plan: 2 requests/s per category. */
function governed(name: string, queueMs: number) {
  const store = new MemoryStore();
  const lines: LogEntry[] = [];
  const settings = {
    ...testEnv,
    UPSTREAM_LIMITS: JSON.stringify({ get: 2, write: 2, run: 2 }),
    UPSTREAM_QUEUE_MS: String(queueMs),
  } as unknown as Record<string, unknown>;
  const handlers = [0, 1].map(() => createProxy(settings, { store, log: (entry) => lines.push(entry) }));
  let turn = 0;
  const target = targetFor(name, (request) => handlers[turn++ % handlers.length]!(request));
  return { target, lines };
}

describe("UPSTREAM_LIMITS parsing", () => {
  it("knows the plans, off, JSON per category, and refuses anything else", () => {
    expect(parseUpstreamLimits(null, 100)).toMatchObject({
      plan: "payg",
      rates: { get: 10, write: 10, run: 10 },
    });
    expect(parseUpstreamLimits("scale", 0)).toMatchObject({ rates: { get: 25, write: 25, run: 25 } });
    expect(parseUpstreamLimits("enterprise", 0)).toMatchObject({ rates: { get: 75 } });
    expect(parseUpstreamLimits("off", 0)).toBeNull();
    expect(parseUpstreamLimits('{"plan":"scale","run":5}', 0)).toMatchObject({
      plan: "scale",
      rates: { get: 25, write: 25, run: 5 },
    });
    for (const bad of [
      "fast",
      '{"get":0}',
      '{"get":1}',
      '{"plan":"gold"}',
      '{"get":1,"write":1,"run":1,"x":1}',
    ]) {
      expect(parseUpstreamLimits(bad, 0), bad).toMatch(/UPSTREAM_LIMITS must be/);
    }
    expect(upstreamCategory("GET", "/processor_runs/dpr_1")).toBe("get");
    expect(upstreamCategory("POST", "/processor_runs")).toBe("run");
    expect(upstreamCategory("POST", "/files/upload")).toBe("write");
    expect(upstreamCategory("DELETE", "/processor_runs/dpr_1")).toBe("write");
  });

  it("a queued take reserves the next slot in arrival order, within queueMs only", () => {
    const spec = { ratePerSec: 2, burst: 1, queueMs: 1000 };
    const first = takeTokens(null, spec, 0, 1);
    expect(first.result.ok).toBe(true);
    expect(first.result.waitMs).toBeUndefined();
    const second = takeTokens(first.state, spec, 0, 1);
    expect(second.result).toMatchObject({ ok: true, waitMs: 500 });
    const third = takeTokens(second.state, spec, 0, 1);
    expect(third.result).toMatchObject({ ok: true, waitMs: 1000 });
    const fourth = takeTokens(third.state, spec, 0, 1);
    expect(fourth.result).toMatchObject({ ok: false, retryAfterMs: 1500 });
  });
});

describe("the upstream governor", () => {
  it("beyond the queue, readers get 429 + Retry-After, are counted, and never reach the upstream", async () => {
    const { target, lines } = governed("governor-refuse", 0);
    const id = `dpr_gov_refuse_${crypto.randomUUID().replaceAll("-", "")}`;
    const replies = await Promise.all(
      // Different runs: reads of one run are coalesced into a single upstream request.
      Array.from({ length: 8 }, (_, i) =>
        call(target, `/processor_runs/${id}x${i}`, { headers: bearer(TOKENS.alpha) }),
      ),
    );
    const statuses = replies.map((reply) => reply.status);
    // The bucket holds one request (90 % of 2/s, half a second's worth): one read goes upstream.
    expect(statuses.filter((status) => status === 404)).toHaveLength(1);
    const refused = replies.filter((reply) => reply.status === 429);
    expect(refused).toHaveLength(7);
    for (const reply of refused) {
      expect(reply.json["code"]).toBe("UPSTREAM_RATE_LIMITED");
      expect(Number(reply.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    }
    expect(await upstreamHits(target, id)).toBe(1);
    const logged = lines.filter((line) => line.kind === "request" && line.error === "UPSTREAM_RATE_LIMITED");
    expect(logged).toHaveLength(7);
  });

  it("a short burst queues briefly: every request goes upstream, none is refused", async () => {
    const { target } = governed("governor-queue", 5000);
    const id = `dpr_gov_queue_${crypto.randomUUID().replaceAll("-", "")}`;
    const replies = await Promise.all(
      // Different runs: reads of one run are coalesced into a single upstream request.
      Array.from({ length: 5 }, (_, i) =>
        call(target, `/processor_runs/${id}x${i}`, { headers: bearer(TOKENS.alpha) }),
      ),
    );
    expect(replies.map((reply) => reply.status)).toEqual([404, 404, 404, 404, 404]);
    expect(await upstreamHits(target, id)).toBe(5);
  });

  it("categories are separate: a spent GET budget does not hold up a run create", async () => {
    const { target } = governed("governor-categories", 0);
    const id = `dpr_gov_cat_${crypto.randomUUID().replaceAll("-", "")}`;
    await call(target, `/processor_runs/${id}`, { headers: bearer(TOKENS.alpha) });
    const spent = await call(target, `/processor_runs/${id}`, { headers: bearer(TOKENS.alpha) });
    expect(spent.status).toBe(429);
    const create = await call(target, "/processor_runs", {
      method: "POST",
      headers: bearer(TOKENS.alpha, { "content-type": "application/json" }),
      body: JSON.stringify({ processorId: "dp_invoice_extractor", rawText: "governor" }),
    });
    expect(create.status, create.text).toBe(200);
  });
});
