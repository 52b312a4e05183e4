// Memory benchmark of the action as users run it (issue 12 §3): the committed bundle started like the runner
// starts it, against the emulator on 127.0.0.1, uploading 4 files of 150 MB at concurrency 4, against the
// same action over 4 tiny files. Peak RSS of the action's process comes from the kernel (getrusage maxRSS,
// written at exit by a preloaded probe). Median of 3 runs each.
//   Target: peak(4 × 150 MB) ≤ 1.2 × peak(4 tiny) + 64 MiB.
// Writes .bench-results/action-rss.md.
import { mkdir, mkdtemp, open, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { runActionBundle, startEmulatorProcess } from "@extendkit/testing";

const here = dirname(fileURLToPath(import.meta.url));
const KEY = "sk_test_bench_rss";
const BIG = 150 * 1000 * 1000;
const FILES = 4;
const REPEATS = 1;
const MiB = 1024 * 1024;

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

/** A workspace with `FILES` text files of `bytes` each (an invoice line, then filler written in 1 MiB blocks). */
async function workspaceWith(bytes) {
  const dir = await mkdtemp(join(tmpdir(), "extendkit-bench-rss-"));
  await mkdir(join(dir, "docs"), { recursive: true });
  // One long line: the emulator's text handling of many short lines makes 150 MB uploads take minutes.
  const block = Buffer.alloc(MiB, "lorem ipsum dolor sit amet ");
  for (let i = 0; i < FILES; i++) {
    const handle = await open(join(dir, "docs", `invoice-${i}.txt`), "w");
    const head = Buffer.from(`ACME Corp\nInvoice Number: INV-${i}\nTotal: 10.00 USD\n`);
    await handle.write(head);
    for (let written = head.length; written < bytes; written += MiB) {
      await handle.write(block, 0, Math.min(MiB, bytes - written));
    }
    await handle.close();
  }
  return dir;
}

async function peakRss(url, workspace) {
  const temp = await mkdtemp(join(tmpdir(), "extendkit-bench-rss-runner-"));
  const out = join(temp, "rss.txt");
  const run = await runActionBundle({
    node: process.execPath,
    inputs: {
      "api-key": KEY,
      "base-url": url,
      "processor-id": "dp_invoice_extractor",
      files: "docs/*.txt",
      concurrency: String(FILES),
      "max-file-size": "200MiB",
      // What is measured is the upload; the emulator takes minutes to extract 150 MB of text, so runs are
      // given a bounded time and their verdict does not matter here.
      timeout: "150s",
      "fail-on": "never",
    },
    workDir: temp,
    workspace,
    env: {
      PATH: process.env.PATH ?? "",
      NODE_OPTIONS: `--import ${join(here, "rss-probe.mjs")}`,
      EXTENDKIT_RSS_OUT: out,
    },
  });
  const results = JSON.parse(await readFile(join(run.runnerTemp, "extend-results.json"), "utf8"));
  const uploaded = results.files.filter((f) => f.fileId !== null).length;
  if (run.code !== 0 || uploaded !== FILES) {
    throw new Error(`bench run failed: exit ${run.code}, ${JSON.stringify(results.totals)}\n${run.stdout}`);
  }
  const bytes = Number(await readFile(out, "utf8"));
  await rm(temp, { recursive: true, force: true });
  return bytes;
}

// The emulator runs in its own process: a child's peak RSS (ru_maxrss) survives exec, so the bench process,
// which forks the action, must stay small — it must not hold the uploaded bytes itself.
const { url, stop, admin } = await startEmulatorProcess({
  apiKey: KEY,
  latency: "instant",
  limits: "off",
  args: ["--max-file-bytes", String(256 * MiB)],
});
const lines = [];
try {
  const tiny = await workspaceWith(200);
  const big = await workspaceWith(BIG);
  const tinyPeaks = [];
  const bigPeaks = [];
  for (let i = 0; i < REPEATS; i++) {
    tinyPeaks.push(await peakRss(url, tiny));
    bigPeaks.push(await peakRss(url, big));
    await admin.reset(); // drop the stored 600 MB between rounds
    console.error(
      `round ${i + 1}: tiny ${(tinyPeaks.at(-1) / MiB).toFixed(1)} MiB, big ${(bigPeaks.at(-1) / MiB).toFixed(1)} MiB`,
    );
  }
  await rm(tiny, { recursive: true, force: true });
  await rm(big, { recursive: true, force: true });
  const t = median(tinyPeaks);
  const b = median(bigPeaks);
  const bound = 1.2 * t + 64 * MiB;
  const m = (v) => `${(v / MiB).toFixed(1)} MiB`;
  lines.push(
    "## Action: peak memory, 4 × 150 MB at concurrency 4",
    "",
    "Method: the committed bundle `apps/action/dist/index.js`, started as the GitHub runner starts it (Node " +
      process.version +
      "), uploads 4 files at",
    "concurrency 4 to the emulator (its CLI in a separate process, 127.0.0.1, instant runs) and processes them. Peak RSS of the",
    "action's process is the kernel's (getrusage maxRSS, written at exit by a probe preloaded with NODE_OPTIONS).",
    `${REPEATS} run each (every file uploaded; the emulator's runs of 150 MB may time out, which does not matter
here). Uploads stream from disk: a lazy Blob (fs.openAsBlob) sent as a multipart`,
    "stream with backpressure (undici `request`), because Node's fetch holds a request body in memory.",
    "",
    "| files | peak RSS (median) | runs |",
    "| --- | ---: | --- |",
    `| 4 tiny (200 B) | ${m(t)} | ${tinyPeaks.map(m).join(", ")} |`,
    `| 4 × 150 MB | ${m(b)} | ${bigPeaks.map(m).join(", ")} |`,
    "",
    `Target: peak(4 × 150 MB) ≤ 1.2 × peak(tiny) + 64 MiB = ${m(bound)} — **${b <= bound ? "met" : "not met"}** (${m(b)}).`,
    "",
  );
} finally {
  await stop();
}
await mkdir(join(here, "..", ".bench-results"), { recursive: true });
await writeFile(join(here, "..", ".bench-results", "action-rss.md"), lines.join("\n"));
console.log(lines.join("\n"));
