// cache-dir through the whole action, in process against the emulator: a second job over unchanged documents
// uploads and runs nothing (counted in the emulator's journal), a changed document runs again, a FAILED result
// is never stored, `latest` is never cached, and the modes read/write/off do what they say.
import { readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type ActionDeps, ActionFailure, runAction } from "../../src/action.js";
import { inProcessEmulator, TEST_KEY } from "../helpers/in-process.js";
import { recordingIO } from "../helpers/recording-io.js";
import { createWorkspace, invoiceText, type TempWorkspace } from "../helpers/workspace.js";
import { gateDeps } from "./gate-deps.js";

let ws: TempWorkspace;
let emu: ReturnType<typeof inProcessEmulator>;
beforeEach(async () => {
  ws = await createWorkspace();
  emu = inProcessEmulator();
  await ws.write({
    "docs/a.txt": invoiceText("A"),
    "docs/b.txt": invoiceText("B"),
    "docs/c.txt": invoiceText("C"),
  });
});
afterEach(async () => {
  await emu.close();
  await ws.remove();
});

async function job(inputs: Record<string, string> = {}) {
  const { io, rec } = recordingIO({
    "api-key": TEST_KEY,
    "base-url": "http://127.0.0.1:9",
    "processor-id": "dp_invoice_extractor",
    "processor-version": "1.0",
    files: "docs/**",
    "cache-dir": ".extend-cache",
    ...inputs,
  });
  const deps: ActionDeps = gateDeps(io, ws.dir, emu.fetch);
  const before = await creates();
  const error = await runAction(deps).then(
    () => undefined,
    (e: unknown) => e,
  );
  return { rec, error, runs: (await creates()) - before };
}

/** Runs and uploads created so far, from the emulator's journal. */
async function creates(): Promise<number> {
  const journal = await emu.journal();
  return journal.filter((e) => e.method === "POST" && /\/(processor_runs|files\/upload)$/.test(e.path))
    .length;
}

describe("cache-dir", () => {
  it("reuses unchanged documents and runs only the changed one", async () => {
    const first = await job();
    expect(first.error).toBeUndefined();
    expect(first.runs).toBe(6); // 3 uploads + 3 runs
    expect((await readdir(join(ws.dir, ".extend-cache"))).length).toBe(3);

    const second = await job();
    expect(second.runs).toBe(0);
    expect(second.rec.outputs).toMatchObject({ status: "success", total: "3", cached: "3", processed: "0" });
    expect(second.rec.warnings).toEqual([]);

    await ws.write({ "docs/b.txt": invoiceText("B2") });
    const third = await job();
    expect(third.runs).toBe(2);
    expect(third.rec.outputs).toMatchObject({ cached: "2", processed: "1" });
    expect(third.rec.summaries[0]).toContain("♻️ 2 files reused a cached result");
  });

  it("never stores a FAILED result, never caches latest, and follows read / write / off", async () => {
    await ws.write({ "docs/bad.txt": invoiceText("X", "extendkit-fail") });
    const failed = await job();
    expect(failed.error).toBeInstanceOf(ActionFailure);
    expect((await readdir(join(ws.dir, ".extend-cache"))).length).toBe(3);
    const again = await job({ "fail-on": "never" });
    expect(again.runs).toBe(2); // only the failed document runs again
    expect(again.rec.outputs).toMatchObject({ cached: "3", failed: "1" });

    const latest = await job({ "processor-version": "latest", "fail-on": "never" });
    expect(latest.runs).toBe(8);
    expect(latest.rec.warnings.map((w) => w.message).join("\n")).toContain("cache-dir is not used");

    const write = await job({ cache: "write", "fail-on": "never" });
    expect(write.runs).toBe(8);
    const off = await job({ cache: "off", "fail-on": "never" });
    expect(off.runs).toBe(8);
    await writeFile(join(ws.dir, "docs/d.txt"), invoiceText("D"));
    const read = await job({ cache: "read", "fail-on": "never" });
    expect(read.rec.outputs).toMatchObject({ cached: "3", processed: "1" });
    expect((await readdir(join(ws.dir, ".extend-cache"))).length).toBe(3); // read never stores d.txt
    const bad = await job({ cache: "sometimes" });
    expect(String(bad.error)).toContain('Input "cache" must be one of read-write, read, write, off');
  });
});
