// List-page cost at 1k / 10k / 100k stored runs (must stay flat: 100k within 2x of 1k) and creates per
// second, all in process through the emulator's full fetch pipeline (routing, auth, journal).
// Writes .bench-results/emulator.md. Run after `pnpm build`.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createEmulator, seedProcessorRuns } from "../dist/index.js";

const here = dirname(fileURLToPath(import.meta.url));
const AUTH = { authorization: "Bearer sk_test_emulator", "x-extend-api-version": "2025-04-21" };
const SIZES = [1_000, 10_000, 100_000];
const SAMPLES = 300;
const TARGET_RATIO = 2;

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function get(emulator, path) {
  const response = await emulator.fetch(new Request(`http://bench.local${path}`, { headers: AUTH }));
  const body = await response.json();
  if (response.status !== 200) throw new Error(`${path}: ${response.status} ${JSON.stringify(body)}`);
  return body;
}

/** A nextPageToken pointing at the middle of the runs (createdAt asc), reached with big pages. */
async function middleToken(emulator, size) {
  const pageSize = Math.min(1000, size / 2);
  let token = null;
  for (let seen = 0; seen < size / 2; seen += pageSize) {
    const suffix = token ? `&nextPageToken=${encodeURIComponent(token)}` : "";
    const query = `sortBy=createdAt&sortDir=asc&maxPageSize=${pageSize}${suffix}`;
    token = (await get(emulator, `/processor_runs?${query}`)).nextPageToken;
  }
  return token;
}

function timePage(emulator, path) {
  const started = performance.now();
  return get(emulator, path).then((body) => {
    const elapsed = performance.now() - started;
    if (body.processorRuns.length !== 10)
      throw new Error(`expected a page of 10, got ${body.processorRuns.length}`);
    return elapsed;
  });
}

// Build every size first, then sample them round-robin so JIT warm-up and GC affect all sizes alike.
const setups = [];
for (const size of SIZES) {
  const emulator = createEmulator({ latency: "instant", limits: "off" });
  seedProcessorRuns(emulator, size, { fileName: (i) => `invoice-${i}.pdf` });
  const token = encodeURIComponent(await middleToken(emulator, size));
  setups.push({
    size,
    emulator,
    firstPaths: ["/processor_runs", "/processor_runs?sortBy=createdAt&sortDir=asc"],
    middlePath: `/processor_runs?sortBy=createdAt&sortDir=asc&nextPageToken=${token}`,
    first: [],
    middle: [],
  });
}
for (let i = 0; i < 50 + SAMPLES; i++) {
  for (const setup of setups) {
    const first = await timePage(setup.emulator, setup.firstPaths[i % 2]);
    const middle = await timePage(setup.emulator, setup.middlePath);
    if (i < 50) continue; // warm-up
    setup.first.push(first);
    setup.middle.push(middle);
  }
}
const rows = [];
for (const setup of setups) {
  const row = { size: setup.size, first: median(setup.first), middle: median(setup.middle) };
  rows.push(row);
  await setup.emulator.close();
  console.log(
    `${row.size} runs: first page ${row.first.toFixed(3)} ms, middle page ${row.middle.toFixed(3)} ms`,
  );
}

async function createsPerSecond(count) {
  const emulator = createEmulator({ latency: "instant", limits: "off" });
  const body = JSON.stringify({
    processorId: "dp_invoice_extractor",
    rawText: "Invoice Number: B-1\nTotal: 10.00",
  });
  const headers = { ...AUTH, "content-type": "application/json" };
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const response = await emulator.fetch(
      new Request("http://bench.local/processor_runs", { method: "POST", headers, body }),
    );
    if (response.status !== 200) throw new Error(`create ${i}: ${response.status}`);
    await response.arrayBuffer();
  }
  const seconds = (performance.now() - started) / 1000;
  await emulator.close();
  return count / seconds;
}

await createsPerSecond(200); // warm-up
const creates = await createsPerSecond(5_000);
console.log(`creates: ${creates.toFixed(0)} per second (sequential, in process)`);

const base = rows[0];
const last = rows[rows.length - 1];
const firstRatio = last.first / base.first;
const middleRatio = last.middle / base.middle;
const met = firstRatio <= TARGET_RATIO && middleRatio <= TARGET_RATIO;
console.log(
  `ratio 100k/1k: first page ${firstRatio.toFixed(2)}x, middle page ${middleRatio.toFixed(2)}x -> ${met ? "met" : "NOT met"}`,
);

const table = rows
  .map(
    (row) => `| ${row.size.toLocaleString("en-US")} | ${row.first.toFixed(3)} | ${row.middle.toFixed(3)} |`,
  )
  .join("\n");
const markdown = `## @extendkit/emulator: list page cost and create throughput

Method: \`node bench/run.mjs\` on Node ${process.version}. For each size, runs are inserted directly into a fresh
in-process emulator (\`seedProcessorRuns\`, no HTTP), then \`GET /processor_runs\` pages of 10 are requested through
the full fetch pipeline (routing, auth, journal, JSON). "First page" alternates the default sort (updatedAt desc) and
createdAt asc; "middle page" follows a nextPageToken positioned at the middle of the runs. Each figure is the median of
${SAMPLES} requests after 50 warm-up requests; the sizes are sampled round-robin in the same process so warm-up
and garbage collection affect them alike. Creates: 5,000 sequential \`POST /processor_runs\` (rawText, instant
latency) in process.

| stored runs | first page, median ms | middle page, median ms |
|---:|---:|---:|
${table}

- Ratio 100k / 1k: first page **${firstRatio.toFixed(2)}×**, middle page **${middleRatio.toFixed(2)}×** (target ≤ ${TARGET_RATIO}×): **${met ? "met" : "not met"}**.
- Creates: **${Math.round(creates).toLocaleString("en-US")} per second** (sequential, in process, each run processed on the next tick).
`;
const out = join(here, "..", ".bench-results");
mkdirSync(out, { recursive: true });
writeFileSync(join(out, "emulator.md"), markdown);
console.log(`wrote ${join(out, "emulator.md")}`);
