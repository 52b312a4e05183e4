// Issue 12 §2 with the committed bundle: a glob base symlinked out of the workspace uploads nothing from
// outside and is listed with its reason; a config path outside the workspace is refused before it is read,
// and nothing of it reaches the log.
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runActionBundle } from "@extendkit/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { invoice, RUNTIMES, uniqueKey, useSuiteEmulator } from "./harness.js";

const KEY = uniqueKey("contained");

describe.each(RUNTIMES)("dist/index.js under $name", ({ name, bin }) => {
  let base: string;
  let workspace: string;
  let outside: string;
  beforeAll(async () => {
    expect(existsSync(bin), `${name} binary missing at ${bin}`).toBe(true);
    base = await mkdtemp(join(tmpdir(), "extendkit-contained-"));
    workspace = join(base, "workspace");
    outside = join(base, "outside");
    await mkdir(join(workspace, "docs"), { recursive: true });
    await mkdir(outside, { recursive: true });
    await writeFile(join(workspace, "docs", "ok.txt"), invoice("INSIDE-1"));
    await writeFile(join(outside, "secret.txt"), invoice("OUTSIDE-SECRET"));
    await writeFile(join(outside, "config.json"), "root:x:0:0:root:/root:/bin/bash\n");
    await symlink(outside, join(workspace, "invoices"));
    await symlink(join(workspace, "missing.txt"), join(workspace, "docs", "dangling.txt"));
  });
  afterAll(async () => {
    await rm(base, { recursive: true, force: true });
  });
  const { emulator, inputs } = useSuiteEmulator({
    key: KEY,
    latency: "instant",
    files: "invoices/**/*.txt\ndocs/*.txt",
  });

  /** The bundle in this suite's own workspace (the symlinks must exist before the step starts). */
  async function runHere(extra: Record<string, string> = {}) {
    const workDir = await mkdtemp(join(base, "runner-"));
    const run = await runActionBundle({
      node: bin,
      inputs: inputs(extra),
      workDir,
      workspace,
      env: { PATH: process.env["PATH"] ?? "", HOME: workDir },
      timeoutMs: 45_000,
    });
    const resultsPath = join(run.runnerTemp, "extend-results.json");
    const resultsText = existsSync(resultsPath) ? await readFile(resultsPath, "utf8") : undefined;
    return { ...run, resultsText, results: resultsText === undefined ? undefined : JSON.parse(resultsText) };
  }

  it("refuses a glob base symlinked out of the workspace and lists what it skipped", async () => {
    const run = await runHere();
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.results.files.map((f: { file: string }) => f.file)).toEqual(["docs/ok.txt"]);
    expect(run.results.skipped).toEqual([
      { path: "docs/dangling.txt", reason: "dangling symlink (its target does not exist)" },
      { path: "invoices", reason: "symlink to a path outside the workspace (refused)" },
    ]);
    expect(run.stdout).toContain("invoices: symlink to a path outside the workspace (refused)");
    expect(run.summary).toContain("Skipped, not processed (2)");
    const uploads = (await emulator.journal()).filter((e) => e.path === "/files/upload");
    expect(uploads).toHaveLength(1);
    expect(run.stdout + run.summary + (run.resultsText ?? "")).not.toContain("OUTSIDE-SECRET");
  });

  it("refuses a config path outside the workspace before reading it, echoing nothing", async () => {
    const run = await runHere({ config: "../outside/config.json" });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("the path given is outside it (not read)");
    expect(run.stdout + run.stderr).not.toContain("root:x");
    expect(await emulator.journal()).toEqual([]);
  });
});
