// The handler (`@extendkit/emulator/handler`, and the main entry until startEmulator is called) must run on
// Workers, Deno, Bun and browsers: no Node built-ins, no `process`, no `Buffer` in its import graph.
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const src = join(dirname(fileURLToPath(import.meta.url)), "..", "src");

function importGraph(entry: string): Map<string, string> {
  const seen = new Map<string, string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    const text = readFileSync(file, "utf8");
    seen.set(file, text);
    for (const match of text.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?from\s+"(\.[^"]+)"/gms)) {
      visit(resolve(dirname(file), match[1]!.replace(/\.js$/, ".ts")));
    }
  };
  visit(join(src, entry));
  return seen;
}

describe("runtime-agnostic handler", () => {
  it("handler.ts reaches no node: import, process or Buffer", () => {
    const graph = importGraph("handler.ts");
    expect(graph.size).toBeGreaterThan(20);
    for (const [file, text] of graph) {
      const code = text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
      expect(code, file).not.toMatch(/from\s+"node:|import\("node:|require\(/);
      expect(code, file).not.toMatch(/\bprocess\.|\bBuffer\b/);
    }
  });

  it("index.ts adds only server.ts and the cassette file helpers, which load node: modules lazily", () => {
    const extra = [...importGraph("index.ts").keys()].filter((file) => !importGraph("handler.ts").has(file));
    expect(extra.map((file) => file.slice(src.length + 1)).sort()).toEqual([
      "cassette/file-store.ts",
      "cassette/node-options.ts",
      "index.ts",
      "server.ts",
    ]);
    for (const file of extra) {
      expect(readFileSync(file, "utf8"), file).not.toMatch(/^import\s+(?!type\b).*from\s+"node:/m);
    }
    expect(readFileSync(join(src, "server.ts"), "utf8")).toContain('await import("node:http")');
    expect(readFileSync(join(src, "cassette", "file-store.ts"), "utf8")).toContain(
      'await import("node:fs/promises")',
    );
  });
});
