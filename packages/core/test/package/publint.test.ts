import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));

describe("package metadata", () => {
  it("publint reports nothing (the package is built before tests run)", async () => {
    const { publint } = await import("publint");
    const { messages } = await publint({ pkgDir: root, level: "suggestion", strict: true });
    expect(messages).toEqual([]);
  });

  it("has zero runtime dependencies, ESM exports with types first, and no side effects", async () => {
    const pkg = JSON.parse(await readFile(`${root}/package.json`, "utf8"));
    expect(pkg.dependencies ?? {}).toEqual({});
    expect(pkg.peerDependencies ?? {}).toEqual({});
    expect(pkg.type).toBe("module");
    expect(pkg.sideEffects).toBe(false);
    expect(Object.keys(pkg.exports["."])).toEqual(["types", "default"]);
  });

  it("the built entry imports in plain Node without loading anything outside dist", async () => {
    const script = `
      const core = await import(${JSON.stringify(`${root}/dist/index.js`)});
      if (typeof core.ExtendClient !== "function") throw new Error("no ExtendClient");
      console.log(Object.keys(core).length);
    `;
    const { stdout } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", script]);
    expect(Number(stdout.trim())).toBeGreaterThan(20);
  });
});
