import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

const entry = fileURLToPath(new URL("../../src/index.ts", import.meta.url));

describe("the package is platform-neutral", () => {
  it("bundles for --platform=neutral with no externals and no Node built-ins", async () => {
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      platform: "neutral",
      format: "esm",
      write: false,
      metafile: true,
      logLevel: "silent",
    });
    expect(result.errors).toEqual([]);
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.every((p) => p.startsWith("src/") || p.includes("/src/"))).toBe(true);
    const output = Object.values(result.metafile.outputs)[0];
    expect(output?.imports ?? []).toEqual([]);
    const code = result.outputFiles[0]?.text ?? "";
    expect(code).not.toMatch(/\bnode:/);
    expect(code).not.toMatch(/\brequire\(/);
    expect(code).not.toMatch(/\bprocess\./);
    expect(code).not.toMatch(/\bBuffer\b/);
  });
});
