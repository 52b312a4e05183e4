// The whole flow (inputs → files → engine → reports) in process, with a recording RunnerIO and the
// in-process emulator: the paths the end-to-end tests cover through the bundle, plus ones they cannot
// reach cheaply (redaction of every channel, a missing summary file, the dry run's config type check).
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type ActionDeps, ActionFailure, runAction } from "../src/action.js";
import { InputError } from "../src/inputs/index.js";
import { createRedactor } from "../src/redact.js";
import { inProcessEmulator, TEST_KEY } from "./helpers/in-process.js";
import { recordingIO } from "./helpers/recording-io.js";
import { createWorkspace, invoiceText, type TempWorkspace } from "./helpers/workspace.js";

let ws: TempWorkspace;
let emu: ReturnType<typeof inProcessEmulator>;
beforeEach(async () => {
  ws = await createWorkspace();
  emu = inProcessEmulator();
});
afterEach(async () => {
  await emu.close();
  await ws.remove();
});

function deps(inputs: Record<string, string>, options: { summary?: boolean; signal?: AbortSignal } = {}) {
  const key = inputs["api-key"] ?? "";
  const redact = createRedactor([key]);
  const { io, rec } = recordingIO(inputs, options.summary ?? true);
  const d: ActionDeps = {
    io,
    env: {
      GITHUB_WORKSPACE: ws.dir,
      RUNNER_TEMP: join(ws.dir, ".runner"),
      GITHUB_REPOSITORY: "acme/x",
      GITHUB_RUN_ID: "1",
    },
    cwd: ws.dir,
    tmpDir: ws.dir,
    redact,
    signal: options.signal ?? new AbortController().signal,
    fetch: emu.fetch,
  };
  return { deps: d, rec };
}

const base = {
  "api-key": TEST_KEY,
  "base-url": "http://127.0.0.1:9",
  "processor-id": "dp_invoice_extractor",
  files: "docs/**",
};

describe("runAction", () => {
  it("processes files and writes results, summary and outputs", async () => {
    await ws.write({ "docs/a.txt": invoiceText("A"), "docs/b.txt": invoiceText("B") });
    const { deps: d, rec } = deps(base);
    await runAction(d);
    expect(rec.outputs).toMatchObject({ status: "success", total: "2", processed: "2" });
    expect(rec.lines).toContain("2/2 done: 2 processed, 0 failed");
    expect(rec.summaries[0]).toContain("| `docs/a.txt` | ✅ processed |");
    const results = JSON.parse(await readFile(join(ws.dir, ".runner/extend-results.json"), "utf8"));
    expect(results.totals.processed).toBe(2);
    expect(rec.errors).toEqual([]);
  });

  it("throws ActionFailure after writing every report when fail-on matches", async () => {
    await ws.write({ "docs/bad.txt": invoiceText("B", "extendkit-fail") });
    const { deps: d, rec } = deps(base);
    await expect(runAction(d)).rejects.toThrow(ActionFailure);
    // The verdict comes first (the overview), then the file; main adds no second error for it.
    expect(rec.errors).toEqual([
      { message: "1 failed of 1 files (fail-on: failed,cancelled,timeout,error)." },
      { message: expect.stringContaining("PROCESSING_ERROR"), file: "docs/bad.txt" },
    ]);
    expect(rec.outputs["status"]).toBe("failure");
    expect(rec.summaries).toHaveLength(1);
  });

  it("skips the summary when the runner gives no summary file, and when summary is false", async () => {
    await ws.write({ "docs/a.txt": invoiceText("A") });
    const missing = deps(base, { summary: false });
    await runAction(missing.deps);
    expect(missing.rec.lines).toContain("No GITHUB_STEP_SUMMARY file: job summary skipped.");
    const off = deps({ ...base, summary: "false" });
    await runAction(off.deps);
    expect(off.rec.summaries).toEqual([]);
  });

  it("redacts the key from every channel even if an error message carried it", async () => {
    await ws.write({ "docs/a.txt": invoiceText("A") });
    // A hostile server that echoes the Authorization header into its error message.
    const echo: typeof emu.fetch = async (_input, init) => {
      const auth = new Headers(init?.headers).get("authorization") ?? "";
      return new Response(JSON.stringify({ success: false, error: `bad token ${auth}` }), {
        status: 400,
        headers: { "content-type": "application/json" },
      });
    };
    const { deps: d, rec } = deps(base);
    d.fetch = echo;
    await expect(runAction(d)).rejects.toThrow(ActionFailure);
    const everything =
      JSON.stringify(rec) + (await readFile(join(ws.dir, ".runner/extend-results.json"), "utf8"));
    expect(everything).not.toContain(TEST_KEY);
    expect(everything).toContain("bad token Bearer");
  });

  it("redacts the key where only the action could leak it (a file named like the key)", async () => {
    await ws.write({ [`docs/${TEST_KEY}.txt`]: invoiceText("A", "extendkit-fail") });
    const { deps: d, rec } = deps(base);
    await expect(runAction(d)).rejects.toThrow(ActionFailure);
    const results = await readFile(join(ws.dir, ".runner/extend-results.json"), "utf8");
    const everything = JSON.stringify(rec) + results;
    expect(everything).not.toContain(TEST_KEY);
    expect(results).toContain('"file": "docs/***.txt"');
    expect(rec.summaries[0]).toContain("docs/***.txt");
  });

  it("dry run: one list request, nothing created, and the config type checked against the processor", async () => {
    await ws.write({ "docs/a.txt": invoiceText("A") });
    // Give the processor a run so the dry run can learn its type.
    const client = emu.client();
    const file = await client.files.upload(new TextEncoder().encode(invoiceText("Z")), { fileName: "z.txt" });
    await client.processorRuns.create({ processorId: "dp_invoice_extractor", file: { fileId: file.id } });
    const before = (await emu.journal()).length;

    const ok = deps({ ...base, "dry-run": "true" });
    await runAction(ok.deps);
    expect(ok.rec.outputs).toMatchObject({ status: "success", total: "1", "run-ids": "[]" });
    expect(ok.rec.lines.some((l) => l.includes("type EXTRACT"))).toBe(true);

    const wrongType = JSON.stringify({
      type: "CLASSIFY",
      classifications: [{ id: "a", type: "a", description: "A" }],
    });
    const mismatch = deps({ ...base, "dry-run": "true", config: wrongType });
    await expect(runAction(mismatch.deps)).rejects.toThrow(
      new InputError(
        "config",
        'Input "config" has type CLASSIFY, but processor dp_invoice_extractor has type EXTRACT (seen on its latest run).',
      ),
    );
    const after = await emu.journal();
    expect(after.slice(before).map((e) => `${e.method} ${e.path}`)).toEqual([
      "GET /processor_runs",
      "GET /processor_runs",
    ]);
  });

  it("a dry run honours if-no-files-found without any request", async () => {
    const { deps: d } = deps({ ...base, "dry-run": "true" });
    await expect(runAction(d)).rejects.toThrow(
      "No files match the files input (docs/**) (if-no-files-found: error).",
    );
    expect(await emu.journal()).toEqual([]);
  });

  it("reads a config file and rejects a bad input before touching the network", async () => {
    await mkdir(join(ws.dir, "cfg"), { recursive: true });
    await writeFile(join(ws.dir, "cfg/c.json"), '{"type":"SPLITTER"}');
    const { deps: d } = deps({ ...base, config: "cfg/c.json" });
    await expect(runAction(d)).rejects.toThrow('needs a non-empty "splitClassifications" array');
    expect(await emu.journal()).toEqual([]);
  });

  it("survives more consecutive 429s on one create than the client's default retries", async () => {
    await ws.write({ "docs/a.txt": invoiceText("A") });
    await emu.fault({ method: "POST", path: "/processor_runs", status: 429, retryAfterSeconds: 1, count: 3 });
    const { deps: d, rec } = deps(base);
    await runAction(d);
    expect(rec.outputs).toMatchObject({ status: "success", processed: "1" });
    expect(rec.lines).toContain("The API rate-limited 3 requests; the pool slowed down and continued.");
    const creates = (await emu.journal()).filter((e) => e.method === "POST" && e.path === "/processor_runs");
    expect(creates.map((e) => e.status)).toEqual([429, 429, 429, 200]);
  });

  it("names the results-file input when the results cannot be written", async () => {
    await ws.write({ "docs/a.txt": invoiceText("A") });
    const { deps: d } = deps({ ...base, "results-file": "docs/a.txt/results.json" });
    await expect(runAction(d)).rejects.toThrow(
      /^Could not write the results file \(input "results-file"\) .*docs\/a\.txt\/results\.json: /,
    );
  });

  it("reports the runner's cancellation as a failure with every file accounted for", async () => {
    await ws.write({ "docs/a.txt": invoiceText("A"), "docs/b.txt": invoiceText("B") });
    const { deps: d, rec } = deps(base, { signal: AbortSignal.abort("SIGINT") });
    await expect(runAction(d)).rejects.toThrow("The action was cancelled (SIGINT).");
    expect(rec.outputs).toMatchObject({ status: "failure", cancelled: "2" });
    expect(await emu.journal()).toEqual([]);
  });
});
