// Every TypeScript snippet of every README compiles (`tsc --noEmit`, strict) against the workspace's built
// packages, in the runtime it is written for, so the READMEs cannot drift from the code. Conventions (the
// HTML comment that sets a snippet's runtime or skips it, the free names fragments may use) are in
// tooling/repo-checks/README.md.
import { beforeAll, describe, expect, it } from "vitest";
import { extractSnippets, readmeSnippets, type Snippet } from "../src/readme-snippets.js";
import { REPO_ROOT } from "../src/repo.js";
import { typecheckSnippets } from "../src/typecheck-snippets.js";

const snippets = readmeSnippets(REPO_ROOT);
const checked = snippets.filter((s) => s.skip === undefined);

// Controls, checked in the same tsc runs: a snippet that must fail proves the check can fail.
const controls: Snippet[] = [
  {
    readme: "control/missing-import.md",
    line: 1,
    env: "node",
    code: 'const bytes = await readFile("invoice.pdf");\nconsole.log(bytes.length);',
  },
  {
    readme: "control/wrong-option.md",
    line: 1,
    env: "browser",
    code: 'import { ExtendClient } from "@extendkit/core";\nnew ExtendClient({ apiKey: "k", maxRetry: 2 });',
  },
  {
    readme: "control/deno-only.md",
    line: 1,
    env: "node",
    code: 'const key: string | undefined = Deno.env.get("EXTEND_API_KEY");',
  },
];

let errors: Map<Snippet, string[]>;
beforeAll(() => {
  errors = typecheckSnippets(REPO_ROOT, [...checked, ...controls]);
}, 300_000);

describe("README snippets type-check", () => {
  it("finds the snippets of the main READMEs", () => {
    const readmes = new Set(snippets.map((s) => s.readme));
    for (const readme of ["README.md", "packages/core/README.md", "packages/emulator/README.md"]) {
      expect(readmes.has(readme), readme).toBe(true);
    }
    expect(snippets.length).toBeGreaterThanOrEqual(15);
  });

  it("skips are rare and say why", () => {
    const skipped = snippets.filter((s) => s.skip !== undefined);
    expect(skipped.length).toBeLessThanOrEqual(2);
    for (const s of skipped) expect(s.skip!.length, `${s.readme}:${s.line}`).toBeGreaterThan(10);
  });

  it.each(snippets.map((s) => [`${s.readme}:${s.line} (${s.skip ? "skipped" : s.env})`, s] as const))(
    "%s",
    (_name, snippet) => {
      if (snippet.skip !== undefined) return;
      expect(errors.get(snippet)).toEqual([]);
    },
  );

  it("fails a snippet that does not compile (controls)", () => {
    const [missingImport, wrongOption, denoOnly] = controls.map((c) => errors.get(c)!.join("\n"));
    expect(missingImport).toMatch(/^control\/missing-import\.md:1:\d+ TS2304 Cannot find name 'readFile'/);
    expect(wrongOption).toMatch(/^control\/wrong-option\.md:2:\d+ TS2353 .*'maxRetry'/);
    expect(denoOnly).toMatch(/TS2304 Cannot find name 'Deno'/);
  });
});

describe("snippet comments", () => {
  const readme = [
    "<!-- snippet: deno -->",
    "```ts",
    "Deno.exit(0);",
    "```",
    "",
    "```sh",
    "echo not ts",
    "```",
    "<!-- snippet: skip: shows a shape, not code that runs -->",
    "",
    "```typescript",
    "type A = {",
    "```",
    "  ```ts",
    "  const indented = 1;",
    "  ```",
  ].join("\n");

  it("set the runtime, skip with a reason, and apply to the next block only", () => {
    expect(extractSnippets("X.md", readme)).toEqual([
      { readme: "X.md", line: 3, code: "Deno.exit(0);", env: "deno" },
      {
        readme: "X.md",
        line: 12,
        code: "type A = {",
        env: "node",
        skip: "shows a shape, not code that runs",
      },
      { readme: "X.md", line: 15, code: "const indented = 1;", env: "node" },
    ]);
  });

  it("refuse an unknown runtime or a comment before a block that is not TypeScript", () => {
    expect(() => extractSnippets("X.md", "<!-- snippet: python -->\n```ts\n```")).toThrow(/unknown snippet/);
    expect(() => extractSnippets("X.md", "<!-- snippet: deno -->\n```sh\n```")).toThrow(/not a ts one/);
  });
});
