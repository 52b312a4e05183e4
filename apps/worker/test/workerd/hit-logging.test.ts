// How the handler logs cache HITs: counted per tenant and summarised once a minute by default
// (LOG_CACHE_HITS=summary), or one line each (LOG_CACHE_HITS=each). Every other answer keeps its own line.
import { describe, expect, it } from "vitest";
import { HIT_SUMMARY_MAX_TENANTS, HitTally } from "../../src/hit-summary.ts";
import type { LogEntry } from "../../src/log.ts";
import { createProxy } from "../../src/proxy.ts";
import { bearer, call, createFinishedRun } from "../contract/harness.ts";
import { TOKENS } from "../fixtures.ts";
import { targetFor, testEnv } from "./env.ts";

function setup(name: string, overrides: Record<string, string> = {}) {
  let now = Date.UTC(2026, 0, 1);
  const lines: LogEntry[] = [];
  const handler = createProxy({ ...testEnv, ...overrides } as unknown as Record<string, unknown>, {
    now: () => now,
    log: (entry) => lines.push(entry),
  });
  const target = targetFor(name, handler);
  return { target, lines, advance: (ms: number) => (now += ms) };
}

const read = (target: ReturnType<typeof setup>["target"], id: string, token: string) =>
  call(target, `/processor_runs/${id}`, { headers: bearer(token) });

describe("LOG_CACHE_HITS=summary (the default)", () => {
  it("logs no line per HIT, then one summary per tenant once the minute has passed", async () => {
    const { target, lines, advance } = setup("hits-summary");
    const alphaRun = await createFinishedRun(target, TOKENS.alpha);
    const betaRun = await createFinishedRun(target, TOKENS.beta);
    for (const [id, token] of [
      [alphaRun, TOKENS.alpha],
      [betaRun, TOKENS.beta],
    ] as const) {
      expect((await read(target, id, token)).headers.get("x-extendkit-cache")).toBe("MISS");
    }
    const before = lines.length;
    for (let i = 0; i < 3; i++) expect((await read(target, alphaRun, TOKENS.alpha)).status).toBe(200);
    expect((await read(target, betaRun, TOKENS.beta)).headers.get("x-extendkit-cache")).toBe("HIT");
    expect(lines).toHaveLength(before);

    advance(59_999);
    await read(target, alphaRun, TOKENS.alpha);
    expect(lines).toHaveLength(before);
    advance(1);
    // The request that closes the window is itself counted in it.
    await read(target, alphaRun, TOKENS.alpha);
    expect(lines.slice(before)).toEqual([
      {
        kind: "cache_hits",
        from: "2026-01-01T00:00:00.000Z",
        to: "2026-01-01T00:01:00.000Z",
        total: 6,
        tenants: { alpha: 5, beta: 1 },
      },
    ]);
    // A new window starts with the next HIT.
    advance(120_000);
    await read(target, alphaRun, TOKENS.alpha);
    expect(lines).toHaveLength(before + 1);
  });

  it("still logs every MISS, BYPASS, write and failure on its own line", async () => {
    const { target, lines } = setup("hits-summary-others");
    const id = await createFinishedRun(target, TOKENS.alpha);
    const created = lines.length;
    expect(lines.at(-1)).toMatchObject({ kind: "request", route: "POST /processor_runs", status: 200 });
    await read(target, id, TOKENS.alpha);
    await call(target, `/processor_runs/${id}`, {
      headers: bearer(TOKENS.alpha, { "cache-control": "no-cache" }),
    });
    await read(target, id, TOKENS.beta);
    await read(target, id, "not-a-token");
    expect(
      lines.slice(created).map((line) => (line.kind === "request" ? [line.status, line.cache] : line)),
    ).toEqual([
      [200, "MISS"],
      [200, "BYPASS"],
      [404, "MISS"],
      [401, "BYPASS"],
    ]);
  });
});

describe("LOG_CACHE_HITS=each", () => {
  it("logs one request line per HIT (sampled by LOG_SAMPLE_RATE like any success)", async () => {
    const { target, lines } = setup("hits-each", { LOG_CACHE_HITS: "each" });
    const id = await createFinishedRun(target, TOKENS.alpha);
    await read(target, id, TOKENS.alpha);
    const before = lines.length;
    await read(target, id, TOKENS.alpha);
    await read(target, id, TOKENS.alpha);
    expect(lines.slice(before)).toMatchObject([
      { kind: "request", cache: "HIT", status: 200, tenant: "alpha" },
      { kind: "request", cache: "HIT", status: 200, tenant: "alpha" },
    ]);

    const sampled = setup("hits-each-sampled", { LOG_CACHE_HITS: "each", LOG_SAMPLE_RATE: "0" });
    const other = await createFinishedRun(sampled.target, TOKENS.alpha);
    await read(sampled.target, other, TOKENS.alpha);
    await read(sampled.target, other, TOKENS.alpha);
    expect(sampled.lines).toEqual([]);
  });

  it("any other value is a configuration error; the operator's log names the allowed ones", async () => {
    const { target, lines } = setup("hits-bad", { LOG_CACHE_HITS: "sometimes" });
    const reply = await call(target, "/processor_runs/dpr_x", { headers: bearer(TOKENS.alpha) });
    expect(reply.status).toBe(500);
    expect(reply.json["code"]).toBe("PROXY_MISCONFIGURED");
    expect(lines).toContainEqual({
      kind: "config",
      problems: ['LOG_CACHE_HITS must be one of summary, each (got "sometimes")'],
    });
  });
});

describe("HitTally", () => {
  it(`names at most ${HIT_SUMMARY_MAX_TENANTS} tenants per window and adds up the rest`, () => {
    let now = 0;
    const tally = new HitTally(() => now);
    for (let i = 0; i < HIT_SUMMARY_MAX_TENANTS + 10; i++) tally.count(`t${i}`);
    tally.count("t0");
    tally.count(`t${HIT_SUMMARY_MAX_TENANTS + 5}`);
    now = 60_000;
    const summary = tally.takeIfDue();
    expect(summary?.total).toBe(HIT_SUMMARY_MAX_TENANTS + 12);
    expect(Object.keys(summary?.tenants ?? {})).toHaveLength(HIT_SUMMARY_MAX_TENANTS + 1);
    expect(summary?.tenants["t0"]).toBe(2);
    expect(summary?.tenants["(other)"]).toBe(11);
    expect(tally.takeIfDue()).toBeNull();
  });
});
