// Load: the proxy under wrangler dev (workerd) with 64 concurrent keep-alive connections for 30 s from a
// node:http load generator on 127.0.0.1: 70% cached reads of finished runs (HIT), 20% reads with
// `Cache-Control: no-cache` (BYPASS, a round trip to the emulator) and 10% creates, after a 10 s warm-up.
// Zero errors are allowed, and the memory of the workerd process that runs the worker must stay bounded:
// sampled every second during the 30 s, the median RSS of the last third may be at most 1.5 × the median
// of the first third + 32 MiB. wrangler's own dev front proxy (a second workerd, absent in production,
// which buffers DevTools events) is reported, not judged. The figures go to .bench-results/load.md.
import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newClientToken, proxyClients } from "../src/client-tokens.js";
import { type EmulatorProcess, startEmulatorProcess } from "../src/emulator-process.js";
import { type LoadOperation, type LoadReport, runLoad } from "../src/load-generator.js";
import { type GrowthVerdict, judgeGrowth, sampleMemory } from "../src/memory-sampler.js";
import { benchResultsDir } from "../src/paths.js";
import { type ProxyProcess, startProxyProcess } from "../src/proxy-process.js";

const CONNECTIONS = 64;
const DURATION_MS = 30_000;
const WARMUP_MS = 10_000;
const RSS_SLACK_MIB = 32;
const SEEDED_RUNS = 32;

let emulator: EmulatorProcess | undefined;
let proxy: ProxyProcess | undefined;
const token = newClientToken("load");

beforeAll(async () => {
  emulator = await startEmulatorProcess({
    apiKey: `sk_test_load_${randomBytes(12).toString("hex")}`,
    latency: "instant",
  });
  proxy = await startProxyProcess({
    upstreamUrl: emulator.url,
    upstreamKey: emulator.apiKey,
    clients: proxyClients([
      {
        token,
        client: {
          tenant: "load",
          tags: ["load"],
          scopes: ["runs:create", "runs:read"],
          processors: ["dp_invoice_extractor"],
        },
      },
    ]),
    // The load comes from one tenant: the per-tenant limit is not what is measured here.
    vars: { RATE_LIMIT_PER_MINUTE: "0" },
  });
}, 120_000);

afterAll(async () => {
  await proxy?.stop();
  await emulator?.stop();
}, 60_000);

const auth = { authorization: `Bearer ${token}` };
const createBody = (n: number) =>
  JSON.stringify({
    processorId: "dp_invoice_extractor",
    rawText: `Invoice Number: LOAD-${n}\nTotal: ${n}.00`,
  });

async function seedRuns(): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < SEEDED_RUNS; i++) {
    const response = await fetch(`${proxy!.url}/processor_runs`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: createBody(i),
    });
    expect(response.status).toBe(200);
    ids.push(((await response.json()) as { processorRun: { id: string } }).processorRun.id);
  }
  for (const id of ids) {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const response = await fetch(`${proxy!.url}/processor_runs/${id}`, {
        headers: { ...auth, "cache-control": "no-cache" },
      });
      const run = ((await response.json()) as { processorRun: { status: string } }).processorRun;
      if (run.status === "PROCESSED") break;
      if (Date.now() > deadline) throw new Error(`seed run ${id} did not finish`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // The no-cache read above refreshed the cache with the finished run; the next read must be a HIT.
    const cached = await fetch(`${proxy!.url}/processor_runs/${id}`, { headers: auth });
    expect(cached.headers.get("x-extendkit-cache")).toBe("HIT");
    await cached.text();
  }
  return ids;
}

function operations(ids: string[]): LoadOperation[] {
  const pick = (random: () => number) => ids[Math.floor(random() * ids.length)]!;
  const readOk = (cache: string) => (status: number, headers: Record<string, unknown>, body: string) => {
    if (status !== 200) return `HTTP ${status}: ${body.slice(0, 120)}`;
    if (headers["x-extendkit-cache"] !== cache)
      return `x-extendkit-cache ${String(headers["x-extendkit-cache"])}, expected ${cache}`;
    return body.includes('"PROCESSED"') ? undefined : "run is not PROCESSED";
  };
  let creates = 0;
  return [
    {
      name: "cached GET (HIT)",
      weight: 70,
      build: (random) => ({ method: "GET", path: `/processor_runs/${pick(random)}`, headers: auth }),
      verify: readOk("HIT"),
    },
    {
      name: "uncached GET (no-cache → BYPASS)",
      weight: 20,
      build: (random) => ({
        method: "GET",
        path: `/processor_runs/${pick(random)}`,
        headers: { ...auth, "cache-control": "no-cache" },
      }),
      verify: readOk("BYPASS"),
    },
    {
      name: "create (POST /processor_runs)",
      weight: 10,
      build: () => ({
        method: "POST",
        path: "/processor_runs",
        headers: { ...auth, "content-type": "application/json" },
        body: createBody(1000 + creates++),
      }),
      verify: (status, _headers, body) =>
        status === 200 && body.includes('"dpr_') ? undefined : `HTTP ${status}: ${body.slice(0, 120)}`,
    },
  ];
}

function ms(value: number): string {
  return value.toFixed(1);
}

interface MemoryFigures {
  worker: GrowthVerdict;
  workerSamples: number[];
  devProxy: GrowthVerdict;
}

function fragment(warmup: LoadReport, report: LoadReport, memory: MemoryFigures): string {
  const rows = report.operations.map(
    (op) => `| ${op.name} | ${op.requests} | ${op.errors} | ${ms(op.p50)} | ${ms(op.p90)} | ${ms(op.p99)} |`,
  );
  const { worker, devProxy } = memory;
  return [
    "## Proxy under load (wrangler dev, 64 connections, 30 s)",
    "",
    "Method: `pnpm test:reliability` (tooling/e2e/reliability/proxy-load.test.ts) starts the emulator CLI",
    "(latency `instant`) and the proxy with `wrangler dev` (the Cloudflare entry in workerd, rate limit off),",
    `seeds ${SEEDED_RUNS} finished runs, warms up for ${WARMUP_MS / 1000} s and then drives ${CONNECTIONS} concurrent keep-alive`,
    "connections from a node:http load generator on 127.0.0.1 for 30 s, each sending one request at a time:",
    "70% cached reads (HIT), 20% reads with `Cache-Control: no-cache` (BYPASS: a round trip to the emulator)",
    "and 10% creates. Latency is per request, end to end from the client, in milliseconds; the generator",
    "shares the machine's cores with wrangler, workerd and the emulator, so the figures are a floor, not a",
    "capacity.",
    "",
    `- Requests: ${report.requests} in ${(report.durationMs / 1000).toFixed(1)} s = **${report.requestsPerSecond.toFixed(0)} requests/s**` +
      ` over ${report.socketsOpened} connections (warm-up: ${warmup.requests} requests, ${warmup.errors} errors)`,
    `- Latency (all): p50 ${ms(report.p50)} ms, p90 ${ms(report.p90)} ms, p99 ${ms(report.p99)} ms`,
    `- Errors: ${report.errors} (target 0: ${report.errors === 0 && warmup.errors === 0 ? "met" : "NOT met"})`,
    "",
    "| operation | requests | errors | p50 ms | p90 ms | p99 ms |",
    "| --- | ---: | ---: | ---: | ---: | ---: |",
    ...rows,
    "",
    "Memory:",
    "",
    `- VmRSS of the workerd process that runs the worker, every second (${memory.workerSamples.length} samples): median of`,
    `  the first third ${worker.firstThirdMiB.toFixed(1)} MiB, of the last third ${worker.lastThirdMiB.toFixed(1)} MiB; rule ≤ 1.5 × first +`,
    `  ${RSS_SLACK_MIB} MiB = ${worker.limitMiB.toFixed(1)} MiB: ${worker.bounded ? "bounded (met)" : "GROWING (not met)"}.`,
    `- For reference (not judged): wrangler's own dev front proxy, a second workerd that does not exist in`,
    `  production, went from ${devProxy.firstThirdMiB.toFixed(1)} to ${devProxy.lastThirdMiB.toFixed(1)} MiB (medians of the first and last third).`,
    "",
  ].join("\n");
}

describe("the proxy under load", () => {
  it("serves 64 keep-alive connections for 30 s with zero errors and bounded memory", async () => {
    const started = Date.now();
    const step = (what: string) =>
      console.log(`load: ${what} at ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const ids = await seedRuns();
    step("seeded");
    const workerPid = proxy!.workerPid();
    const devProxyPid = proxy!.workerdPids().find((pid) => pid !== workerPid);
    expect(workerPid, "the workerd that runs the worker").toBeDefined();
    expect(devProxyPid, "wrangler's dev proxy workerd").toBeDefined();
    const load = (durationMs: number, seed: number) =>
      runLoad({ port: proxy!.port, connections: CONNECTIONS, durationMs, operations: operations(ids), seed });

    // Warm-up: JIT, heap sizing and connection set-up happen here, not in the measured window.
    const warmup = await load(WARMUP_MS, 7);
    step("warmed up");
    const workerSampler = sampleMemory(() => [workerPid!]);
    const devProxySampler = sampleMemory(() => [devProxyPid!]);
    const report = await load(DURATION_MS, 42);
    const workerSamples = workerSampler.stop();
    const devProxySamples = devProxySampler.stop();
    step("load done");
    const memory: MemoryFigures = {
      worker: judgeGrowth(workerSamples, 1.5, RSS_SLACK_MIB),
      workerSamples,
      devProxy: judgeGrowth(devProxySamples, 1.5, RSS_SLACK_MIB),
    };
    const text = fragment(warmup, report, memory);
    mkdirSync(benchResultsDir, { recursive: true });
    writeFileSync(join(benchResultsDir, "load.md"), text);
    console.log(text);
    console.log(`worker RSS samples (MiB): ${workerSamples.map((v) => v.toFixed(0)).join(" ")}`);
    console.log(`dev proxy RSS samples (MiB): ${devProxySamples.map((v) => v.toFixed(0)).join(" ")}`);

    expect(warmup.sampleErrors).toEqual([]);
    expect(report.sampleErrors).toEqual([]);
    expect(report.errors).toBe(0);
    expect(report.requests).toBeGreaterThan(CONNECTIONS);
    expect(report.operations.every((op) => op.requests > 0)).toBe(true);
    expect(workerSamples.length).toBeGreaterThanOrEqual(20);
    expect(
      memory.worker.bounded,
      `worker RSS ${memory.worker.firstThirdMiB} → ${memory.worker.lastThirdMiB} MiB`,
    ).toBe(true);
  }, 150_000);
});
