// Issue 12 §6: `pnpm release:action --out <dir>` writes the standalone action tree, and that tree — copied
// to a folder outside the repository, with no node_modules anywhere above it — runs as the runner runs
// it, on Node 20 and Node 24, against the emulator.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT, runActionBundle } from "@extendkit/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { invoice, RUNTIMES, uniqueKey, useSuiteEmulator } from "./harness.js";

const actionDir = join(REPO_ROOT, "apps", "action");

const KEY = uniqueKey("release");
let out: string;

beforeAll(async () => {
  // /tmp is outside the repository, and nothing above it has a node_modules folder to lean on.
  out = join(await mkdtemp(join(tmpdir(), "extendkit-release-")), "extend-action");
  const release = spawnSync(process.execPath, [join(actionDir, "scripts", "release.mjs"), "--out", out], {
    encoding: "utf8",
  });
  expect(release.status, release.stderr).toBe(0);
});
afterAll(async () => {
  await rm(join(out, ".."), { recursive: true, force: true });
});

describe("the released tree", () => {
  it("holds exactly action.yml, dist/index.js, README.md and LICENSE (plus its version)", async () => {
    expect(readdirSync(out).sort()).toEqual([".release", "LICENSE", "README.md", "action.yml", "dist"]);
    expect(readdirSync(join(out, "dist"))).toEqual(["index.js"]);
    const yml = await readFile(join(out, "action.yml"), "utf8");
    expect(yml).toMatch(/runs:\n\s+using: node24\n\s+main: dist\/index\.js/);
    expect(await readFile(join(out, "LICENSE"), "utf8")).toContain("MIT License");
    expect(existsSync(join(out, "node_modules"))).toBe(false);
  });
});

describe.each(RUNTIMES)("the released tree under $name", ({ bin }) => {
  const { inputs } = useSuiteEmulator({ key: KEY, latency: "instant", files: "docs/*.txt" });

  it("runs from outside the repository and processes files", async () => {
    const base = await mkdtemp(join(tmpdir(), "extendkit-release-run-"));
    const workspace = join(base, "workspace");
    await mkdir(join(workspace, "docs"), { recursive: true });
    await writeFile(join(workspace, "docs", "a.txt"), invoice("REL-1"));
    const run = await runActionBundle({
      node: bin,
      bundle: join(out, "dist", "index.js"),
      inputs: inputs(),
      workDir: join(base, "runner"),
      workspace,
      env: { PATH: process.env["PATH"] ?? "", HOME: base },
      timeoutMs: 45_000,
    });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.outputs).toMatchObject({ status: "success", processed: "1" });
    await rm(base, { recursive: true, force: true });
  });
});
