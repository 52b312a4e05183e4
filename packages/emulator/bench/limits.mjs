// The plan limits' cost on the hot path: create and list throughput of an emulator with `limits: "payg"`
// against one with `limits: "off"`, measured side by side (interleaved rounds in one process). The PAYG
// buckets are kept far from empty honestly: the plan is exactly PAYG (10 req/s per category, 80 files/min),
// but requests rotate over many API keys, so no key's bucket or files/min window ever runs out and every
// request pays the full check (bucket lookup, refill, take, counters, files window, queue pump) without
// being refused. The run asserts that nothing was refused or queued, so the comparison stays honest.
// Writes .bench-results/emulator-limits.md. Run after `pnpm build`.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { EmulatorAdmin } from "../dist/admin/index.js";
import { createEmulator, seedProcessorRuns } from "../dist/index.js";

const here = dirname(fileURLToPath(import.meta.url));
const KEYS = Array.from({ length: 4_000 }, (_, i) => `sk_test_bench_${i}`);
const SAMPLES = 6_000;
const WARMUP = 500;
const TARGET = 0.05;
const CREATE_BODY = JSON.stringify({
  processorId: "dp_invoice_extractor",
  rawText: "Invoice Number: B-1\nTotal: 10.00",
});

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function headersFor(setup) {
  const key = KEYS[setup.next++ % KEYS.length];
  return { authorization: `Bearer ${key}`, "x-extend-api-version": "2025-04-21" };
}

/** Milliseconds for one request through the emulator's fetch handler, body read included. */
async function timed(setup, request) {
  const started = performance.now();
  const response = await setup.emulator.fetch(request);
  await response.arrayBuffer();
  const elapsed = performance.now() - started;
  if (response.status !== 200)
    throw new Error(`${setup.name}: ${request.method} ${request.url} -> ${response.status}`);
  return elapsed;
}

function createRequest(setup) {
  const headers = { ...headersFor(setup), "content-type": "application/json" };
  return new Request("http://bench.local/processor_runs", { method: "POST", headers, body: CREATE_BODY });
}

function listRequest(setup) {
  return new Request("http://bench.local/processor_runs?maxPageSize=10", { headers: headersFor(setup) });
}

function makeSetup(name, limits) {
  const emulator = createEmulator({ latency: "instant", apiKeys: KEYS, limits });
  seedProcessorRuns(emulator, 1_000, { fileName: (i) => `invoice-${i}.pdf` });
  return { name, emulator, next: 0, creates: [], lists: [] };
}

const off = makeSetup("off", "off");
const payg = makeSetup("payg", "payg");
const setups = [off, payg];
// Interleaved request by request (the first contender alternates), so load from other processes on the
// machine and garbage collection fall on both alike. Every 50 samples the event loop turns, so runs
// finish and free their processing slots as they would under a real client.
for (let i = 0; i < WARMUP + SAMPLES; i++) {
  const order = i % 2 === 0 ? [off, payg] : [payg, off];
  for (const setup of order) {
    const create = await timed(setup, createRequest(setup));
    const list = await timed(setup, listRequest(setup));
    if (i < WARMUP) continue;
    setup.creates.push(create);
    setup.lists.push(list);
  }
  if (i % 50 === 49) await new Promise((resolve) => setTimeout(resolve, 0));
}

const limitsView = await new EmulatorAdmin("http://bench.local", { fetch: payg.emulator.fetch }).limits();
const refused = Object.values(limitsView.counts).reduce((sum, c) => sum + c.refused, 0);
const answered = Object.values(limitsView.counts).reduce((sum, c) => sum + c.answered, 0);
// Round-robin over the keys: no key saw more than this many creates, far below 80 files/min, so no run
// ever waited for the files/min budget (runs wait only for processing slots, as they do with limits off).
const createsPerKey = Math.ceil(limitsView.counts.run.answered / KEYS.length);
const mostUsed = Math.max(...limitsView.keys.map((key) => key.files.used));
if (limitsView.plan !== "payg" || refused !== 0 || limitsView.filesRefused !== 0 || createsPerKey >= 80) {
  throw new Error(
    `PAYG contender was limited (refused ${refused}, creates per key ${createsPerKey}); unfair comparison`,
  );
}
const minTokens = Math.min(
  ...limitsView.keys.flatMap((key) => Object.values(key.buckets).map((b) => b.tokens)),
);
for (const setup of setups) await setup.emulator.close();

/** Throughput is 1000 / median latency; the ratio compares PAYG's throughput with off's. */
const result = (name, offTimes, paygTimes) => {
  const offMs = median(offTimes);
  const paygMs = median(paygTimes);
  const ratio = offMs / paygMs;
  return { name, offMs, paygMs, off: 1000 / offMs, payg: 1000 / paygMs, ratio, met: ratio >= 1 - TARGET };
};
const rows = [
  result("create (`POST /processor_runs`, rawText)", off.creates, payg.creates),
  result("list (`GET /processor_runs`, page of 10)", off.lists, payg.lists),
];
for (const row of rows) {
  console.log(
    `${row.name}: off ${row.off.toFixed(0)}/s, payg ${row.payg.toFixed(0)}/s, payg/off ${row.ratio.toFixed(3)} -> ${row.met ? "met" : "NOT met"}`,
  );
}
const fmt = (n) => Math.round(n).toLocaleString("en-US");
const markdown = `## @extendkit/emulator: cost of plan limits on the hot path

Method: \`node bench/limits.mjs\` on Node ${process.version}. Two in-process emulators side by side, one with
\`limits: "off"\` and one with \`limits: "payg"\` (the real PAYG plan: 10 req/s per category per API key, 80
files/min), both with the same ${KEYS.length.toLocaleString("en-US")} API keys and 1,000 seeded runs. Requests go through the full fetch
pipeline (routing, auth, limits, journal, JSON) and rotate over the keys, so every PAYG request pays the whole check
(bucket lookup, refill, take, counters; for creates also the files/min window and the queue pump) while no bucket
runs empty: the run checks that PAYG refused nothing (${fmt(answered)} requests answered, fewest tokens left in any
bucket ${minTokens}) and that no key came near its files/min budget (at most ${createsPerKey} creates per key; most starts
in one key's window ${mostUsed} of 80), so no run waited for the budget. Requests are interleaved one by one (a create
and a list page on one contender, then on the other; the first contender alternates), ${SAMPLES.toLocaleString("en-US")} samples of each
request per contender after ${WARMUP} warm-up rounds. Each figure is the median latency of one sequential request; throughput
is 1000 / median; the ratio is PAYG throughput / off throughput.

| request | off, median ms | payg, median ms | off, req/s | payg, req/s | payg / off |
|---|---:|---:|---:|---:|---:|
${rows.map((r) => `| ${r.name} | ${r.offMs.toFixed(4)} | ${r.paygMs.toFixed(4)} | ${fmt(r.off)} | ${fmt(r.payg)} | ${r.ratio.toFixed(3)} |`).join("\n")}

- Target: PAYG throughput within ${TARGET * 100}% of off (ratio ≥ ${(1 - TARGET).toFixed(2)}): **${rows.every((r) => r.met) ? "met" : "not met"}**${
  rows.every((r) => r.met)
    ? ""
    : ` (${rows
        .filter((r) => !r.met)
        .map((r) => r.name)
        .join(", ")})`
}.
`;
const out = join(here, "..", ".bench-results");
mkdirSync(out, { recursive: true });
writeFileSync(join(out, "emulator-limits.md"), markdown);
console.log(`wrote ${join(out, "emulator-limits.md")}`);
