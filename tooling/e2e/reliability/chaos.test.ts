// Chaos: the action's committed bundle over 200 documents while the emulator CLI fails about 20% of
// requests (429 with Retry-After, 500/502/503, dropped connections, malformed JSON, slow answers, some
// after the request was handled). Every document must be in the results file, no document may get two
// runs (checked in the emulator's journal), every reported outcome must match the run the emulator
// actually holds, and the exit code must be what `fail-on` says for those outcomes.
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FaultRule } from "@extendkit/emulator";
import {
  type EmulatorProcess,
  requireNode24,
  runActionBundle,
  startEmulatorProcess,
} from "@extendkit/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GeneratedDocument, generateInvoices } from "../src/documents.js";

const DOCUMENTS = 200;
const FAIL_EVERY = 40;
// Drawn in order, first hit wins: together about 1 - Π(1 - p) ≈ 20% of requests.
const FAULTS: FaultRule[] = [
  { status: 429, retryAfterSeconds: 1, probability: 0.04 },
  { status: 503, retryAfterSeconds: 1, probability: 0.02 },
  { status: 500, probability: 0.02 },
  { status: 502, probability: 0.02 },
  { drop: true, probability: 0.02 },
  { malformed: true, probability: 0.02 },
  { delayMs: 400, probability: 0.03 },
  { status: 500, afterHandling: true, probability: 0.02 },
  { drop: true, afterHandling: true, probability: 0.01 },
  { malformed: true, afterHandling: true, probability: 0.01 },
];

interface FileResult {
  file: string;
  outcome: "processed" | "failed" | "cancelled" | "timed-out" | "error";
  fileId: string | null;
  runId: string | null;
  status: string | null;
  error: { stage: string; message: string; status: number | null; mayHaveCreatedRun: boolean } | null;
}

interface ResultsDocument {
  status: "success" | "failure";
  totals: {
    total: number;
    processed: number;
    failed: number;
    cancelled: number;
    timedOut: number;
    errored: number;
  };
  files: FileResult[];
}

let emulator: EmulatorProcess | undefined;
let workspace = "";
let documents: GeneratedDocument[] = [];

beforeAll(async () => {
  workspace = mkdtempSync(join(tmpdir(), "extendkit-chaos-"));
  documents = generateInvoices(join(workspace, "docs"), DOCUMENTS, FAIL_EVERY);
  emulator = await startEmulatorProcess({
    apiKey: `sk_test_chaos_${randomBytes(12).toString("hex")}`,
    latency: "instant",
    seed: 20_260_422,
  });
}, 60_000);

afterAll(async () => {
  await emulator?.stop();
  if (workspace) rmSync(workspace, { recursive: true, force: true });
}, 30_000);

describe("chaos: the action under injected faults", () => {
  it("accounts for all 200 documents, never creates a run twice and exits as fail-on says", async () => {
    await emulator!.admin.addFaults(FAULTS);
    const resultsPath = join(workspace, "run", "results.json");
    const run = await runActionBundle({
      node: requireNode24(),
      workspace,
      workDir: join(workspace, "run"),
      github: {
        GITHUB_REPOSITORY: "extendkit/e2e",
        GITHUB_RUN_ID: "1",
        GITHUB_WORKFLOW: "e2e",
        GITHUB_SERVER_URL: "https://github.com",
      },
      timeoutMs: 200_000,
      inputs: {
        "results-file": resultsPath,
        "api-key": emulator!.apiKey,
        "base-url": emulator!.url,
        "processor-id": "dp_invoice_extractor",
        files: "docs/*.txt",
        "max-files": "500",
        concurrency: "12",
        timeout: "3m",
      },
    });
    // The truth is read without faults.
    await emulator!.admin.clearFaults();
    const journal = await emulator!.admin.journal();
    const apiRequests = journal.filter((entry) => !entry.path.startsWith("/_emulator"));
    const faulted = apiRequests.filter((entry) => entry.fault !== undefined);
    const kinds = new Set(faulted.map((entry) => entry.fault!.replace(/:\d+/, "")));
    console.log(
      `chaos: ${apiRequests.length} API requests, ${faulted.length} faulted (${((100 * faulted.length) / apiRequests.length).toFixed(1)}%), kinds ${[...kinds].sort().join(", ")}; action ${run.durationMs} ms, exit ${run.code}`,
    );
    // The faults really happened, at about the intended rate and of many kinds.
    expect(faulted.length / apiRequests.length).toBeGreaterThan(0.1);
    expect(faulted.length / apiRequests.length).toBeLessThan(0.35);
    expect(kinds.size).toBeGreaterThanOrEqual(5);

    // Every document is in the results file exactly once.
    const results = JSON.parse(readFileSync(resultsPath, "utf8")) as ResultsDocument;
    expect(results.files.map((f) => f.file).sort()).toEqual(documents.map((d) => `docs/${d.name}`).sort());

    // No document got two runs: every create the emulator handled (even when the reply was then lost)
    // is in the journal with its run id.
    const creates = journal.filter((e) => e.method === "POST" && e.path === "/processor_runs" && e.runId);
    const perFileId = new Map<string, number>();
    const perFileName = new Map<string, number>();
    for (const entry of creates) {
      if (entry.fileId) perFileId.set(entry.fileId, (perFileId.get(entry.fileId) ?? 0) + 1);
      if (entry.fileName) perFileName.set(entry.fileName, (perFileName.get(entry.fileName) ?? 0) + 1);
    }
    expect([...perFileId].filter(([, count]) => count > 1)).toEqual([]);
    expect([...perFileName].filter(([, count]) => count > 1)).toEqual([]);
    expect(creates.length).toBeLessThanOrEqual(DOCUMENTS);

    // Each reported outcome is what the emulator holds for that run, and fits the document.
    const byName = new Map(documents.map((d) => [`docs/${d.name}`, d]));
    const mismatches: string[] = [];
    for (const result of results.files) {
      const document = byName.get(result.file)!;
      const allowed = document.failing ? ["failed", "error"] : ["processed", "error"];
      if (!allowed.includes(result.outcome)) mismatches.push(`${result.file}: ${result.outcome}`);
      if (result.runId === null) {
        if (result.outcome !== "error") mismatches.push(`${result.file}: ${result.outcome} without a run id`);
        continue;
      }
      const upstream = (await (await emulator!.api(`/processor_runs/${result.runId}`)).json()) as {
        processorRun?: { status: string };
      };
      const status = upstream.processorRun?.status;
      const expected = { processed: "PROCESSED", failed: "FAILED" }[result.outcome as string];
      if (expected && status !== expected)
        mismatches.push(`${result.file}: ${result.outcome} but the run is ${status}`);
    }
    expect(mismatches).toEqual([]);
    const errors = results.files.filter((f) => f.outcome === "error");
    const orphans = errors.filter((f) => f.fileId && perFileId.has(f.fileId));
    const causes = new Map<string, number>();
    for (const e of errors) {
      const cause = `${e.error?.stage}: ${e.error?.status ?? (/not JSON/.test(e.error?.message ?? "") ? "malformed" : "no response")}`;
      causes.set(cause, (causes.get(cause) ?? 0) + 1);
    }
    console.log(
      `chaos: ${results.totals.processed} processed, ${results.totals.failed} failed, ${errors.length} errors` +
        ` (${[...causes].map(([cause, n]) => `${n}× ${cause}`).join(", ") || "none"}); runs created but reported as errors: ${orphans.length}`,
    );
    // A 429 (or a 503 with Retry-After) creates nothing and says when to come back: it slows the pool down
    // and never fails a file.
    const throttled = errors.filter((e) => e.error?.status === 429 || e.error?.status === 503);
    expect(throttled.map((e) => `${e.file}: ${e.error?.message}`)).toEqual([]);
    // Polling a run is a GET, always safe to repeat: a transient fault while waiting must not turn a run
    // into an error.
    const waitErrors = errors.filter((e) => e.error?.stage === "wait");
    expect(waitErrors.map((e) => `${e.file}: ${e.error?.message}`)).toEqual([]);

    // The outputs agree with the results file, and the exit code with the default fail-on policy
    // (failed, cancelled, timeout, error).
    const t = results.totals;
    expect(t.total).toBe(DOCUMENTS);
    expect(t.failed).toBe(results.files.filter((f) => f.outcome === "failed").length);
    expect(run.outputs["total"]).toBe(String(DOCUMENTS));
    expect(run.outputs["processed"]).toBe(String(t.processed));
    expect(run.outputs["failed"]).toBe(String(t.failed));
    expect(run.outputs["errored"]).toBe(String(t.errored));
    const shouldFail = t.failed + t.cancelled + t.timedOut + t.errored > 0;
    expect(run.outputs["status"]).toBe(shouldFail ? "failure" : "success");
    expect(run.code).toBe(shouldFail ? 1 : 0);
    // The five `extendkit-fail` documents make the real outcome a failure.
    expect(documents.filter((d) => d.failing)).toHaveLength(DOCUMENTS / FAIL_EVERY);
    expect(run.code).toBe(1);
    // The key never shows up in what the action left behind (apart from the `::add-mask::` command that
    // tells the runner to hide it, which the runner consumes).
    const logs = `${run.stdout}\n${run.stderr}`.replace(/^::add-mask::.*$/gm, "");
    for (const [what, text] of Object.entries({
      logs,
      summary: run.summary,
      results: JSON.stringify(results),
    })) {
      expect(text.includes(emulator!.apiKey), `the key in the ${what}`).toBe(false);
    }
  }, 240_000);
});
