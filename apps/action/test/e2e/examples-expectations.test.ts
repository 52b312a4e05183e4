// examples/documents/expected is checked by the action itself: the committed bundle, run as the runner runs it
// on Node 20 and 24, processes the sample documents on the emulator (PAYG limits on) with
// `expectations: examples/documents/expected/<processorId>` for every default processor, and every field
// matches. One altered expected file makes the step fail with that file `mismatched`.
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type ActionBundleRun,
  DOCUMENTS_DIR,
  type EmulatorProcess as EmulatorProcessHandle,
  runActionBundle,
  startEmulatorProcess,
} from "@extendkit/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RUNTIMES } from "./harness.js";

const KEY = "sk_test_examples_expectations_0123";

/** Which samples each default processor runs on, and how its outputs compare. */
const PROCESSORS = [
  { id: "dp_invoice_extractor", files: "examples/documents/{invoice-*,receipt-*}", documents: 3 },
  { id: "dp_document_classifier", files: "examples/documents/*.{pdf,txt}", documents: 5 },
  // The committed splitter output has fileId "" (the emulator test runs the processor without an upload).
  {
    id: "dp_packet_splitter",
    files: "examples/documents/packet.pdf",
    documents: 1,
    compare: '{"excludeFields": ["splits[*].fileId"]}',
  },
] as const;

let emulator: EmulatorProcessHandle;
let base: string;
let workspace: string;

beforeAll(async () => {
  emulator = await startEmulatorProcess({ apiKey: KEY, limits: "payg", latency: "instant" });
  base = await mkdtemp(join(tmpdir(), "extendkit-examples-"));
  workspace = join(base, "workspace");
  // The workspace holds the samples and their expected outputs at the paths they have in this repository.
  await cp(DOCUMENTS_DIR, join(workspace, "examples/documents"), { recursive: true });
}, 60_000);

afterAll(async () => {
  await emulator?.stop();
  await rm(base, { recursive: true, force: true });
});

async function run(
  bin: string,
  processor: (typeof PROCESSORS)[number],
  tag: string,
): Promise<ActionBundleRun> {
  return runActionBundle({
    node: bin,
    workDir: join(base, tag),
    workspace,
    inputs: {
      "api-key": KEY,
      "base-url": emulator.url,
      "processor-id": processor.id,
      files: processor.files,
      expectations: `examples/documents/expected/${processor.id}`,
      "if-no-expectation": "fail",
      ...("compare" in processor ? { compare: processor.compare } : {}),
      "results-file": join(base, tag, "results.json"),
    },
    env: { PATH: process.env["PATH"] ?? "", HOME: base, CI: "true" },
    github: { GITHUB_REPOSITORY: "acme/examples", GITHUB_RUN_ID: "1" },
    timeoutMs: 60_000,
  });
}

describe.each(RUNTIMES)("examples/documents/expected under $name", ({ name, bin }) => {
  it.each(PROCESSORS)(
    "every sample matches its expected $id output",
    async (processor) => {
      const result = await run(bin, processor, `${name}-${processor.id}`);
      expect(result.code, result.stdout + result.stderr).toBe(0);
      expect(result.outputs).toMatchObject({
        status: "success",
        total: String(processor.documents),
        processed: String(processor.documents),
        mismatched: "0",
        "field-accuracy": "1",
      });
      const results = JSON.parse(
        await readFile(join(base, `${name}-${processor.id}`, "results.json"), "utf8"),
      );
      for (const file of results.files) {
        expect(file.expectation, file.file).toMatchObject({
          path: `examples/documents/expected/${processor.id}/${file.file}.json`,
          verdict: "matched",
        });
        expect(file.expectation.compared).toBeGreaterThan(0);
      }
    },
    90_000,
  );
});

describe("an altered expected file", () => {
  it("fails the step with that file mismatched, the field named in the summary", async () => {
    const altered = await mkdtemp(join(tmpdir(), "extendkit-examples-altered-"));
    try {
      const ws = join(altered, "workspace");
      await cp(join(workspace, "examples"), join(ws, "examples"), { recursive: true });
      const path = join(
        ws,
        "examples/documents/expected/dp_invoice_extractor/examples/documents/invoice-acme.txt.json",
      );
      const expected = JSON.parse(await readFile(path, "utf8"));
      expected.value.invoice_number = "INV-2025-0413";
      await writeFile(path, `${JSON.stringify(expected, null, 2)}\n`);
      const result = await runActionBundle({
        node: RUNTIMES[0].bin,
        workDir: altered,
        workspace: ws,
        inputs: {
          "api-key": KEY,
          "base-url": emulator.url,
          "processor-id": "dp_invoice_extractor",
          files: "examples/documents/{invoice-*,receipt-*}",
          expectations: "examples/documents/expected/dp_invoice_extractor",
        },
        env: { PATH: process.env["PATH"] ?? "", HOME: altered, CI: "true" },
        github: { GITHUB_REPOSITORY: "acme/examples", GITHUB_RUN_ID: "2" },
        timeoutMs: 60_000,
      });
      expect(result.code).toBe(1);
      expect(result.outputs).toMatchObject({ status: "failure", processed: "2", mismatched: "1" });
      expect(Number(result.outputs["field-accuracy"])).toBeLessThan(1);
      expect(result.stdout).toMatch(/::error.*1 mismatched of 3 files/);
      expect(result.stdout).toMatch(
        /::error [^\n]*file=examples\/documents\/invoice-acme\.txt::[^\n]*value\.invoice_number/,
      );
      expect(result.summary).toContain(
        '| `value.invoice_number` | `"INV-2025-0413"` | `"INV-2025-0412"` | exact |',
      );
    } finally {
      await rm(altered, { recursive: true, force: true });
    }
  }, 90_000);
});
