// Benchmark of the action paced under Extend's PAYG limits (issue 12 §4): the committed bundle, as the
// runner starts it, processes 300 documents against the emulator CLI with `--limits payg` and
// `--latency realistic`, once learning run states from the run list (polling: list, the default) and once
// polling every run (polling: per-run), side by side, each against its own emulator at the same time.
// Figures, from the emulator's journal and limit counters:
//   wall time vs the plan's floor (300 / 80 files/min + the median run time; target ≤ 1.10×),
//   share of requests answered 429 (target ≤ 1%), GET requests per run (target ≤ 1.5),
//   the busiest second of GETs (target: no second above the plan's 10 GET/s).
// Writes .bench-results/action-paced.md.
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { runActionBundle, startEmulatorProcess } from "@extendkit/testing";
import { median, workspaceWith } from "./invoice-docs.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const DOCS = Number(process.env.PACED_BENCH_DOCS ?? 300);
const CONCURRENCY = 16;
const PAYG = { getPerSecond: 10, filesPerMinute: 80 };

/** Most GETs that started within one calendar second of the emulator's clock. */
function busiestSecond(entries) {
  const perSecond = new Map();
  for (const entry of entries) {
    const second = Math.floor(Date.parse(entry.at) / 1000);
    perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
  }
  return Math.max(0, ...perSecond.values());
}

async function measure(polling, workspace) {
  const emulator = await startEmulatorProcess({ limits: "payg", latency: "realistic", timeoutMs: 60_000 });
  const temp = await mkdtemp(join(tmpdir(), `extendkit-bench-paced-${polling}-`));
  try {
    const run = await runActionBundle({
      node: process.execPath,
      inputs: {
        "api-key": emulator.apiKey,
        "base-url": emulator.url,
        "processor-id": "dp_invoice_extractor",
        files: "docs/*.txt",
        concurrency: String(CONCURRENCY),
        "max-files": "1000",
        timeout: "30m",
        "rate-limits": "payg",
        polling,
      },
      workDir: temp,
      workspace,
      env: { PATH: process.env.PATH ?? "" },
      timeoutMs: 30 * 60_000,
    });
    const results = JSON.parse(await readFile(join(run.runnerTemp, "extend-results.json"), "utf8"));
    if (run.code !== 0 || results.totals.processed !== results.totals.total) {
      throw new Error(`${polling}: exit ${run.code}, ${JSON.stringify(results.totals)}\n${run.stderr}`);
    }
    const journal = (await emulator.admin.journal()).filter((e) => !e.path.startsWith("/_emulator"));
    const limits = await emulator.admin.limits();
    const gets = journal.filter((e) => e.method === "GET");
    const refused = journal.filter((e) => e.status === 429).length;
    // Run time as Extend reports it: a terminal run's summary was last updated when it finished.
    const listed = await emulator.api(`/processor_runs?processorId=dp_invoice_extractor&maxPageSize=1000`);
    const summaries = (await listed.json()).processorRuns;
    const runMs = summaries.map((r) => Date.parse(r.updatedAt) - Date.parse(r.createdAt));
    return {
      polling,
      wallMs: run.durationMs,
      requests: journal.length,
      refused,
      refusedByLimiter: limits.counts.get.refused + limits.counts.write.refused + limits.counts.run.refused,
      getsPerRun: gets.length / DOCS,
      busiestGetSecond: busiestSecond(gets),
      medianRunMs: median(runMs),
    };
  } finally {
    await emulator.stop();
    await rm(temp, { recursive: true, force: true });
  }
}

const workspace = await workspaceWith(DOCS);
try {
  const [list, perRun] = await Promise.all([measure("list", workspace), measure("per-run", workspace)]);
  // The floor: creates at 80/min, the last one then takes a run's time.
  const floorMs = (DOCS / PAYG.filesPerMinute) * 60_000 + list.medianRunMs;
  const row = (m) =>
    `| ${m.polling} | ${(m.wallMs / 1000).toFixed(1)} s | ${(m.wallMs / floorMs).toFixed(3)}× | ` +
    `${m.refused} of ${m.requests} (${((100 * m.refused) / m.requests).toFixed(2)}%) | ` +
    `${m.getsPerRun.toFixed(2)} | ${m.busiestGetSecond} (limiter refused ${m.refusedByLimiter}) |`;
  const verdict = (ok) => (ok ? "**met**" : "**not met**");
  const ratio = list.wallMs / floorMs;
  const refusedShare = list.refused / list.requests;
  const lines = [
    `## Action paced under PAYG: ${DOCS} documents, run list vs per-run polling`,
    "",
    `Method: the committed bundle \`apps/action/dist/index.js\`, started as the GitHub runner starts it (Node ${process.version}),`,
    `processes ${DOCS} one-page documents at concurrency ${CONCURRENCY} with \`rate-limits: payg\` against the emulator CLI`,
    "(127.0.0.1, `--limits payg --latency realistic`: 10 requests/s per category, 80 files/min, runs of 3–9 s).",
    "Both legs run at the same time, each against its own emulator; `polling: list` (the default) and `polling: per-run`.",
    "Requests, 429s and GET timestamps come from the emulator's journal (the limiter's refusal counters agree);",
    "the run time is the emulator's (updatedAt − createdAt of each run's summary). One run of each leg.",
    `Floor: ${DOCS} / 80 files/min + the median run time ${(list.medianRunMs / 1000).toFixed(1)} s = ${(floorMs / 1000).toFixed(1)} s.`,
    "",
    "| polling | wall | wall / floor | answered 429 | GETs per run | busiest second of GETs |",
    "| --- | ---: | ---: | ---: | ---: | ---: |",
    row(list),
    row(perRun),
    "",
    `Targets (polling: list): wall ≤ 1.10 × floor — ${verdict(ratio <= 1.1)} (${ratio.toFixed(3)}×); ` +
      `429s ≤ 1% of requests — ${verdict(refusedShare <= 0.01)} (${(100 * refusedShare).toFixed(2)}%); ` +
      `GETs per run ≤ 1.5 — ${verdict(list.getsPerRun <= 1.5)} (${list.getsPerRun.toFixed(2)}); ` +
      `no second above 10 GETs — ${verdict(list.busiestGetSecond <= PAYG.getPerSecond)} (${list.busiestGetSecond}).`,
    `Per-run polling makes ${(perRun.getsPerRun / list.getsPerRun).toFixed(1)}× the GETs of the run list.`,
  ];
  const report = `${lines.join("\n")}\n`;
  console.log(report);
  await mkdir(join(here, "..", ".bench-results"), { recursive: true });
  await writeFile(join(here, "..", ".bench-results", "action-paced.md"), report);
} finally {
  await rm(workspace, { recursive: true, force: true });
}
