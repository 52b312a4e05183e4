import { execFile } from "node:child_process";
import { cp, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
const deno = join(root, "node_modules", ".bin", "deno");
const readJson = async (file: string) => JSON.parse(await readFile(join(root, file), "utf8"));

describe("JSR package (Deno users install @extendkit/core from JSR)", () => {
  it("jsr.json names the same package and version as package.json and exports the source entry", async () => {
    const [jsr, pkg] = await Promise.all([readJson("jsr.json"), readJson("package.json")]);
    expect(jsr).toMatchObject({ name: pkg.name, version: pkg.version, license: pkg.license });
    expect(jsr.exports).toBe("./src/index.ts");
  });

  /** Runs `deno publish --dry-run` in `cwd` and returns what it printed; rejects when it fails. */
  async function dryRun(cwd: string, extra: string[] = []): Promise<string> {
    const { stdout, stderr } = await promisify(execFile)(deno, ["publish", "--dry-run", ...extra], {
      cwd,
      env: { ...process.env, NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1" },
    });
    return stdout + stderr;
  }

  it("`deno publish --dry-run` passes without --sloppy-imports (no slow types, every import resolves)", async () => {
    // Here, inside the pnpm workspace (as a maintainer publishes): --allow-dirty only because this is a working
    // tree. And in a copy of just the published files outside any package.json, where Deno resolves strictly
    // and loads no @types/node, so Node-only globals or a `.js` specifier would fail the type check.
    const alone = await mkdtemp(join(tmpdir(), "extendkit-jsr-"));
    try {
      for (const file of ["jsr.json", "README.md", "LICENSE", "src"]) {
        await cp(join(root, file), join(alone, file), { recursive: true });
      }
      const [inWorkspace, isolated] = await Promise.all([dryRun(root, ["--allow-dirty"]), dryRun(alone)]);
      for (const output of [inWorkspace, isolated]) {
        expect(output).toContain("Dry run complete");
        expect(output).not.toMatch(/sloppy|warning/i);
        expect(output).toContain("src/write-outcome.ts");
        expect(output).toContain("LICENSE");
        expect(output).not.toMatch(/\/test\/|\/dist\/|package\.json/);
      }
    } finally {
      await rm(alone, { recursive: true, force: true });
    }
  }, 180_000);

  it("the source imports its own files with .ts extensions, as Deno resolves them", async () => {
    const files = (await readdir(join(root, "src"), { recursive: true })).filter((f) => f.endsWith(".ts"));
    for (const file of files) {
      const text = await readFile(join(root, "src", file), "utf8");
      const relative = [...text.matchAll(/from "(\.{1,2}\/[^"]+)"/g)].map((m) => m[1]);
      expect(
        relative.filter((specifier) => !specifier?.endsWith(".ts")),
        file,
      ).toEqual([]);
    }
  });
});

describe("npm package (built before tests run)", () => {
  it("declarations import .js, like the JavaScript next to them", async () => {
    const files = (await readdir(join(root, "dist"), { recursive: true })).filter((f) => f.endsWith(".d.ts"));
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const text = await readFile(join(root, "dist", file), "utf8");
      expect(text, file).not.toMatch(/["']\.{1,2}\/[^"']+\.ts["']/);
    }
    const index = await readFile(join(root, "dist", "index.d.ts"), "utf8");
    expect(index).toContain('from "./errors.js"');
  });
});
