import { readFile } from "node:fs/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { EngineClient } from "../src/engine/engine-client.js";
import type { WorkspaceFile } from "../src/engine/find-files.js";
import { createRateGate } from "../src/engine/rate-gate.js";
import type { FileResult } from "../src/engine/results.js";
import { type EngineDeps, type EnginePlan, runEngine } from "../src/engine/run-engine.js";
import { FILE_METADATA_KEY, INVOCATION_METADATA_KEY } from "../src/engine/run-metadata.js";
import type { Totals } from "../src/outcomes.js";
import { enginePlan } from "./helpers/engine-plan.js";
import { inProcessEmulator, TEST_KEY } from "./helpers/in-process.js";
import { createWorkspace, invoiceText, type TempWorkspace } from "./helpers/workspace.js";

type Emu = ReturnType<typeof inProcessEmulator>;

function plan(files: WorkspaceFile[], overrides: Partial<EnginePlan> = {}): EnginePlan {
  return enginePlan(files, { metadata: { team: "billing" }, usageTags: ["ci", "gh-run-7"], ...overrides });
}

function deps(client: EngineClient, extra: Partial<EngineDeps> = {}): EngineDeps {
  return { client, readFile: (path) => readFile(path), ...extra };
}

let ws: TempWorkspace;
let emu: Emu;
beforeEach(async () => {
  ws = await createWorkspace();
});
afterEach(async () => {
  await emu?.close();
  await ws.remove();
});

describe("runEngine against the emulator", () => {
  it("uploads, runs by fileId with fileName, waits, and reports everything per file", async () => {
    emu = inProcessEmulator();
    const files = await ws.write({
      "invoices/a.txt": invoiceText("INV-001"),
      "invoices/b.txt": invoiceText("INV-002"),
      "c.txt": invoiceText("INV-003"),
    });
    const client = emu.client();
    const progress: Totals[] = [];
    const outcome = await runEngine(
      plan(files),
      deps(client, { reporter: { fileDone: (_r, totals) => progress.push(totals) } }),
    );

    expect(outcome.stop).toBeUndefined();
    expect(outcome.totals).toEqual({
      total: 3,
      processed: 3,
      failed: 0,
      cancelled: 0,
      timedOut: 0,
      errored: 0,
      mismatched: 0,
      cached: 0,
    });
    expect(outcome.results.map((r) => r.file)).toEqual(["invoices/a.txt", "invoices/b.txt", "c.txt"]);
    for (const result of outcome.results) {
      expect(result).toMatchObject({
        outcome: "processed",
        status: "PROCESSED",
        failureReason: null,
        error: null,
      });
      expect(result.runId).toMatch(/^dpr_/);
      expect(result.fileId).toMatch(/^file_/);
      expect(result.url).toContain(result.runId);
      expect(typeof result.credits).toBe("number");
      expect(result.durationMs).toBeGreaterThanOrEqual(0);
    }
    expect(
      ((outcome.results[0] as FileResult).output as { value: { invoice_number: string } }).value
        .invoice_number,
    ).toBe("INV-001");
    expect(progress.map((t) => t.processed)).toEqual([1, 2, 3]);

    const journal = await emu.journal();
    const creates = journal.filter((e) => e.method === "POST" && e.path === "/processor_runs");
    expect(creates.map((e) => e.fileName).sort()).toEqual(["c.txt", "invoices/a.txt", "invoices/b.txt"]);
    expect(journal.filter((e) => e.path === "/files/upload")).toHaveLength(3);

    const run = await client.processorRuns.get(outcome.results[0]?.runId as string);
    expect(run.metadata).toEqual({
      team: "billing",
      [FILE_METADATA_KEY]: "invoices/a.txt",
      [INVOCATION_METADATA_KEY]: outcome.invocation,
      "extend:usage_tags": ["ci", "gh-run-7"],
    });
  });

  it("reports a FAILED run with its failure reason and message", async () => {
    emu = inProcessEmulator();
    const files = await ws.write({
      "ok.txt": invoiceText("INV-1"),
      "bad.txt": invoiceText("INV-2", "extendkit-fail"),
    });
    const outcome = await runEngine(plan(files), deps(emu.client()));
    const bad = outcome.results.find((r) => r.file === "bad.txt") as FileResult;
    expect(bad).toMatchObject({ outcome: "failed", status: "FAILED", failureReason: "PROCESSING_ERROR" });
    expect(bad.failureMessage).toContain("extendkit-fail");
    expect(bad.runId).toMatch(/^dpr_/);
    expect(outcome.totals).toMatchObject({ processed: 1, failed: 1 });
  });

  it("sends priority and the config override", async () => {
    emu = inProcessEmulator();
    const files = await ws.write({ "a.txt": invoiceText("INV-9") });
    const config = {
      type: "EXTRACT" as const,
      schema: { type: "object", properties: { invoice_number: { type: ["string", "null"] } } },
    };
    const client = emu.client();
    const outcome = await runEngine(plan(files, { priority: 7, config }), deps(client));
    expect(outcome.results[0]?.outcome).toBe("processed");
    const run = await client.processorRuns.get(outcome.results[0]?.runId as string);
    expect(run.config).toMatchObject({ type: "EXTRACT" });
    expect(Object.keys((run.output as { value: object }).value)).toEqual(["invoice_number"]);
  });

  it("never has more than `concurrency` files in flight, and uses all of it", async () => {
    emu = inProcessEmulator({ latency: { minMs: 60, maxMs: 60 } });
    const files = await ws.write(
      Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`f${i}.txt`, invoiceText(`N${i}`)])),
    );
    const real = emu.client();
    let inFlight = 0;
    let peak = 0;
    const counting: EngineClient = {
      files: {
        upload: async (...args) => {
          peak = Math.max(peak, ++inFlight);
          return real.files.upload(...args);
        },
        list: (...args) => real.files.list(...args),
      },
      processorRuns: {
        create: (...args) => real.processorRuns.create(...args),
        list: (...args) => real.processorRuns.list(...args),
        get: (...args) => real.processorRuns.get(...args),
        cancel: (...args) => real.processorRuns.cancel(...args),
        wait: async (...args) => {
          try {
            return await real.processorRuns.wait(...args);
          } finally {
            inFlight--;
          }
        },
      },
    };
    const outcome = await runEngine(
      plan(files, { concurrency: 3, polling: { fastIntervalMs: 10, fastPhaseMs: 5000 } }),
      deps(counting),
    );
    expect(outcome.totals.processed).toBe(10);
    expect(peak).toBe(3);
  });

  it("cancels runs still in flight when the overall timeout passes and reports them timed-out", async () => {
    emu = inProcessEmulator();
    const files = await ws.write({
      "a-stuck.txt": invoiceText("S1", "extendkit-stuck"),
      "b-ok.txt": invoiceText("OK"),
      "c-later.txt": invoiceText("L"),
    });
    const client = emu.client();
    const stops: string[] = [];
    const outcome = await runEngine(
      plan(files, { concurrency: 1, timeoutMs: 400, timeoutLabel: "400ms" }),
      deps(client, { reporter: { stopping: (reason) => stops.push(reason.kind) } }),
    );
    const [stuck, ok, later] = outcome.results as [FileResult, FileResult, FileResult];
    expect(stuck).toMatchObject({ outcome: "timed-out", status: "CANCELLED" });
    expect(stuck.note).toContain("the overall timeout (400ms) passed");
    expect((await client.processorRuns.get(stuck.runId as string)).status).toBe("CANCELLED");
    for (const notStarted of [ok, later]) {
      expect(notStarted).toMatchObject({ outcome: "timed-out", runId: null, fileId: null });
      expect(notStarted.note).toMatch(/^not started: the overall timeout/);
    }
    expect(outcome.stop).toEqual({ kind: "timeout", label: "400ms" });
    expect(stops).toEqual(["timeout"]);
  });

  it("on the runner's cancellation cancels runs in flight and does not start others", async () => {
    emu = inProcessEmulator();
    const files = await ws.write({
      "s1.txt": invoiceText("S1", "extendkit-stuck"),
      "s2.txt": invoiceText("S2", "extendkit-stuck"),
      "s3.txt": invoiceText("S3"),
    });
    const client = emu.client();
    const abort = new AbortController();
    const running = runEngine(plan(files, { concurrency: 2 }), deps(client, { signal: abort.signal }));
    await waitUntil(
      async () =>
        (await emu.journal()).filter((e) => e.path === "/processor_runs" && e.method === "POST").length === 2,
    );
    abort.abort("SIGTERM");
    const outcome = await running;
    expect(outcome.stop).toEqual({ kind: "abort", detail: "SIGTERM" });
    const [s1, s2, s3] = outcome.results as [FileResult, FileResult, FileResult];
    for (const r of [s1, s2]) {
      expect(r).toMatchObject({ outcome: "cancelled", status: "CANCELLED" });
      expect((await client.processorRuns.get(r.runId as string)).status).toBe("CANCELLED");
    }
    expect(s3).toMatchObject({ outcome: "cancelled", runId: null });
    expect(s3.note).toBe("not started: the action was cancelled (SIGTERM)");
  });

  it("leaves runs running on cancellation when cancelOnAbort is false", async () => {
    emu = inProcessEmulator();
    const files = await ws.write({ "s1.txt": invoiceText("S1", "extendkit-stuck") });
    const client = emu.client();
    const abort = new AbortController();
    const running = runEngine(plan(files, { cancelOnAbort: false }), deps(client, { signal: abort.signal }));
    await waitUntil(async () =>
      (await emu.journal()).some((e) => e.method === "POST" && e.path === "/processor_runs"),
    );
    abort.abort("SIGINT");
    const [result] = (await running).results as [FileResult];
    expect(result).toMatchObject({ outcome: "cancelled", status: "PROCESSING" });
    expect(result.note).toContain("left running (cancel-on-abort is false)");
    expect((await client.processorRuns.get(result.runId as string)).status).toBe("PROCESSING");
    expect((await emu.journal()).some((e) => e.path.endsWith("/cancel"))).toBe(false);
  });

  it("stops starting files after a 401 and tells to check the api-key input", async () => {
    emu = inProcessEmulator();
    const files = await ws.write(
      Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`f${i}.txt`, invoiceText(`${i}`)])),
    );
    const outcome = await runEngine(
      plan(files, { concurrency: 1 }),
      deps(emu.client("sk_test_wrong_key_000")),
    );
    expect(outcome.totals.errored).toBe(5);
    expect(outcome.stop?.kind).toBe("fatal");
    const [first, ...rest] = outcome.results as [FileResult, ...FileResult[]];
    expect(first.error).toMatchObject({ stage: "upload", status: 401 });
    expect(first.error?.advice).toContain("check the api-key input");
    for (const r of rest) {
      expect(r.note).toContain("not started");
      expect(r.error?.advice).toContain("check the api-key input");
    }
    expect((await emu.journal()).filter((e) => e.path === "/files/upload")).toHaveLength(1);
    expect(JSON.stringify(outcome)).not.toContain("sk_test_wrong_key_000");
  });

  it("tells to check processor-id when the processor does not exist", async () => {
    emu = inProcessEmulator();
    const files = await ws.write({ "a.txt": invoiceText("1"), "b.txt": invoiceText("2") });
    const outcome = await runEngine(
      plan(files, { processorId: "dp_missing", concurrency: 1 }),
      deps(emu.client()),
    );
    expect(outcome.results[0]?.error).toMatchObject({ stage: "create", status: 404 });
    expect(outcome.results[0]?.error?.advice).toContain("check processor-id");
    expect(outcome.results[1]?.note).toContain("not started");
  });

  it("reports an upload the API rejects, with the reason, and goes on with other files", async () => {
    emu = inProcessEmulator({ maxFileBytes: 200 });
    const files = await ws.write({
      "big.txt": invoiceText("BIG", "x".repeat(500)),
      "small.txt": invoiceText("S"),
    });
    const outcome = await runEngine(plan(files), deps(emu.client()));
    expect(outcome.results[0]).toMatchObject({
      outcome: "error",
      error: { stage: "upload", status: 400, code: "FILE_SIZE_TOO_LARGE" },
    });
    expect(outcome.results[0]?.error?.advice).toContain("larger than Extend accepts");
    expect(outcome.results[1]?.outcome).toBe("processed");
  });

  it("finds and reports the run when a create fails after the server accepted it", async () => {
    emu = inProcessEmulator();
    const files = await ws.write({ "a.txt": invoiceText("1") });
    await emu.fault({ method: "POST", path: "/processor_runs", status: 500, afterHandling: true, count: 1 });
    const outcome = await runEngine(plan(files), deps(emu.client()));
    const creates = (await emu.journal()).filter((e) => e.method === "POST" && e.path === "/processor_runs");
    expect(creates).toHaveLength(1); // not repeated: that would start a duplicate run
    expect(outcome.results[0]).toMatchObject({ outcome: "processed", runId: creates[0]?.runId, error: null });
    expect(outcome.results[0]?.note).toContain("recovered run");
  });

  it("reports a file that cannot be read", async () => {
    emu = inProcessEmulator();
    const [file] = await ws.write({ "a.txt": "x" });
    const gone = { ...(file as WorkspaceFile), absolutePath: `${ws.dir}/missing.txt` };
    const outcome = await runEngine(plan([gone]), deps(emu.client()));
    expect(outcome.results[0]).toMatchObject({ outcome: "error", error: { stage: "read" } });
  });

  it("slows the whole pool on 429s without failing files or duplicating runs", async () => {
    emu = inProcessEmulator();
    const files = await ws.write(
      Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`f${i}.txt`, invoiceText(`${i}`)])),
    );
    const gate = createRateGate(emu.fetch);
    const real = emu.client(TEST_KEY, () => gate.fetch);
    // The first file runs alone until its create is answered (see run-engine.ts); the 429s are set up
    // for the files that then run together, so they pause the pool.
    let armed = false;
    const client: EngineClient = {
      files: real.files,
      processorRuns: {
        ...real.processorRuns,
        create: async (...args) => {
          const run = await real.processorRuns.create(...args);
          if (!armed) {
            armed = true;
            await emu.fault({
              method: "POST",
              path: "/processor_runs",
              status: 429,
              retryAfterSeconds: 1,
              count: 2,
            });
            await emu.fault({
              method: "POST",
              path: "/files/upload",
              status: 429,
              retryAfterSeconds: 1,
              count: 1,
            });
          }
          return run;
        },
        get: (...args) => real.processorRuns.get(...args),
        cancel: (...args) => real.processorRuns.cancel(...args),
        wait: (...args) => real.processorRuns.wait(...args),
        list: (...args) => real.processorRuns.list(...args),
      },
    };
    const outcome = await runEngine(plan(files), deps(client));
    expect(outcome.totals.processed).toBe(6);
    expect(gate.limitedResponses).toBe(3);
    expect(gate.waitedMs).toBeGreaterThan(0);
    const journal = await emu.journal();
    const created = journal.filter(
      (e) => e.method === "POST" && e.path === "/processor_runs" && e.status === 200,
    );
    expect(new Set(created.map((e) => e.fileId)).size).toBe(6);
    expect(created).toHaveLength(6);
    expect(journal.filter((e) => e.status === 429)).toHaveLength(3);
  });

  it("keeps going when the reporter throws", async () => {
    emu = inProcessEmulator();
    const files = await ws.write({ "a.txt": invoiceText("1"), "b.txt": invoiceText("2") });
    const outcome = await runEngine(
      plan(files, { concurrency: 1 }),
      deps(emu.client(), {
        reporter: {
          fileDone: () => {
            throw new Error("EPIPE");
          },
        },
      }),
    );
    expect(outcome.totals.processed).toBe(2);
  });

  it("returns immediately with no files", async () => {
    emu = inProcessEmulator();
    const outcome = await runEngine(plan([]), deps(emu.client()));
    expect(outcome.results).toEqual([]);
    expect(outcome.totals.total).toBe(0);
  });
});

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not reached");
    await new Promise((r) => setTimeout(r, 10));
  }
}
