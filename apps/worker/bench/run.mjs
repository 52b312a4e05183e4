// `pnpm bench`: the proxy under `wrangler dev` in front of the emulator CLI with a fault rule adding
// 100 ms to every API request. Measures (1) median latency of cache HITs against MISSes and (2) HIT
// throughput against a constant-response Worker under the same wrangler dev and the same load
// generator. Writes .bench-results/worker.md.
import { mkdirSync, writeFileSync } from "node:fs";
import http from "node:http";
import { join } from "node:path";
import {
  proxyClients,
  startEmulatorProcess,
  startProxyServer,
  startWranglerDev,
  WORKER_DIR,
} from "@extendkit/testing";
import { get, median, throughput } from "./load.mjs";

const API_KEY = "sk_bench_proxy_key";
const TOKEN = "tok_bench_client";
const RUNS = 25;
const HIT_SAMPLES = 200;
const CONCURRENCY = 16;
const DURATION_MS = 2_000;
const ROUNDS = 8;
const DELAY_MS = 100;

const clients = await proxyClients([
  {
    token: TOKEN,
    client: { tenant: "bench", tags: [], scopes: ["runs:create", "runs:read"], processors: ["*"] },
  },
]);

const stops = [];
async function main() {
  const emulator = await startEmulatorProcess({ apiKey: API_KEY, latency: "instant" });
  stops.push(emulator.stop);
  const proxyOptions = {
    upstreamUrl: emulator.url,
    upstreamKey: API_KEY,
    clients,
    // The emulator here enforces no plan and the runs are created all at once: no upstream governor.
    vars: { RATE_LIMIT_PER_MINUTE: "0", CACHE_TTL_SECONDS: "3600", UPSTREAM_LIMITS: "off" },
    timeoutMs: 90_000,
  };
  const proxy = await startProxyServer(proxyOptions);
  stops.push(proxy.stop);
  // The same proxy logging one line per HIT instead of a per-minute summary (LOG_CACHE_HITS=each).
  const proxyEach = await startProxyServer({
    ...proxyOptions,
    vars: { ...proxyOptions.vars, LOG_CACHE_HITS: "each" },
  });
  stops.push(proxyEach.stop);
  const constantConfig = join(WORKER_DIR, "bench", "constant.wrangler.jsonc");
  const constant = await startWranglerDev({ config: constantConfig });
  stops.push(constant.stop);
  const constantLogging = await startWranglerDev({ config: constantConfig, vars: { LOG_EACH_REQUEST: "1" } });
  stops.push(constantLogging.stop);

  const auth = { authorization: `Bearer ${TOKEN}` };
  await emulator.admin.addFaults({ delayMs: DELAY_MS });

  // Terminal runs to read: each id's first GET is a MISS (upstream + 100 ms), later GETs are HITs.
  const ids = await Promise.all(
    Array.from({ length: RUNS }, async (_, i) => {
      const response = await fetch(`${proxy.url}/processor_runs`, {
        method: "POST",
        headers: { ...auth, "content-type": "application/json" },
        body: JSON.stringify({ processorId: "dp_invoice_extractor", rawText: `Invoice ${i} total ${i} USD` }),
      });
      const body = await response.json();
      if (!response.ok) throw new Error(`create failed: ${JSON.stringify(body)}`);
      return body.processorRun.id;
    }),
  );
  for (const id of ids) {
    for (;;) {
      const response = await fetch(`${emulator.url}/processor_runs/${id}`, {
        headers: { authorization: `Bearer ${API_KEY}`, "x-extend-api-version": "2025-04-21" },
      });
      const { processorRun } = await response.json();
      if (["PROCESSED", "FAILED", "CANCELLED"].includes(processorRun.status)) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const miss = [];
  for (const id of ids) {
    const [status, headers, ms] = await get(agent, `${proxy.url}/processor_runs/${id}`, auth);
    if (status !== 200 || headers["x-extendkit-cache"] !== "MISS")
      throw new Error(`expected MISS, got ${status}`);
    miss.push(ms);
  }
  const hit = [];
  for (let i = 0; i < HIT_SAMPLES; i++) {
    const id = ids[i % ids.length];
    const [status, headers, ms] = await get(agent, `${proxy.url}/processor_runs/${id}`, auth);
    if (status !== 200 || headers["x-extendkit-cache"] !== "HIT")
      throw new Error(`expected HIT, got ${status}`);
    hit.push(ms);
  }
  agent.destroy();

  // Throughput in short rounds rotating the order of the targets, so all see the same machine
  // conditions (the machine may be shared); ratios are medians of the per-round ratios.
  const hitPath = `/processor_runs/${ids[0]}`;
  const hitUrl = `${proxy.url}${hitPath}`;
  // The other proxy has its own state (ownership records, Durable Objects) and cache: it reads a run it
  // created itself, so its HIT path is the same as the first proxy's.
  const eachCreated = await fetch(`${proxyEach.url}/processor_runs`, {
    method: "POST",
    headers: { ...auth, "content-type": "application/json" },
    body: JSON.stringify({ processorId: "dp_invoice_extractor", rawText: "Invoice 0 total 0 USD" }),
  });
  const eachId = (await eachCreated.json()).processorRun.id;
  for (;;) {
    const response = await fetch(`${emulator.url}/processor_runs/${eachId}`, {
      headers: { authorization: `Bearer ${API_KEY}`, "x-extend-api-version": "2025-04-21" },
    });
    const { processorRun } = await response.json();
    if (["PROCESSED", "FAILED", "CANCELLED"].includes(processorRun.status)) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const eachPath = `/processor_runs/${eachId}`;
  for (let i = 0; i < 2; i++) await get(new http.Agent(), `${proxyEach.url}${eachPath}`, auth);
  const [eachStatus, eachHeaders] = await get(new http.Agent(), `${proxyEach.url}${eachPath}`, auth);
  if (eachStatus !== 200 || eachHeaders["x-extendkit-cache"] !== "HIT")
    throw new Error("each-HIT proxy: no HIT");
  const targets = {
    proxy: () => throughput(hitUrl, auth, { concurrency: CONCURRENCY, durationMs: DURATION_MS }),
    proxyEach: () =>
      throughput(`${proxyEach.url}${eachPath}`, auth, { concurrency: CONCURRENCY, durationMs: DURATION_MS }),
    constant: () => throughput(constant.url, {}, { concurrency: CONCURRENCY, durationMs: DURATION_MS }),
    constantLogging: () =>
      throughput(constantLogging.url, {}, { concurrency: CONCURRENCY, durationMs: DURATION_MS }),
  };
  for (const run of Object.values(targets)) await run(); // warm-up
  const rps = { proxy: [], proxyEach: [], constant: [], constantLogging: [] };
  const ratios = [];
  const eachRatios = [];
  const loggingRatios = [];
  let errors = 0;
  const names = Object.keys(targets);
  for (let round = 0; round < ROUNDS; round++) {
    const result = {};
    for (let k = 0; k < names.length; k++) {
      const name = names[(round + k) % names.length];
      result[name] = await targets[name]();
      errors += result[name].errors;
      rps[name].push(result[name].rps);
    }
    ratios.push(result.constant.rps / result.proxy.rps);
    eachRatios.push(result.constant.rps / result.proxyEach.rps);
    loggingRatios.push(result.constantLogging.rps / result.proxyEach.rps);
  }

  const missMedian = median(miss);
  const hitMedian = median(hit);
  const latencyRatio = missMedian / hitMedian;
  const throughputRatio = median(ratios);
  const eachRatio = median(eachRatios);
  const loggingRatio = median(loggingRatios);
  const list = (values) => values.map((r) => fmt(r, 0)).join(", ");
  const fmt = (n, d = 1) => n.toFixed(d);
  const markdown = `## Worker proxy: cache HIT vs MISS, HIT throughput vs a constant Worker

Method: \`wrangler dev\` (workerd, local) runs the proxy's Cloudflare entry (memory tier over the Cache API)
in front of the emulator CLI on 127.0.0.1 with a fault rule adding ${DELAY_MS} ms to every API request
(\`POST /_emulator/faults {"delayMs":${DELAY_MS}}\`). ${RUNS} terminal runs are read once each through the proxy
(MISS: upstream + store) and then ${HIT_SAMPLES} times more (HIT), sequentially over one keep-alive connection,
client-token auth on every request. Throughput: one Node closed-loop load generator (node:http, keep-alive,
${CONCURRENCY} concurrent) against the HIT URL and against a constant-response Worker, each under its own
\`wrangler dev\`, in ${ROUNDS} rounds of ${DURATION_MS / 1000} s rotating the order of the targets; ratios are medians of the
per-round ratios. One machine (${(await import("node:os")).cpus().length} cores, shared with whatever else runs) hosts
everything, so absolute numbers are low and noisy; the ratios are measured side by side in the same run.

| measure | value |
| --- | --- |
| median MISS latency | ${fmt(missMedian)} ms |
| median HIT latency | ${fmt(hitMedian, 2)} ms |
| MISS / HIT | **${fmt(latencyRatio)}×** (target ≥ 20×: ${latencyRatio >= 20 ? "met" : "NOT met"}) |
| HIT throughput, proxy as configured by default (HITs counted into a per-minute summary line, \`LOG_CACHE_HITS=summary\`) | median ${fmt(median(rps.proxy), 0)} req/s (rounds: ${list(rps.proxy)}) |
| constant Worker | median ${fmt(median(rps.constant), 0)} req/s (rounds: ${list(rps.constant)}) |
| **constant / proxy HIT** (median per-round ratio) | **${fmt(throughputRatio, 2)}×** (target ≤ 1.5×: ${throughputRatio <= 1.5 ? "met" : "NOT met"}) |
| diagnostic: proxy with one JSON line per HIT (\`LOG_CACHE_HITS=each\`) | median ${fmt(median(rps.proxyEach), 0)} req/s (rounds: ${list(rps.proxyEach)}) |
| diagnostic: constant / proxy with \`LOG_CACHE_HITS=each\` | ${fmt(eachRatio, 2)}× |
| diagnostic: constant Worker that also logs one line per request | median ${fmt(median(rps.constantLogging), 0)} req/s (rounds: ${list(rps.constantLogging)}) |
| diagnostic: logging constant / proxy with \`LOG_CACHE_HITS=each\` (both log a line per request) | ${fmt(loggingRatio, 2)}× |
| non-200 answers during load | ${errors} |

Under \`wrangler dev\` every \`console.log\` travels from workerd over the inspector protocol to wrangler's Node
process, which competes for the same ${(await import("node:os")).cpus().length} cores; the diagnostic rows show how much of the gap is that log
shipping rather than the proxy's own work (auth, tenant-keyed cache lookup, headers). On deployed Workers the
logs go to Workers Logs instead, which bills per event. That is why HITs (answered from the cache, never
reaching Extend) are counted per tenant and logged once a minute by default, while every MISS, BYPASS, write
and failure keeps its own line.
`;
  mkdirSync(join(WORKER_DIR, ".bench-results"), { recursive: true });
  writeFileSync(join(WORKER_DIR, ".bench-results", "worker.md"), markdown);
  console.log(markdown);
}

try {
  await main();
} finally {
  for (const stop of stops.reverse()) await stop().catch(() => {});
}
