// `pnpm demo` as a new user runs it (after the build): `node tooling/scripts/demo.mjs` from the
// repository root. It must exit 0, print the results table, leave the job summary and the results file
// where it says, and leave nothing running: every pid it reported is gone and every port it used is closed.
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isPortClosed } from "../src/free-port.js";
import { documentsDir, repoRoot } from "../src/paths.js";
import { isAlive } from "../src/process-tree.js";

interface DemoRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runDemo(timeoutMs: number): Promise<DemoRun> {
  const env = { ...process.env };
  // The demo's embedded default: no real Extend credentials.
  delete env["EXTEND_API_KEY"];
  delete env["EXTEND_PROCESSOR_ID"];
  delete env["EXTENDKIT_DEMO_PROCESSOR"];
  delete env["EXTENDKIT_DEMO_FILES"];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(repoRoot, "tooling", "scripts", "demo.mjs")], {
      cwd: repoRoot,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    const timer = setTimeout(() => child.kill("SIGTERM"), timeoutMs);
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe("pnpm demo", () => {
  it("runs the action through the proxy on the emulator, prints the table and cleans up", async () => {
    const run = await runDemo(110_000);
    const output = `${run.stdout}\n${run.stderr}`;
    expect(run.code, output.slice(-4000)).toBe(0);

    // The results table: a header and one processed row per sample invoice and receipt.
    const samples = readdirSync(documentsDir).filter((name) => /^(invoice|receipt)-/.test(name));
    expect(samples.length).toBeGreaterThan(0);
    expect(run.stdout).toMatch(/^file\s+status\s+run\s+time\s+result$/m);
    for (const name of samples) {
      expect(run.stdout).toMatch(new RegExp(`^examples/documents/${name.replace(/\./g, "\\.")}\\s+processed\\s+dpr_`, "m"));
    }
    expect(run.stdout).toContain(`${samples.length} file(s): ${samples.length} processed`);

    // The artifacts are where the demo says they are.
    const resultsPath = join(repoRoot, ".artifacts", "demo", "results.json");
    const summaryPath = join(repoRoot, ".artifacts", "demo", "summary.md");
    expect(run.stdout).toContain("results file: .artifacts/demo/results.json");
    expect(run.stdout).toContain("job summary:  .artifacts/demo/summary.md");
    expect(existsSync(resultsPath)).toBe(true);
    const results = JSON.parse(readFileSync(resultsPath, "utf8")) as {
      status: string;
      totals: { total: number; processed: number };
      files: Array<{ file: string; outcome: string; output: unknown }>;
    };
    expect(results.status).toBe("success");
    expect(results.totals).toMatchObject({ total: samples.length, processed: samples.length });
    expect(results.files.every((f) => f.output !== null)).toBe(true);
    expect(readFileSync(summaryPath, "utf8")).toMatch(/processed/i);

    // Everything it started is gone: the pids it reported and the ports it listened on.
    const pids = [...run.stdout.matchAll(/\(pid (\d+)\)/g)].map((m) => Number(m[1]));
    const ports = [...run.stdout.matchAll(/listening on http:\/\/127\.0\.0\.1:(\d+)/g)].map((m) => Number(m[1]));
    expect(pids).toHaveLength(2);
    expect(ports).toHaveLength(2);
    for (const pid of pids) expect(isAlive(pid), `pid ${pid} still running`).toBe(false);
    for (const port of ports) expect(await isPortClosed(port), `port ${port} still open`).toBe(true);
  }, 120_000);
});
