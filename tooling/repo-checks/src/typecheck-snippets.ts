// Type-checks README snippets with `tsc --noEmit` against the workspace's built packages: each snippet is
// written as its own module under .tmp/snippets/<env>/ (git-ignored; `@extendkit/*` resolve to the
// workspace packages), one tsc program per environment, and tsc's errors are mapped back to README lines.
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Snippet, SnippetEnv } from "./readme-snippets.js";

const PACKAGE_DIR = join(dirname(new URL(import.meta.url).pathname), "..");
const require = createRequire(join(PACKAGE_DIR, "package.json"));

/**
 * Names the README fragments use without defining them, as a reader would have them from the text around
 * the block: a configured client and the ids of things made earlier. Anything else must be imported or
 * defined in the snippet itself.
 */
const PLACEHOLDERS = `// Free names README fragments may use (see tooling/repo-checks/README.md).
declare const client: import("@extendkit/core").ExtendClient;
declare const id: string;
declare const processorId: string;
declare const fileId: string;
declare const apiKey: string;
declare const clientToken: string;
declare const clientTokenOrJwt: string;
declare const signal: AbortSignal;
`;

const STRICT = {
  target: "ES2022",
  module: "ESNext",
  moduleResolution: "Bundler",
  strict: true,
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  noImplicitOverride: true,
  isolatedModules: true,
  allowImportingTsExtensions: true,
  resolveJsonModule: true,
  skipLibCheck: true,
  noEmit: true,
};

function envOptions(env: SnippetEnv): Record<string, unknown> {
  switch (env) {
    case "node":
      return { lib: ["ES2023"], types: ["node"] };
    case "browser":
      return { lib: ["ES2023", "DOM", "DOM.Iterable"], types: [] };
    case "worker":
      return { lib: ["ES2023"], types: ["@cloudflare/workers-types/latest"] };
    case "bun":
      return { lib: ["ESNext"], types: ["bun-types"] };
    case "deno":
      // `npm:` specifiers of our own packages resolve to the workspace packages.
      return {
        lib: ["ESNext"],
        types: [],
        paths: { "npm:@extendkit/*": [join(PACKAGE_DIR, "node_modules", "@extendkit", "*")] },
      };
  }
}

/** Deno's global types from the workspace's deno binary, minus its private `deno.*` lib references. */
function denoTypes(): string {
  const deno = join(dirname(require.resolve("deno/package.json")), "bin.cjs");
  const result = spawnSync(process.execPath, [deno, "types"], { encoding: "utf8", maxBuffer: 64 << 20 });
  if (result.status !== 0) throw new Error(`deno types failed: ${result.stderr}`);
  return result.stdout.replace(/^\/\/\/ <reference (lib="deno\.[^"]*"|no-default-lib="true") \/>$/gm, "");
}

/** Relative import specifiers point at the README's own folder, as they do for its reader. */
function resolveRelativeImports(code: string, readmeDir: string): string {
  return code.replace(
    /((?:from|import)\s*\(?\s*["'])(\.{1,2}\/[^"']+)(["'])/g,
    (_match, before: string, path: string, after: string) => `${before}${join(readmeDir, path)}${after}`,
  );
}

/** tsc's errors per snippet, as `README.md:line:col TSxxxx message`; a snippet without errors maps to []. */
export function typecheckSnippets(root: string, snippets: readonly Snippet[]): Map<Snippet, string[]> {
  const workDir = join(PACKAGE_DIR, ".tmp", "snippets");
  rmSync(workDir, { recursive: true, force: true });
  const results = new Map<Snippet, string[]>();
  const envs = [...new Set(snippets.map((s) => s.env))];
  for (const env of envs) {
    const dir = join(workDir, env);
    mkdirSync(dir, { recursive: true });
    const byFile = new Map<string, Snippet>();
    const files = ["placeholders.d.ts"];
    writeFileSync(join(dir, "placeholders.d.ts"), PLACEHOLDERS);
    if (env === "deno") {
      writeFileSync(join(dir, "deno.d.ts"), denoTypes());
      files.push("deno.d.ts");
    }
    snippets
      .filter((s) => s.env === env)
      .forEach((snippet, index) => {
        const name = `${snippet.readme.replace(/[^\w]+/g, "-")}-L${snippet.line}-${index}.ts`;
        const code = resolveRelativeImports(snippet.code, join(root, dirname(snippet.readme)));
        // `export {}` makes every snippet a module: its own scope, and top-level await allowed.
        writeFileSync(join(dir, name), `${code}\nexport {};\n`);
        files.push(name);
        byFile.set(name, snippet);
        results.set(snippet, []);
      });
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { ...STRICT, ...envOptions(env) }, files }, null, 2),
    );
    const tsc = require.resolve("typescript/bin/tsc");
    // Run in the snippet folder, so tsc names the snippets by their bare file names.
    const run = spawnSync(process.execPath, [tsc, "-p", "tsconfig.json", "--pretty", "false"], {
      cwd: dir,
      encoding: "utf8",
      maxBuffer: 64 << 20,
    });
    let last: string[] | undefined;
    let located = false;
    for (const line of run.stdout.split("\n")) {
      const error = /^(.+?)\((\d+),(\d+)\): error (TS\d+): (.*)$/.exec(line);
      if (error) {
        located = true;
        const [, file, row, col, code, message] = error;
        const snippet = byFile.get(file!);
        // Errors inside the packages a snippet imports belong to those packages' own typecheck.
        if (!snippet) {
          last = undefined;
          continue;
        }
        last = results.get(snippet)!;
        last.push(`${snippet.readme}:${snippet.line + Number(row) - 1}:${col} ${code} ${message}`);
      } else if (last && /^\s+\S/.test(line)) {
        last[last.length - 1] += ` ${line.trim()}`;
      }
    }
    if (run.status !== 0 && !located) {
      // tsc failed without naming a file (bad options, a missing types package): fail every snippet.
      const why = `tsc failed for the ${env} snippets: ${(run.stdout + run.stderr).trim().slice(0, 2000)}`;
      for (const snippet of byFile.values()) results.get(snippet)!.push(why);
    }
  }
  return results;
}
