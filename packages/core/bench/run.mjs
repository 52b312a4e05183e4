// `pnpm --filter @extendkit/core bench`: (1) bundle size of a create → get → wait entry, ours against
// extend-ai@0.0.12 and extend-ai@1.17.0 built the same way; (2) per-request overhead of 2,000 sequential
// GETs against a local HTTP server, ours against raw fetch and extend-ai@0.0.12, in interleaved rounds.
// Writes .bench-results/core.md.

import { mkdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const pkg = fileURLToPath(new URL("..", import.meta.url));
const GZIP_TARGET = 5_000;
const OVERHEAD_TARGET = 1.1;
const REQUESTS = 2_000;
const ROUNDS = 10;

// ---------------------------------------------------------------------------------------------- bundle

const OURS = `
import { ExtendClient } from "./dist/index.js";
const client = new ExtendClient({ apiKey: "tok", baseUrl: "http://127.0.0.1:9" });
export async function run() {
  const r = await client.processorRuns.create({ processorId: "dp_x", file: { fileUrl: "https://e/x.pdf" } });
  await client.processorRuns.get(r.id);
  return client.processorRuns.wait(r.id);
}`;

// The official SDK has no wait helper for processor runs, so its entry carries the loop a user writes.
const theirs = (pkgName) => `
import { ExtendClient } from "${pkgName}";
const client = new ExtendClient({ token: "tok", baseUrl: "http://127.0.0.1:9" });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export async function run() {
  const r = await client.processorRun.create({ processorId: "dp_x", file: { fileUrl: "https://e/x.pdf" } });
  let run = (await client.processorRun.get(r.processorRun.id)).processorRun;
  for (let i = 0; !["PROCESSED", "FAILED", "CANCELLED"].includes(run.status); i++) {
    await sleep(Math.min(10000, 1000 * 1.5 ** i));
    run = (await client.processorRun.get(run.id)).processorRun;
  }
  return run;
}`;

const NODE_EXTERNALS = [
  "crypto",
  "fs",
  "stream",
  "node-fetch",
  "form-data",
  "formdata-node",
  "readable-stream",
];
const builds = [
  { who: "@extendkit/core", source: OURS, label: "neutral, no externals", options: { platform: "neutral" } },
  { who: "@extendkit/core", source: OURS, label: "browser", options: { platform: "browser" } },
  {
    who: "extend-ai@0.0.12",
    source: theirs("extend-ai"),
    label: "neutral + main-fields + Node/dep externals",
    options: { platform: "neutral", mainFields: ["module", "main"], external: NODE_EXTERNALS },
  },
  {
    who: "extend-ai@0.0.12",
    source: theirs("extend-ai"),
    label: "browser",
    options: { platform: "browser" },
  },
  {
    who: "extend-ai@1.17.0",
    source: theirs("extend-ai-1"),
    label: "neutral + main-fields + Node/dep externals",
    options: { platform: "neutral", mainFields: ["module", "main"], external: NODE_EXTERNALS },
  },
  {
    who: "extend-ai@1.17.0",
    source: theirs("extend-ai-1"),
    label: "browser + --external:crypto",
    options: { platform: "browser", external: ["crypto"] },
  },
];

async function bundleSize({ source, options }) {
  try {
    const result = await build({
      stdin: { contents: source, resolveDir: pkg, loader: "js", sourcefile: "entry.mjs" },
      bundle: true,
      minify: true,
      format: "esm",
      write: false,
      logLevel: "silent",
      ...options,
    });
    const code = result.outputFiles[0].contents;
    return { bytes: code.length, gzip: gzipSync(code, { level: 9 }).length };
  } catch (error) {
    return { error: String(error.message ?? error).split("\n")[0] };
  }
}

const sizes = [];
for (const b of builds) sizes.push({ ...b, ...(await bundleSize(b)) });

// -------------------------------------------------------------------------------------------- overhead

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
  "@extendkit/core": () => ours.processorRuns.get("dpr_bench"),
  "extend-ai@0.0.12": async () => (await official.processorRun.get("dpr_bench")).processorRun,
};

for (const fn of Object.values(contenders)) {
  const run = await fn();
  if (run?.id !== "dpr_bench") throw new Error("contender returned the wrong data");
}

const perRequest = Object.fromEntries(Object.keys(contenders).map((name) => [name, []]));
const perRound = Object.fromEntries(Object.keys(contenders).map((name) => [name, []]));
const names = Object.keys(contenders);
// Warm-up: JIT and keep-alive connections for everyone.
for (const name of names) for (let i = 0; i < 200; i++) await contenders[name]();
for (let round = 0; round < ROUNDS; round++) {
  // Rotate the order each round so no contender always runs first or last.
  const order = names.map((_, i) => names[(i + round) % names.length]);
  for (const name of order) {
    const fn = contenders[name];
    const started = performance.now();
    for (let i = 0; i < REQUESTS / ROUNDS; i++) {
      const t0 = performance.now();
      await fn();
      perRequest[name].push(performance.now() - t0);
    }
    perRound[name].push((performance.now() - started) / (REQUESTS / ROUNDS));
  }
}
server.close();

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const stats = Object.fromEntries(
  names.map((name) => [name, { request: median(perRequest[name]), round: median(perRound[name]) }]),
);
const raw = stats["raw fetch"];
const ratio = (name) => stats[name].request / raw.request;
const roundRatio = (name) => stats[name].round / raw.round;

// ------------------------------------------------------------------------------------------------ write

const fmt = (n) => n.toLocaleString("en-US");
const oursNeutral = sizes.find((s) => s.who === "@extendkit/core" && s.options.platform === "neutral");
const sizeMet = oursNeutral?.gzip !== undefined && oursNeutral.gzip <= GZIP_TARGET;
const overheadMet = ratio("@extendkit/core") <= OVERHEAD_TARGET;

const lines = [
  "## @extendkit/core",
  "",
  `Measured ${new Date().toISOString().slice(0, 10)} on Node ${process.version} (${process.platform}/${process.arch}), esbuild, in one run of \`bench/run.mjs\`.`,
  "",
  "### Bundle size",
  "",
  "Entry: create a run, get it, wait until it is terminal (the official SDK has no wait helper for processor runs,",
  "so its entry contains the polling loop a user would write). `esbuild --bundle --minify --format=esm`, gzip -9.",
  "",
  "| Package | Build | Minified bytes | Gzip bytes |",
  "|---|---|---:|---:|",
  ...sizes.map((s) =>
    s.error
      ? `| ${s.who} | ${s.label} | fails: ${s.error.replace(/\|/g, "\\|")} | — |`
      : `| ${s.who} | ${s.label} | ${fmt(s.bytes)} | ${fmt(s.gzip)} |`,
  ),
  "",
  `Target: ours ≤ ${fmt(GZIP_TARGET)} bytes gzip (neutral platform, no externals) — **${sizeMet ? "met" : "NOT met"}** (${fmt(oursNeutral?.gzip ?? Number.NaN)} bytes).`,
  "",
  "### Per-request overhead",
  "",
  `${fmt(REQUESTS)} sequential \`GET /processor_runs/{id}\` per contender against a local node:http server returning a fixed run`,
  `(keep-alive, 127.0.0.1), after 200 warm-up requests each, in ${ROUNDS} interleaved rounds of ${REQUESTS / ROUNDS} with a rotating order.`,
  "Raw fetch = `fetch` + `response.json()` with the same headers.",
  "",
  "| Contender | Median per request (µs) | Median round mean (µs) | Ratio to raw fetch (per request) | Ratio (round mean) |",
  "|---|---:|---:|---:|---:|",
  ...names.map(
    (name) =>
      `| ${name} | ${(stats[name].request * 1000).toFixed(0)} | ${(stats[name].round * 1000).toFixed(0)} | ${ratio(name).toFixed(3)}× | ${roundRatio(name).toFixed(3)}× |`,
  ),
  "",
  `Target: ours ≤ ${OVERHEAD_TARGET.toFixed(2)}× raw fetch (median per request) — **${overheadMet ? "met" : "NOT met"}** (${ratio("@extendkit/core").toFixed(3)}×).`,
  "",
];
mkdirSync(join(pkg, ".bench-results"), { recursive: true });
writeFileSync(join(pkg, ".bench-results", "core.md"), lines.join("\n"));
console.log(lines.join("\n"));
