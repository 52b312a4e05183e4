// Lost replies of creates and uploads, against the in-process emulator: a create or upload the server
// carried out (fault `afterHandling`) is found and adopted, one it did not carry out is sent again, and
// in every case the emulator's journal shows exactly one run per file.
import { readFile } from "node:fs/promises";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { EngineClient } from "../src/engine/engine-client.js";
import type { WorkspaceFile } from "../src/engine/find-files.js";
import type { FileResult } from "../src/engine/results.js";
import { buildRunParams, type EnginePlan, runEngine } from "../src/engine/run-engine.js";
import { isOurRun } from "../src/engine/uncertain-writes.js";
import { enginePlan } from "./helpers/engine-plan.js";
import { inProcessEmulator, type JournalEntry } from "./helpers/in-process.js";
import { createWorkspace, invoiceText, type TempWorkspace } from "./helpers/workspace.js";

type Emu = ReturnType<typeof inProcessEmulator>;

function plan(files: WorkspaceFile[], overrides: Partial<EnginePlan> = {}): EnginePlan {
  return enginePlan(files, { recovery: { maxAttempts: 3, recheckMs: 50 }, ...overrides });
}

const isCreate = (e: JournalEntry) => e.method === "POST" && e.path === "/processor_runs";
const isUpload = (e: JournalEntry) => e.method === "POST" && e.path === "/files/upload";

let ws: TempWorkspace;
let emu: Emu;
beforeEach(async () => {
  vi.spyOn(Math, "random").mockReturnValue(0); // no backoff jitter: the client's retries run quickly
  ws = await createWorkspace();
  emu = inProcessEmulator();
});
afterEach(async () => {
  vi.restoreAllMocks();
  await emu.close();
  await ws.remove();
});

async function runOne(
  files: Record<string, string>,
  overrides: Partial<EnginePlan> = {},
  client?: EngineClient,
) {
  const written = await ws.write(files);
  const outcome = await runEngine(plan(written, overrides), {
    client: client ?? emu.client(),
    readFile: (path) => readFile(path),
  });
  return { outcome, journal: await emu.journal() };
}

/** The runs the emulator created (even when it then failed the reply), per file id. */
function createdRuns(journal: JournalEntry[]): JournalEntry[] {
  return journal.filter((e) => isCreate(e) && e.runId !== undefined);
}

const afterHandlingFaults = {
  "a 500": { status: 500 },
  "a dropped connection": { drop: true },
  "a malformed 200": { malformed: true },
} as const;

describe("a create whose reply was lost after the run was created", () => {
  for (const [label, effect] of Object.entries(afterHandlingFaults)) {
    it(`${label}: the run is found by its file and adopted, never created again`, async () => {
      await emu.fault({ method: "POST", path: "/processor_runs", ...effect, afterHandling: true, count: 1 });
      const { outcome, journal } = await runOne({ "docs/a.txt": invoiceText("A-1") });
      const result = outcome.results[0] as FileResult;
      const runs = createdRuns(journal);
      expect(runs).toHaveLength(1);
      expect(journal.filter(isCreate)).toHaveLength(1);
      expect(runs[0]).toMatchObject({ fileId: result.fileId, fileName: "docs/a.txt" });
      expect(result).toMatchObject({
        outcome: "processed",
        status: "PROCESSED",
        runId: runs[0]?.runId,
        error: null,
      });
      expect(result.note).toContain(`recovered run ${runs[0]?.runId}`);
      // The lookup asked for this processor's newest runs of this file name.
      const lookup = journal.find((e) => e.method === "GET" && e.path === "/processor_runs");
      expect(lookup).toBeDefined();
    });
  }

  it("adopts a run the list shows only on the re-check (a server whose lists lag behind)", async () => {
    await emu.fault({ method: "POST", path: "/processor_runs", status: 502, afterHandling: true, count: 1 });
    const real = emu.client();
    let lists = 0;
    const lagging: EngineClient = {
      files: real.files,
      processorRuns: {
        create: (...args) => real.processorRuns.create(...args),
        get: (...args) => real.processorRuns.get(...args),
        cancel: (...args) => real.processorRuns.cancel(...args),
        wait: (...args) => real.processorRuns.wait(...args),
        list: async (...args) => (++lists === 1 ? { data: [] } : real.processorRuns.list(...args)),
      },
    };
    const { outcome, journal } = await runOne({ "a.txt": invoiceText("A-2") }, {}, lagging);
    expect(lists).toBe(2);
    expect(createdRuns(journal)).toHaveLength(1);
    expect(journal.filter(isCreate)).toHaveLength(1);
    expect(outcome.results[0]).toMatchObject({ outcome: "processed", runId: createdRuns(journal)[0]?.runId });
  });

  it("does not adopt another run of the same file name made for a different upload", async () => {
    const client = emu.client();
    const other = await client.files.upload(new TextEncoder().encode(invoiceText("X")), {
      fileName: "a.txt",
    });
    const foreign = await client.processorRuns.create({
      processorId: "dp_invoice_extractor",
      file: { fileId: other.id, fileName: "a.txt" },
    });
    await emu.fault({ method: "POST", path: "/processor_runs", status: 500, count: 1 });
    const { outcome, journal } = await runOne({ "a.txt": invoiceText("A-3") });
    const result = outcome.results[0] as FileResult;
    expect(result.outcome).toBe("processed");
    expect(result.runId).not.toBe(foreign.id);
    const ours = createdRuns(journal).filter((e) => e.fileId === result.fileId);
    expect(ours.map((e) => e.runId)).toEqual([result.runId]);
  });

  it("adopts a run only with this invocation's nonce and file id, never another invocation's", async () => {
    const written = await ws.write({ "docs/n.txt": invoiceText("N-1") });
    const client = emu.client();
    const uploaded = await client.files.upload(new TextEncoder().encode(invoiceText("N-1")), {
      fileName: "docs/n.txt",
    });
    const params = buildRunParams(
      { ...plan(written), invocation: "nonce-a" },
      written[0] as WorkspaceFile,
      uploaded.id,
    );
    const run = await client.processorRuns.create(params);
    expect(isOurRun(run, params)).toBe(true);
    const otherInvocation = buildRunParams(
      { ...plan(written), invocation: "nonce-b" },
      written[0] as WorkspaceFile,
      uploaded.id,
    );
    expect(isOurRun(run, otherInvocation)).toBe(false);
    expect(isOurRun(run, { ...params, file: { ...params.file, fileId: "file_other" } })).toBe(false);
  });

  it("when looking the run up fails too, ends as an error and sends no second create", async () => {
    await emu.fault({ method: "POST", path: "/processor_runs", status: 500, afterHandling: true, count: 1 });
    await emu.fault({ method: "GET", path: "/processor_runs", status: 500, count: 10 });
    const { outcome, journal } = await runOne({ "a.txt": invoiceText("A-4") });
    const result = outcome.results[0] as FileResult;
    expect(journal.filter(isCreate)).toHaveLength(1);
    expect(result).toMatchObject({ outcome: "error", error: { stage: "create", mayHaveCreatedRun: true } });
    expect(result.note).toContain("looking it up failed too");
    expect(result.error?.advice).toContain("the run may have been created anyway");
  });
});

describe("a create that failed before the run was created", () => {
  const beforeHandling = {
    "a 500": { status: 500 },
    "a 502": { status: 502 },
    "a 503 without Retry-After": { status: 503 },
    "a dropped connection": { drop: true },
    "a malformed 200": { malformed: true },
  } as const;
  for (const [label, effect] of Object.entries(beforeHandling)) {
    it(`${label}: nothing is found, the create is sent again and makes exactly one run`, async () => {
      await emu.fault({ method: "POST", path: "/processor_runs", ...effect, count: 1 });
      const { outcome, journal } = await runOne({ "docs/b.txt": invoiceText("B-1") });
      const result = outcome.results[0] as FileResult;
      expect(journal.filter(isCreate)).toHaveLength(2);
      const runs = createdRuns(journal);
      expect(runs).toHaveLength(1);
      expect(result).toMatchObject({ outcome: "processed", runId: runs[0]?.runId, fileId: runs[0]?.fileId });
      expect(result.note).toContain("creating the run succeeded on attempt 2");
      // The create was resent only after the lookup (and its re-check) found nothing.
      const order = journal.filter(
        (e) => isCreate(e) || (e.method === "GET" && e.path === "/processor_runs"),
      );
      expect(order.map((e) => e.method)).toEqual(["POST", "GET", "GET", "POST"]);
    });
  }

  it("gives up after the bounded attempts with no run created and says so", async () => {
    await emu.fault({ method: "POST", path: "/processor_runs", status: 500, count: 3 });
    const { outcome, journal } = await runOne({ "c.txt": invoiceText("C-1") });
    const result = outcome.results[0] as FileResult;
    expect(journal.filter(isCreate)).toHaveLength(3);
    expect(createdRuns(journal)).toHaveLength(0);
    expect(result).toMatchObject({ outcome: "error", runId: null, error: { stage: "create", status: 500 } });
    expect(result.note).toContain("creating the run failed 3 times; lookups found nothing created");
  });

  it("many files under mixed create faults: each gets exactly one run", async () => {
    await emu.fault({ method: "POST", path: "/processor_runs", status: 500, afterHandling: true, count: 2 });
    await emu.fault({ method: "POST", path: "/processor_runs", drop: true, count: 2 });
    await emu.fault({
      method: "POST",
      path: "/processor_runs",
      malformed: true,
      afterHandling: true,
      count: 2,
    });
    const files = Object.fromEntries(
      Array.from({ length: 8 }, (_, i) => [`m/f${i}.txt`, invoiceText(`M${i}`)]),
    );
    const { outcome, journal } = await runOne(files);
    expect(outcome.totals.processed).toBe(8);
    const runs = createdRuns(journal);
    expect(runs).toHaveLength(8);
    expect(new Set(runs.map((e) => e.fileId)).size).toBe(8);
    for (const result of outcome.results) {
      expect(runs.find((e) => e.fileId === result.fileId)?.runId).toBe(result.runId);
    }
  });
});

describe("uploads with an uncertain outcome", () => {
  for (const [label, effect] of Object.entries(afterHandlingFaults)) {
    it(`${label} after the file was stored: the upload is sent again, never adopted by name`, async () => {
      await emu.fault({ method: "POST", path: "/files/upload", ...effect, afterHandling: true, count: 1 });
      const { outcome, journal } = await runOne({ "docs/u.txt": invoiceText("U-1") });
      const result = outcome.results[0] as FileResult;
      const stored = journal.filter((e) => isUpload(e) && e.fileId !== undefined);
      expect(journal.filter(isUpload)).toHaveLength(2);
      expect(stored).toHaveLength(2);
      // The run uses the copy whose reply this invocation received, and no file was looked up by name.
      expect(result).toMatchObject({ outcome: "processed", fileId: stored[1]?.fileId });
      expect(journal.filter((e) => e.method === "GET" && e.path === "/files")).toHaveLength(0);
      expect(result.recoveries).toEqual([
        expect.stringContaining("sent again rather than adopting a file by name"),
        `the upload succeeded on attempt 2 (file ${stored[1]?.fileId})`,
      ]);
      expect(createdRuns(journal)).toHaveLength(1);
    });
  }

  for (const [label, effect] of Object.entries({
    "a 502": { status: 502 },
    "a dropped connection": { drop: true },
  } as const)) {
    it(`${label} before the file was stored: the upload is sent again`, async () => {
      await emu.fault({ method: "POST", path: "/files/upload", ...effect, count: 1 });
      const { outcome, journal } = await runOne({ "v.txt": invoiceText("V-1") });
      const stored = journal.filter((e) => isUpload(e) && e.fileId !== undefined);
      expect(journal.filter(isUpload)).toHaveLength(2);
      expect(stored).toHaveLength(1);
      expect(outcome.results[0]).toMatchObject({ outcome: "processed", fileId: stored[0]?.fileId });
      expect(createdRuns(journal)).toHaveLength(1);
    });
  }

  it("does not adopt an older file of the same name", async () => {
    const client = emu.client();
    const old = await client.files.upload(new TextEncoder().encode(invoiceText("OLD")), {
      fileName: "w.txt",
    });
    vi.spyOn(Date, "now").mockReturnValue(Date.now() + 10 * 60_000); // the action starts 10 minutes later
    await emu.fault({ method: "POST", path: "/files/upload", status: 500, count: 1 });
    const { outcome, journal } = await runOne({ "w.txt": invoiceText("NEW") });
    expect(outcome.results[0]?.fileId).not.toBe(old.id);
    expect(journal.filter(isUpload)).toHaveLength(3);
    expect(journal.filter((e) => e.method === "GET" && e.path === "/files")).toHaveLength(0);
  });

  it("a certain rejection (400 FILE_TYPE_NOT_SUPPORTED) is neither looked up nor retried", async () => {
    const { outcome, journal } = await runOne({ "x.unknownext": "data" });
    expect(outcome.results[0]).toMatchObject({ outcome: "error", error: { stage: "upload", status: 400 } });
    expect(journal.filter(isUpload)).toHaveLength(1);
    expect(journal.filter((e) => e.method === "GET")).toHaveLength(0);
  });
});
