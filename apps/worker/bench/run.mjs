// `pnpm bench`: the proxy under `wrangler dev` in front of the emulator CLI with a fault rule adding
// 100 ms to every API request. Measures (1) median latency of cache HITs against MISSes and (2) HIT
// throughput against a constant-response Worker under the same wrangler dev and the same load
// generator. Writes .bench-results/worker.md.
import { createHash } from "node:crypto";
import http from "node:http";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startEmulatorCli, startWranglerDev, WORKER_DIR } from "../scripts/processes.mjs";
import { get, median, throughput } from "./load.mjs";

const API_KEY = "sk_bench_proxy_key";
const TOKEN = "tok_bench_client";
const RUNS = 25;
const HIT_SAMPLES = 200;
const CONCURRENCY = 16;
const DURATION_MS = 5_000;
const DELAY_MS = 100;

const clients = {
  [createHash("sha256").update(TOKEN).digest("hex")]: {
    tenant: "bench",
    tags: [],
    scopes: ["runs:create", "runs:read"],
    processors: ["*"],
  },
};

const stops = [];
async function main() {
  const emulator = await startEmulatorCli({ apiKey: API_KEY });
  stops.push(emulator.stop);
  const proxy = await startWranglerDev({
    vars: { EXTEND_BASE_URL: emulator.url, RATE_LIMIT_PER_MINUTE: "0", CACHE_TTL_SECONDS: "3600" },
    secrets: { EXTEND_API_KEY: API_KEY, PROXY_CLIENTS: JSON.stringify(clients) },
  });
  stops.push(proxy.stop);
  const constant = await startWranglerDev({ config: join(WORKER_DIR, "bench", "constant.wrangler.jsonc") });
  stops.push(constant.stop);

  const auth = { authorization: `Bearer ${TOKEN}` };
  const fault = await fetch(`${emulator.url}/_emulator/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ delayMs: DELAY_MS }),
  });
  if (!fault.ok) throw new Error(`fault rule refused: ${fault.status}`);

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
    if (status !== 200 || headers["x-extendkit-cache"] !== "MISS") throw new Error(`expected MISS, got ${status}`);
    miss.push(ms);
  }
  const hit = [];
  for (let i = 0; i < HIT_SAMPLES; i++) {
    const id = ids[i % ids.length];
    const [status, headers, ms] = await get(agent, `${proxy.url}/processor_runs/${id}`, auth);
    if (status !== 200 || headers["x-extendkit-cache"] !== "HIT") throw new Error(`expected HIT, got ${status}`);
    hit.push(ms);
  }
  agent.destroy();

  // Throughput, interleaved so both targets see the same machine conditions; median of 3 rounds each.
  const hitUrl = `${proxy.url}/processor_runs/${ids[0]}`;
  await throughput(hitUrl, auth, { concurrency: CONCURRENCY, durationMs: 1_000 });
  await throughput(constant.url, {}, { concurrency: CONCURRENCY, durationMs: 1_000 });
  const proxyRps = [];
  const constantRps = [];
  let errors = 0;
  for (let round = 0; round < 3; round++) {
    const c = await throughput(constant.url, {}, { concurrency: CONCURRENCY, durationMs: DURATION_MS });
    const p = await throughput(hitUrl, auth, { concurrency: CONCURRENCY, durationMs: DURATION_MS });
    constantRps.push(c.rps);
    proxyRps.push(p.rps);
    errors += c.errors + p.errors;
  }

  const missMedian = median(miss);
  const hitMedian = median(hit);
  const latencyRatio = missMedian / hitMedian;
  const proxyThroughput = median(proxyRps);
  const constantThroughput = median(constantRps);
  const throughputRatio = constantThroughput / proxyThroughput;
  const fmt = (n, d = 1) => n.toFixed(d);
  const markdown = `## Worker proxy: cache HIT vs MISS, HIT throughput vs a constant Worker

Method: \`wrangler dev\` (workerd, local) runs the proxy's Cloudflare entry (Cache API store) in front of the
emulator CLI on 127.0.0.1 with a fault rule adding ${DELAY_MS} ms to every API request
(\`POST /_emulator/faults {"delayMs":${DELAY_MS}}\`). ${RUNS} terminal runs are read once each through the proxy
(MISS: upstream + store) and then ${HIT_SAMPLES} times more (HIT), sequentially over one keep-alive connection,
client token auth on every request. Throughput: a Node closed-loop load generator (node:http, keep-alive,
${CONCURRENCY} concurrent, ${DURATION_MS / 1000} s per run, 3 interleaved rounds, median) against the same HIT URL
and against a constant-response Worker under its own \`wrangler dev\`. One machine (${
    (await import("node:os")).cpus().length
  } cores) runs everything, so absolute numbers are low; the ratios are measured side by side in the same run.

| measure | value |
| --- | --- |
| median MISS latency | ${fmt(missMedian)} ms |
| median HIT latency | ${fmt(hitMedian, 2)} ms |
| MISS / HIT | **${fmt(latencyRatio)}×** (target ≥ 20×: ${latencyRatio >= 20 ? "met" : "NOT met"}) |
| HIT throughput (proxy) | ${fmt(proxyThroughput, 0)} req/s (rounds: ${proxyRps.map((r) => fmt(r, 0)).join(", ")}) |
| constant Worker throughput | ${fmt(constantThroughput, 0)} req/s (rounds: ${constantRps.map((r) => fmt(r, 0)).join(", ")}) |
| constant / proxy HIT | **${fmt(throughputRatio, 2)}×** (target ≤ 1.5×: ${throughputRatio <= 1.5 ? "met" : "NOT met"}) |
| non-200 answers during load | ${errors} |
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
