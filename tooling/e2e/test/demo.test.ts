// `pnpm demo` as a new user runs it (after the build): `node tooling/scripts/dist/demo.js` from the
// repository root. It must exit 0, print the results table, leave the job summary and the results file
// where it says, and leave nothing running: every pid it reported is gone and every port it used is closed.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { EmulatorAdmin } from "@extendkit/emulator/admin";
import {
  DOCUMENTS_DIR as documentsDir,
  isAlive,
  isPortClosed,
  REPO_ROOT as repoRoot,
} from "@extendkit/testing";
import { describe, expect, it } from "vitest";
import { artifactsDir } from "../src/paths.js";
import { expectedOutput } from "../src/sample-documents.js";

interface DemoRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the demo; `interruptWhen` is polled and, once true, the demo gets SIGINT as Ctrl-C sends it. */
function runDemo(
  timeoutMs: number,
  options: { files?: string; interruptWhen?: (stdout: string) => Promise<boolean> } = {},
): Promise<DemoRun> {
  const env = { ...process.env };
  // The demo's embedded default: no real Extend credentials.
  delete env["EXTEND_API_KEY"];
  delete env["EXTEND_PROCESSOR_ID"];
  delete env["EXTENDKIT_DEMO_PROCESSOR"];
  delete env["EXTENDKIT_DEMO_FILES"];
  if (options.files) env["EXTENDKIT_DEMO_FILES"] = options.files;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(repoRoot, "tooling", "scripts", "dist", "demo.js")], {
      cwd: repoRoot,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
    });
    const poll = options.interruptWhen
      ? setInterval(async () => {
          if (await options.interruptWhen!(stdout).catch(() => false)) {
            clearInterval(poll);
            child.kill("SIGINT");
          }
        }, 200)
      : undefined;
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    const timer = setTimeout(() => child.kill("SIGTERM"), timeoutMs);
    child.once("close", (code) => {
      clearTimeout(timer);
      clearInterval(poll);
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
      expect(run.stdout).toMatch(
        new RegExp(`^examples/documents/${name.replace(/\./g, "\\.")}\\s+processed\\s+dpr_`, "m"),
      );
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
    // Through the action, the proxy and the emulator, each document yields the output recorded for it.
    for (const file of results.files) {
      const name = file.file.replace(/^examples\/documents\//, "");
      const expected = expectedOutput(name, "dp_invoice_extractor");
      if (expected !== undefined) expect(file.output, file.file).toEqual(expected);
      else expect(file.output, file.file).not.toBeNull();
    }
    const summary = readFileSync(summaryPath, "utf8");
    expect(summary).toMatch(/processed/i);
    // Neither the upstream key nor the client token shows up anywhere the user looks.
    for (const text of [output, summary, readFileSync(resultsPath, "utf8")]) {
      expect(text).not.toMatch(/sk_test_demo_[0-9a-f]{6}/);
      expect(text).not.toMatch(/ekc_demo_[0-9a-f]{6}/);
    }

    // Everything it started is gone: the pids it reported and the ports it listened on.
    const pids = [...run.stdout.matchAll(/\(pid (\d+)\)/g)].map((m) => Number(m[1]));
    const ports = [...run.stdout.matchAll(/listening on http:\/\/127\.0\.0\.1:(\d+)/g)].map((m) =>
      Number(m[1]),
    );
    expect(pids).toHaveLength(2);
    expect(ports).toHaveLength(2);
    for (const pid of pids) expect(isAlive(pid), `pid ${pid} still running`).toBe(false);
    for (const port of ports) expect(await isPortClosed(port), `port ${port} still open`).toBe(true);
  }, 120_000);

  it("on Ctrl-C lets the action cancel its run and write its results, then stops everything", async () => {
    // A document the emulator keeps PROCESSING until it is cancelled (its `extendkit-stuck` trigger).
    const dir = join(artifactsDir, "demo-stuck");
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "stuck-invoice.txt"), "Invoice Number: STUCK-1\nTotal: 1.00\nextendkit-stuck\n");
    const run = await runDemo(110_000, {
      files: "tooling/e2e/.artifacts/demo-stuck/*.txt",
      // Ctrl-C once the run exists upstream (the emulator's journal shows the create), so there is a run to cancel.
      interruptWhen: async (stdout) => {
        const emulatorUrl = /emulator listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
        if (!emulatorUrl) return false;
        const journal = await new EmulatorAdmin(emulatorUrl).journal();
        return journal.some((r) => r.method === "POST" && r.path === "/processor_runs" && r.runId);
      },
    });
    const output = `${run.stdout}\n${run.stderr}`;
    expect(run.code, output.slice(-4000)).toBe(1);
    expect(run.stdout).toContain("demo │ SIGINT: stopping");
    expect(run.stdout).toContain("action exit code: 1 (interrupted by SIGINT)");
    const results = JSON.parse(
      readFileSync(join(repoRoot, ".artifacts", "demo", "results.json"), "utf8"),
    ) as {
      files: Array<{ file: string; outcome: string; status: string }>;
    };
    expect(results.files).toEqual([
      expect.objectContaining({
        file: "tooling/e2e/.artifacts/demo-stuck/stuck-invoice.txt",
        outcome: "cancelled",
        status: "CANCELLED",
      }),
    ]);
    const pids = [...run.stdout.matchAll(/\(pid (\d+)\)/g)].map((m) => Number(m[1]));
    const ports = [...run.stdout.matchAll(/listening on http:\/\/127\.0\.0\.1:(\d+)/g)].map((m) =>
      Number(m[1]),
    );
    expect(pids).toHaveLength(2);
    for (const pid of pids) expect(isAlive(pid), `pid ${pid} still running`).toBe(false);
    for (const port of ports) expect(await isPortClosed(port), `port ${port} still open`).toBe(true);
  }, 120_000);
});
