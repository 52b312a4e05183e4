// cache-dir from the committed bundle, run as the runner runs it on Node 20 and 24 against the emulator (PAYG
// limits on): a second job over the same documents creates no run, one changed document creates exactly one.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type EmulatorProcess, runActionBundle, startEmulatorProcess } from "@extendkit/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { invoice, RUNTIMES } from "./harness.js";

const KEY = "sk_test_cache_e2e_0123456789";
let emulator: EmulatorProcess;
let base: string;

beforeAll(async () => {
  emulator = await startEmulatorProcess({ apiKey: KEY, limits: "payg", latency: "instant" });
  base = await mkdtemp(join(tmpdir(), "extendkit-cache-e2e-"));
}, 60_000);
afterAll(async () => {
  await emulator?.stop();
  await rm(base, { recursive: true, force: true });
});

const creates = async () =>
  (await emulator.admin.journal()).filter((e) => e.method === "POST" && e.path.endsWith("/processor_runs"))
    .length;

describe.each(RUNTIMES)("cache-dir under $name", ({ name, bin }) => {
  it("reuses unchanged documents: no run the second time, one run for one changed document", async () => {
    const workspace = join(base, name, "workspace");
    await mkdir(join(workspace, "docs"), { recursive: true });
    for (const n of ["1", "2", "3", "4"])
      await writeFile(join(workspace, "docs", `${n}.txt`), invoice(`INV-${n}`));
    let job = 0;
    const run = async () => {
      job++;
      const before = await creates();
      const result = await runActionBundle({
        node: bin,
        workDir: join(base, name, `job-${job}`),
        workspace,
        inputs: {
          "api-key": KEY,
          "base-url": emulator.url,
          "processor-id": "dp_invoice_extractor",
          "processor-version": "1.0",
          files: "docs/*.txt",
          "cache-dir": ".extend-cache",
        },
        env: { PATH: process.env["PATH"] ?? "", HOME: base, CI: "true" },
        github: { GITHUB_REPOSITORY: "acme/cache", GITHUB_RUN_ID: String(job) },
        timeoutMs: 60_000,
      });
      expect(result.code, result.stdout + result.stderr).toBe(0);
      return { outputs: result.outputs, runs: (await creates()) - before };
    };
    expect(await run()).toMatchObject({ runs: 4, outputs: { processed: "4", cached: "0" } });
    expect(await run()).toMatchObject({
      runs: 0,
      outputs: { processed: "0", cached: "4", status: "success" },
    });
    await writeFile(join(workspace, "docs", "3.txt"), invoice("INV-3b"));
    expect(await run()).toMatchObject({ runs: 1, outputs: { processed: "1", cached: "3" } });
  }, 120_000);
});
