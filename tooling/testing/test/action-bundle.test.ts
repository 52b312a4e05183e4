import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runActionBundle, startActionBundle } from "../src/action-bundle.js";
import { parseGithubOutput } from "../src/github-output.js";

/** A stand-in bundle that reports what the runner contract gave it; the real bundle is tested in apps/action. */
function probeBundle(dir: string): string {
  const path = join(dir, "probe.mjs");
  writeFileSync(
    path,
    `import { appendFileSync } from "node:fs";
const env = process.env;
const seen = Object.fromEntries(Object.entries(env).filter(([k]) => k.startsWith("INPUT_") || k.startsWith("GITHUB_") || k === "RUNNER_TEMP" || k === "LEAK"));
appendFileSync(env.GITHUB_OUTPUT, "seen<<EOF_1\\n" + JSON.stringify(seen) + "\\nEOF_1\\n");
appendFileSync(env.GITHUB_OUTPUT, "cwd=" + process.cwd() + "\\n");
appendFileSync(env.GITHUB_STEP_SUMMARY, "# summary\\n");
if (env["INPUT_WAIT"] === "yes") { process.on("SIGTERM", () => process.exit(7)); setInterval(() => {}, 1000); }
else process.exitCode = Number(env["INPUT_EXIT-CODE"] ?? 0);
console.log("out line");
console.error("err line");
`,
  );
  return path;
}

describe("runActionBundle", () => {
  it("runs the bundle as the runner does: INPUT_* with dashes kept, files created, no stale inputs", async () => {
    const dir = mkdtempSync(join(tmpdir(), "testing-action-"));
    const workspace = mkdtempSync(join(tmpdir(), "testing-workspace-"));
    const run = await runActionBundle({
      node: process.execPath,
      bundle: probeBundle(dir),
      inputs: { "exit-code": "3", "processor id": "dp_x" },
      workDir: dir,
      workspace,
      env: { PATH: process.env["PATH"] ?? "", INPUT_STALE: "from the test", LEAK: "kept" },
      github: { GITHUB_REPOSITORY: "acme/repo" },
    });
    expect(run.code).toBe(3);
    expect(run.signal).toBeNull();
    expect(run.stdout).toContain("out line");
    expect(run.stderr).toContain("err line");
    expect(run.summary).toBe("# summary\n");
    expect(run.outputs["cwd"]).toBe(workspace);
    const seen = JSON.parse(run.outputs["seen"] ?? "{}") as Record<string, string>;
    expect(seen).toEqual({
      "INPUT_EXIT-CODE": "3",
      INPUT_PROCESSOR_ID: "dp_x",
      LEAK: "kept",
      GITHUB_ACTIONS: "true",
      GITHUB_WORKSPACE: workspace,
      GITHUB_OUTPUT: run.outputPath,
      GITHUB_STEP_SUMMARY: run.summaryPath,
      GITHUB_REPOSITORY: "acme/repo",
      RUNNER_TEMP: run.runnerTemp,
    });
    expect(parseGithubOutput(readFileSync(run.outputPath, "utf8"))).toEqual(run.outputs);
  });

  it("lets the caller signal the running bundle", async () => {
    const dir = mkdtempSync(join(tmpdir(), "testing-action-"));
    const started = startActionBundle({
      node: process.execPath,
      bundle: probeBundle(dir),
      inputs: { wait: "yes" },
      workDir: dir,
      workspace: dir,
    });
    await started.process.waitFor(/out line/, 10_000);
    started.process.child.kill("SIGTERM");
    expect((await started.result).code).toBe(7);
  });
});

describe("parseGithubOutput", () => {
  it("reads name=value lines and heredoc blocks; the last value wins", () => {
    const text = "a=1\nb<<ghadelim_x\nline 1\nline=2\nghadelim_x\na=3\nempty<<D\nD\n";
    expect(parseGithubOutput(text)).toEqual({ a: "3", b: "line 1\nline=2", empty: "" });
  });
});
