import { existsSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { invoice, RUNTIMES, runBundle, secretLeaks, uniqueKey, useSuiteEmulator } from "./harness.js";

const KEY = uniqueKey("outcomes");

describe.each(RUNTIMES)("dist/index.js under $name", ({ name, bin }) => {
  beforeAll(() => {
    // Registered before the emulator's hooks, so it runs (and fails) before the emulator starts.
    expect(existsSync(bin), `${name} binary missing at ${bin}`).toBe(true);
  });
  const { emulator, inputs } = useSuiteEmulator({
    key: KEY,
    latency: "instant",
    files: "invoices/**/*.txt\n!invoices/drafts/**",
  });

  it("processes every file: exit 0, outputs, summary, results, tags and metadata", async () => {
    const run = await runBundle({
      bin,
      inputs: inputs({
        metadata: '{"team":"billing"}',
        "usage-tags": "nightly, team eng",
        priority: "10",
        config: "extend/config.json",
      }),
      files: {
        "invoices/a.txt": invoice("INV-A"),
        "invoices/2024/b.txt": invoice("INV-B"),
        "invoices/c.txt": invoice("INV-C"),
        "invoices/drafts/skip.txt": invoice("SKIP"),
        "extend/config.json": JSON.stringify({
          type: "EXTRACT",
          schema: { type: "object", properties: { invoice_number: { type: ["string", "null"] } } },
        }),
      },
    });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    // The key is masked before anything else is printed.
    expect(run.stdout.split("\n")[0]).toBe(`::add-mask::${KEY}`);
    expect(run.outputs).toMatchObject({
      status: "success",
      total: "3",
      processed: "3",
      failed: "0",
      cancelled: "0",
      "timed-out": "0",
      errored: "0",
    });
    expect(JSON.parse(run.outputs["run-ids"] ?? "[]")).toHaveLength(3);
    expect(run.outputs["results-file"]).toBe(`${run.runnerTemp}/extend-results.json`);
    expect(run.stdout).toContain("3/3 done: 3 processed, 0 failed");
    expect(run.stdout).toMatch(/::group::✅ invoices\/a\.txt — processed in /);
    expect(run.stdout).toContain("::endgroup::");
    expect(run.summary).toContain("## ✅ Extend processor `dp_invoice_extractor` (latest)");
    expect(run.summary).toContain("| `invoices/2024/b.txt` | ✅ processed |");
    expect(run.results.files.map((f: { file: string }) => f.file)).toEqual([
      "invoices/2024/b.txt",
      "invoices/a.txt",
      "invoices/c.txt",
    ]);
    expect(run.results.files[1].output.value).toEqual({ invoice_number: "INV-A" });
    expect(secretLeaks(run, KEY)).toEqual([]);

    const usage = await emulator.admin.usage();
    // Extend removes every character but letters, digits, - and _: "team eng" is teameng (issue 10).
    for (const tag of ["nightly", "teameng", "gh-repo-acme-invoices", "gh-run-4242"])
      expect(usage.tags[tag]?.runs).toBe(3);
    const runId = JSON.parse(run.outputs["run-ids"] ?? "[]")[0];
    const { json } = await emulator.api("GET", `/processor_runs/${runId}`, { key: KEY });
    expect(json.processorRun.metadata).toMatchObject({
      team: "billing",
      "extendkit:file": "invoices/2024/b.txt",
    });
  });

  it("fails on an extendkit-fail file: exit 1, annotation at the file, summary, outputs, results", async () => {
    const run = await runBundle({
      bin,
      inputs: inputs(),
      files: { "invoices/good.txt": invoice("G"), "invoices/bad.txt": invoice("B", "extendkit-fail") },
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /^::error title=Extend%3A failed \(dpr_\w+\),file=invoices\/bad\.txt::PROCESSING_ERROR: /m,
    );
    expect(run.stdout).toContain("::error::1 failed of 2 files (fail-on: failed,cancelled,timeout,error).");
    expect(run.outputs).toMatchObject({ status: "failure", total: "2", processed: "1", failed: "1" });
    expect(run.summary).toContain("## ❌ Extend processor");
    // The emulator is not Extend: the run id is shown without a dashboard link (issue 12 §5).
    expect(run.summary).toMatch(
      /\| `invoices\/bad\.txt` \| ❌ failed \| .* \| `dpr_\w+` \| PROCESSING_ERROR: /,
    );
    expect(run.summary).not.toContain("dashboard.extend.ai");
    const bad = run.results.files.find((f: { file: string }) => f.file === "invoices/bad.txt");
    expect(bad).toMatchObject({ outcome: "failed", status: "FAILED", failureReason: "PROCESSING_ERROR" });
    expect(secretLeaks(run, KEY)).toEqual([]);
  });

  it("passes with fail-on never and reports the failure as a warning", async () => {
    const run = await runBundle({
      bin,
      inputs: inputs({ "fail-on": "never" }),
      files: { "invoices/bad.txt": invoice("B", "extendkit-fail") },
    });
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ status: "success", failed: "1" });
    expect(run.stdout).toMatch(/^::warning title=Extend%3A failed .*file=invoices\/bad\.txt::/m);
  });

  it.each([
    ["error", 1],
    ["warn", 0],
    ["ignore", 0],
  ] as const)("no matching files with if-no-files-found %s → exit %i", async (policy, code) => {
    const run = await runBundle({
      bin,
      inputs: inputs({ "if-no-files-found": policy }),
      files: { "other/x.txt": "x" },
    });
    expect(run.code).toBe(code);
    const message = "No files match the files input (invoices/**/*.txt, !invoices/drafts/**)";
    if (policy === "error") {
      expect(run.stdout).toContain(`::error::${message} (if-no-files-found: error).`);
      expect(run.outputs["status"]).toBe("failure");
    } else {
      expect(run.stdout.includes(`::warning::${message}`)).toBe(policy === "warn");
      expect(run.stdout).toContain(message);
      expect(run.outputs).toMatchObject({ status: "success", total: "0", "run-ids": "[]" });
      expect(run.results.files).toEqual([]);
    }
    expect(await emulator.journal()).toEqual([]);
  });

  it("a wrong key: exit 1, 'check the api-key input', one request, key nowhere", async () => {
    const wrong = uniqueKey("wrong");
    const run = await runBundle({
      bin,
      inputs: inputs({ "api-key": wrong, concurrency: "1" }),
      files: { "invoices/a.txt": invoice("A"), "invoices/b.txt": invoice("B") },
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("check the api-key input");
    expect(run.stdout).toMatch(/^::error::A fatal error stopped the action: check the api-key input/m);
    expect(run.outputs).toMatchObject({ status: "failure", errored: "2" });
    const journal = await emulator.journal();
    // The one request is the authenticated read made before any upload (issue 12 §5).
    expect(journal).toHaveLength(1);
    expect(journal[0]).toMatchObject({ method: "GET", path: "/processor_runs", status: 401 });
    expect(secretLeaks(run, wrong)).toEqual([]);
  });

  it("an unknown processor: exit 1, 'check processor-id', no more files started", async () => {
    const run = await runBundle({
      bin,
      inputs: inputs({ "processor-id": "dp_does_not_exist", concurrency: "1" }),
      files: { "invoices/a.txt": invoice("A"), "invoices/b.txt": invoice("B") },
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      "check processor-id and processor-version: the processor was not found (404)",
    );
    expect(run.outputs).toMatchObject({ status: "failure", errored: "2" });
    const journal = await emulator.journal();
    expect(journal.filter((e) => e.method === "POST" && e.path === "/processor_runs")).toHaveLength(1);
  });

  it("max-files exceeded: stops before any upload", async () => {
    const files = Object.fromEntries(
      Array.from({ length: 4 }, (_, i) => [`invoices/f${i}.txt`, invoice(`${i}`)]),
    );
    const run = await runBundle({ bin, inputs: inputs({ "max-files": "3" }), files });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("::error::4 files match the files input");
    expect(run.stdout).toContain("more than max-files (3). Nothing was uploaded.");
    expect(run.outputs["status"]).toBe("failure");
    expect(await emulator.journal()).toEqual([]);
  });

  it("dry-run: validates, proves the key with one GET, prints the plan, creates nothing", async () => {
    const run = await runBundle({
      bin,
      inputs: inputs({ "dry-run": "true" }),
      files: { "invoices/a.txt": invoice("A"), "invoices/b.txt": invoice("B") },
    });
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toContain("would process invoices/a.txt");
    expect(run.stdout).toContain("Dry run: 2 files would be processed; nothing was created.");
    expect(run.outputs).toMatchObject({ status: "success", total: "2", processed: "0", "run-ids": "[]" });
    expect(run.results).toMatchObject({
      dryRun: true,
      files: [{ file: "invoices/a.txt" }, { file: "invoices/b.txt" }],
    });
    expect(run.summary).toContain("Extend dry run");
    const journal = await emulator.journal();
    expect(journal.map((e) => `${e.method} ${e.path}`)).toEqual(["GET /processor_runs"]);
    expect(secretLeaks(run, KEY)).toEqual([]);
  });

  it("dry-run with a wrong key fails with the advice", async () => {
    const wrong = uniqueKey("dry");
    const run = await runBundle({
      bin,
      inputs: inputs({ "dry-run": "true", "api-key": wrong }),
      files: { "invoices/a.txt": "x" },
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("check the api-key input");
    expect(secretLeaks(run, wrong)).toEqual([]);
  });

  it("rejects a bad input before any request, quoting it", async () => {
    const run = await runBundle({
      bin,
      inputs: inputs({ concurrency: "64" }),
      files: { "invoices/a.txt": "x" },
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('::error::Input "concurrency" must be an integer from 1 to 32; got "64".');
    expect(await emulator.journal()).toEqual([]);
    expect(secretLeaks(run, KEY)).toEqual([]);
  });
});
