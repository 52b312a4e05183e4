// Per-request overhead, run by bench/run.mjs once per Node version: REQUESTS sequential
// `GET /processor_runs/{id}` per contender against a local node:http server returning a fixed run,
// interleaved request by request with a rotating order. Prints one JSON line with the medians and means.
import { createServer } from "node:http";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const pkg = fileURLToPath(new URL("..", import.meta.url));
const REQUESTS = 2_000;
const WARMUP = 300;

const RUN_JSON = JSON.stringify({
  success: true,
  processorRun: {
    object: "document_processor_run",
    id: "dpr_bench",
    processorId: "dp_x",
    processorVersionId: "dpv_x",
    processorName: "Invoices",
    status: "PROCESSED",
    output: { value: { total: 12.5, vendor: "Acme" }, metadata: {} },
    reviewed: false,
    edited: false,
    edits: {},
    type: "EXTRACT",
    config: { type: "EXTRACT" },
    files: [],
    mergedProcessors: [],
    url: "https://dashboard.extend.ai/runs/dpr_bench",
  },
});

const server = createServer((_req, res) => {
  res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(RUN_JSON) });
  res.end(RUN_JSON);
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const base = `http://127.0.0.1:${server.address().port}`;

const { ExtendClient } = await import(join(pkg, "dist", "index.js"));
const { ExtendClient: OfficialClient } = await import("extend-ai");
const ours = new ExtendClient({ apiKey: "tok", baseUrl: base });
const official = new OfficialClient({ token: "tok", baseUrl: base });
const headers = {
  authorization: "Bearer tok",
  "x-extend-api-version": "2025-04-21",
  accept: "application/json",
};

const contenders = {
  "raw fetch": async () => {
    const response = await fetch(`${base}/processor_runs/dpr_bench`, { headers });
    return (await response.json()).processorRun;
  },
  // What any per-attempt timeout costs by itself: the same raw fetch with an AbortController signal and a
  // 60 s timer, which is the floor for a client that can time an attempt out and cancel it.
  "raw fetch + timeout signal": async () => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 60_000);
    try {
      const response = await fetch(`${base}/processor_runs/dpr_bench`, {
        headers,
        signal: controller.signal,
      });
      return (await response.json()).processorRun;
    } finally {
      clearTimeout(timer);
    }
  },
  "@extendkit/core": () => ours.processorRuns.get("dpr_bench"),
  "extend-ai@0.0.12": async () => (await official.processorRun.get("dpr_bench")).processorRun,
};
const names = Object.keys(contenders);
for (const name of names) {
  const run = await contenders[name]();
  if (run?.id !== "dpr_bench") throw new Error(`${name} returned the wrong data`);
  for (let i = 0; i < WARMUP; i++) await contenders[name]();
}

// Every contender makes request i before any makes request i + 1, in an order that rotates with i: drift in
// the machine's speed (other processes, CPU frequency, GC of the shared server) then reaches all contenders
// alike, and per-request medians compare like with like. Blocks of requests per contender let one slow
// stretch of the machine land on a single contender, which made the ratios swing by several percent.
const perRequest = Object.fromEntries(names.map((name) => [name, []]));
for (let i = 0; i < REQUESTS; i++) {
  for (let k = 0; k < names.length; k++) {
    const name = names[(k + i) % names.length];
    const t0 = performance.now();
    await contenders[name]();
    perRequest[name].push(performance.now() - t0);
  }
}
server.close();

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const mean = (values) => values.reduce((a, b) => a + b, 0) / values.length;
const stats = Object.fromEntries(
  names.map((name) => [name, { requestMs: median(perRequest[name]), meanMs: mean(perRequest[name]) }]),
);
console.log(JSON.stringify({ node: process.version, requests: REQUESTS, warmup: WARMUP, stats }));
