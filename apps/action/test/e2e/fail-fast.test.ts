// Issue 12 §5 with the committed bundle run as the runner runs it: the overall timeout holds (cancels and
// hanging requests included), an unreachable API is one fatal message, at most 10 error annotations with
// the overview first, fork pull requests can skip, and two steps of one job keep their own results file.
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runActionBundle } from "@extendkit/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { invoice, RUNTIMES, runBundle, uniqueKey, useSuiteEmulator } from "./harness.js";

const KEY = uniqueKey("failfast");

describe.each(RUNTIMES)("dist/index.js under $name", ({ name, bin }) => {
  beforeAll(() => {
    expect(existsSync(bin), `${name} binary missing at ${bin}`).toBe(true);
  });
  const { emulator, inputs } = useSuiteEmulator({ key: KEY, latency: "instant", files: "docs/*.txt" });
  let scratch: string;
  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), "extendkit-failfast-"));
  });
  afterAll(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  it("holds the overall timeout to within 1 s when a create hangs", async () => {
    await emulator.admin.addFaults({ method: "POST", path: "/processor_runs", delayMs: 30_000, count: 5 });
    const wall = Date.now();
    const run = await runBundle({
      bin,
      inputs: inputs({ timeout: "3s", concurrency: "2" }),
      files: { "docs/a.txt": invoice("A"), "docs/b.txt": invoice("B") },
    });
    // The step reports at the deadline and exits; it does not wait for the 30 s the create hangs.
    expect(Date.now() - wall).toBeLessThan(20_000);
    expect(run.code).toBe(1);
    expect(run.results.durationMs).toBeLessThanOrEqual(3000 + 1000);
    expect(run.results.stoppedEarly).toBe("timeout");
    expect(run.outputs["timed-out"]).toBe("2");
  });

  it("holds the overall timeout to within 1 s with a stuck run, its cancel included", async () => {
    const run = await runBundle({
      bin,
      inputs: inputs({ timeout: "3s" }),
      files: { "docs/a-extendkit-stuck.txt": invoice("STUCK") },
    });
    expect(run.code).toBe(1);
    expect(run.results.durationMs).toBeLessThanOrEqual(3000 + 1000);
    expect(run.results.files[0]).toMatchObject({ outcome: "timed-out", status: "CANCELLED" });
  });

  it("an unreachable API: one fatal message, nothing uploaded", async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    await new Promise((resolve) => server.close(resolve));
    const files = Object.fromEntries(
      Array.from({ length: 39 }, (_, i) => [`docs/f${i}.txt`, invoice(`${i}`)]),
    );
    const run = await runBundle({ bin, inputs: inputs({ "base-url": `http://127.0.0.1:${port}` }), files });
    expect(run.code).toBe(1);
    const errors = run.stdout.split("\n").filter((line) => line.startsWith("::error"));
    expect(errors[0]).toMatch(/^::error::A fatal error stopped the action: could not reach base-url/);
    expect(errors).toHaveLength(2);
    expect(run.outputs).toMatchObject({ status: "failure", errored: "39" });
    expect(run.stdout).not.toContain("client.");
  });

  it("at most 10 error annotations in the step, the overview first", async () => {
    const files = Object.fromEntries(
      Array.from({ length: 25 }, (_, i) => [
        `docs/f${String(i).padStart(2, "0")}-extendkit-fail.txt`,
        invoice(`${i}`),
      ]),
    );
    await emulator.admin.addFaults({
      method: "POST",
      path: "/files/upload",
      status: 500,
      count: 30,
      probability: 0.3,
    });
    const run = await runBundle({ bin, inputs: inputs({ "max-files": "100" }), files });
    expect(run.code).toBe(1);
    const errors = run.stdout.split("\n").filter((line) => line.startsWith("::error"));
    expect(errors.length).toBeGreaterThan(1);
    expect(errors.length).toBeLessThanOrEqual(10);
    expect(errors[0]).toMatch(/^::error::\d+ failed(, \d+ errored)? of 25 files/);
  });

  it("on-missing-api-key: skip exits 0 with a notice and status=skipped", async () => {
    const run = await runBundle({
      bin,
      inputs: inputs({ "api-key": "", "on-missing-api-key": "skip" }),
      files: { "docs/a.txt": invoice("A") },
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^::notice title=Extend%3A skipped::No api-key/m);
    expect(run.outputs["status"]).toBe("skipped");
    expect(run.stdout).not.toContain("::error");
    expect(await emulator.journal()).toEqual([]);
  });

  it("two steps in one job keep their own default results file", async () => {
    const workspace = join(scratch, "ws");
    const workDir = join(scratch, "runner");
    await mkdir(join(workspace, "docs"), { recursive: true });
    await mkdir(workDir, { recursive: true });
    await writeFile(join(workspace, "docs", "a.txt"), invoice("A"));
    await writeFile(join(workspace, "docs", "b.txt"), invoice("B"));
    const step = (action: string, files: string) =>
      runActionBundle({
        node: bin,
        inputs: inputs({ files }),
        workDir,
        workspace,
        env: { PATH: process.env["PATH"] ?? "", HOME: workDir },
        github: { GITHUB_ACTION: action },
        timeoutMs: 45_000,
      });
    const first = await step("__org_extend-action", "docs/a.txt");
    const second = await step("__org_extend-action_2", "docs/b.txt");
    expect(first.code).toBe(0);
    expect(second.code).toBe(0);
    expect(first.runnerTemp).toBe(second.runnerTemp);
    const a = JSON.parse(
      await readFile(join(first.runnerTemp, "extend-results-__org_extend-action.json"), "utf8"),
    );
    const b = JSON.parse(
      await readFile(join(second.runnerTemp, "extend-results-__org_extend-action_2.json"), "utf8"),
    );
    expect(a.files.map((f: { file: string }) => f.file)).toEqual(["docs/a.txt"]);
    expect(b.files.map((f: { file: string }) => f.file)).toEqual(["docs/b.txt"]);
  });
});
