// The regression gate through the whole action (inputs → engine → gate → reports), in process against the
// emulator: update mode writes the expected outputs, a later run compares with them, a changed field ends
// `mismatched` (fails the default fail-on) with per-field expected/got/rule in the results file.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type ActionDeps, ActionFailure, runAction } from "../../src/action.js";
import { InputError } from "../../src/inputs/index.js";
import { inProcessEmulator, TEST_KEY } from "../helpers/in-process.js";
import { recordingIO } from "../helpers/recording-io.js";
import { createWorkspace, invoiceText, type TempWorkspace } from "../helpers/workspace.js";
import { gateDeps } from "./gate-deps.js";

let ws: TempWorkspace;
let emu: ReturnType<typeof inProcessEmulator>;
beforeEach(async () => {
  ws = await createWorkspace();
  emu = inProcessEmulator();
  await ws.write({ "docs/a.txt": invoiceText("A"), "docs/b.txt": invoiceText("B") });
});
afterEach(async () => {
  await emu.close();
  await ws.remove();
});

function deps(inputs: Record<string, string>) {
  const { io, rec } = recordingIO({ ...base, ...inputs });
  const d: ActionDeps = gateDeps(io, ws.dir, emu.fetch);
  return { deps: d, rec };
}

const base = {
  "api-key": TEST_KEY,
  "base-url": "http://127.0.0.1:9",
  "processor-id": "dp_invoice_extractor",
  files: "docs/**",
  expectations: "expected",
};

const expectedFile = (file: string) => join(ws.dir, "expected", `${file}.json`);
const results = async () => JSON.parse(await readFile(join(ws.dir, ".runner/extend-results.json"), "utf8"));

async function accept(): Promise<void> {
  const { deps: d, rec } = deps({ "update-expectations": "true" });
  await runAction(d);
  expect(rec.outputs).toMatchObject({ status: "success", processed: "2", mismatched: "0" });
}

describe("expectations", () => {
  it("update mode writes one expected file per document, mirroring its workspace path", async () => {
    await accept();
    const written = JSON.parse(await readFile(expectedFile("docs/a.txt"), "utf8"));
    const { files } = await results();
    expect(written).toEqual(files.find((f: { file: string }) => f.file === "docs/a.txt").output);
    expect(files[0].expectation).toMatchObject({ verdict: "updated", path: "expected/docs/a.txt.json" });
  });

  it("matches an unchanged output: field-accuracy 1, every compared field recorded", async () => {
    await accept();
    const { deps: d, rec } = deps({});
    await runAction(d);
    expect(rec.outputs).toMatchObject({
      status: "success",
      processed: "2",
      mismatched: "0",
      "field-accuracy": "1",
    });
    const { files } = await results();
    const fields = files[0].expectation.fields as { path: string; rule: string; match: boolean }[];
    expect(files[0].expectation.verdict).toBe("matched");
    expect(fields.length).toBeGreaterThan(3);
    expect(fields.every((f) => f.match && f.rule === "exact" && "expected" in f && "got" in f)).toBe(true);
  });

  it("a changed field ends mismatched, fails the default fail-on, and is shown field by field", async () => {
    await accept();
    const path = expectedFile("docs/b.txt");
    const expected = JSON.parse(await readFile(path, "utf8"));
    const before = expected.value.invoice_number;
    expected.value.invoice_number = "INV-OTHER";
    await writeFile(path, JSON.stringify(expected));
    const { deps: d, rec } = deps({});
    await expect(runAction(d)).rejects.toThrow(ActionFailure);
    expect(rec.outputs).toMatchObject({ status: "failure", processed: "1", mismatched: "1" });
    expect(Number(rec.outputs["field-accuracy"])).toBeLessThan(1);
    expect(rec.errors[0]?.message).toContain("1 mismatched of 2 files");
    expect(
      rec.errors.some((e) => e.file === "docs/b.txt" && e.message.includes("value.invoice_number")),
    ).toBe(true);
    const { files, totals } = await results();
    expect(totals.mismatched).toBe(1);
    const b = files.find((f: { file: string }) => f.file === "docs/b.txt");
    expect(b.outcome).toBe("mismatched");
    expect(b.expectation.fields.filter((f: { match: boolean }) => !f.match)).toEqual([
      { path: "value.invoice_number", expected: "INV-OTHER", got: before, rule: "exact", match: false },
    ]);
    expect(rec.summaries[0]).toContain("`value.invoice_number`");
    expect(rec.summaries[0]).toContain('`"INV-OTHER"`');

    // An ignore rule (from a workspace file) accepts the difference; fail-on without mismatched passes it.
    await writeFile(
      join(ws.dir, "compare.json"),
      JSON.stringify({ excludeFields: ["value.invoice_number"] }),
    );
    const ignored = deps({ compare: "compare.json" });
    await runAction(ignored.deps);
    expect(ignored.rec.outputs).toMatchObject({ mismatched: "0", "field-accuracy": "1" });
    const listed = deps({ "fail-on": "failed,error" });
    await runAction(listed.deps);
    expect(listed.rec.outputs).toMatchObject({ status: "success", mismatched: "1" });
  });

  it("follows if-no-expectation and min-field-accuracy", async () => {
    const warned = deps({});
    await runAction(warned.deps);
    expect(warned.rec.outputs).toMatchObject({ status: "success", processed: "2", "field-accuracy": "" });
    expect(warned.rec.warnings.map((w) => w.message).join("\n")).toContain(
      "2 processed files have no expected output",
    );

    const failing = deps({ "if-no-expectation": "fail" });
    await expect(runAction(failing.deps)).rejects.toThrow(
      /no expected output in expected \(if-no-expectation: fail\)/,
    );

    const ignoring = deps({ "if-no-expectation": "ignore" });
    await runAction(ignoring.deps);
    expect(ignoring.rec.warnings).toEqual([]);

    await accept();
    const path = expectedFile("docs/a.txt");
    const expected = JSON.parse(await readFile(path, "utf8"));
    expected.value.invoice_number = "X";
    await writeFile(path, JSON.stringify(expected));
    const bar = deps({ "fail-on": "never", "min-field-accuracy": "100%" });
    await expect(runAction(bar.deps)).rejects.toThrow(/below min-field-accuracy 1/);
    const low = deps({ "fail-on": "never", "min-field-accuracy": "0.5" });
    await runAction(low.deps);
    expect(low.rec.outputs["status"]).toBe("success");
  });

  it("refuses gate paths outside the workspace and gate inputs without expectations", async () => {
    await mkdir(join(ws.dir, "..", "outside-compare"), { recursive: true });
    await expect(runAction(deps({ compare: "../outside-compare/c.json" }).deps)).rejects.toThrow(
      /Input "compare" must be a path inside the workspace/,
    );
    await expect(runAction(deps({ expectations: "../elsewhere" }).deps)).rejects.toThrow(InputError);
    await expect(runAction(deps({ expectations: "", compare: "{}" }).deps)).rejects.toThrow(
      /Input "compare" needs the expectations input/,
    );
    await expect(runAction(deps({ "min-field-accuracy": "2" }).deps)).rejects.toThrow(/min-field-accuracy/);
    await expect(runAction(deps({ "if-no-expectation": "maybe" }).deps)).rejects.toThrow(/if-no-expectation/);
  });
});
