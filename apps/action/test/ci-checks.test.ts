// The CI checks of generated, committed files, as tests: dist/index.js must equal a fresh build, and the
// README tables must equal what action.yml generates. Also keeps action.yml and the parser in step.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseActionYml } from "../scripts/action-yml.mjs";
import { regenerateReadme } from "../scripts/readme-table.mjs";
import { INPUT_DEFAULTS, INPUT_NAMES } from "../src/inputs/index.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const actionYml = readFileSync(join(root, "action.yml"), "utf8");

/**
 * The committed bundle: the blob in git's HEAD when the file is tracked (the `build` task rewrites the
 * working copy before tests run, so only git still holds what was committed), else the working copy.
 */
function committedBundle(): { bytes: Buffer; source: string } {
  const git = spawnSync("git", ["show", "HEAD:./dist/index.js"], { cwd: root, maxBuffer: 64 * 1024 * 1024 });
  if (git.status === 0 && git.stdout.length > 0) return { bytes: git.stdout, source: "git HEAD" };
  return { bytes: readFileSync(join(root, "dist/index.js")), source: "working copy (not in git HEAD yet)" };
}

describe("committed dist/index.js", () => {
  it("is byte-identical to a fresh build (rebuilt into a temp dir)", () => {
    const dir = mkdtempSync(join(tmpdir(), "extendkit-dist-"));
    try {
      const outfile = join(dir, "index.js");
      const build = spawnSync(process.execPath, [join(root, "build.mjs"), "--outfile", outfile], {
        encoding: "utf8",
      });
      expect(build.status, build.stderr).toBe(0);
      const fresh = readFileSync(outfile);
      const committed = committedBundle();
      expect(fresh.length).toBeGreaterThan(100_000);
      expect(
        fresh.equals(committed.bytes),
        `dist/index.js (${committed.source}) differs from a fresh build: run \`pnpm --filter @extendkit/action bundle\` and commit dist/`,
      ).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the working copy equals a fresh build too (what the end-to-end tests run)", () => {
    const fresh = spawnSync(process.execPath, [join(root, "build.mjs"), "--check"], { encoding: "utf8" });
    expect(fresh.status, fresh.stderr).toBe(0);
  });

  it("is an ESM bundle that defines require for the CommonJS parts and inlines its dependencies", () => {
    const bundle = readFileSync(join(root, "dist/index.js"), "utf8");
    expect(
      bundle.startsWith('import { createRequire as __extendkitCreateRequire } from "node:module";'),
    ).toBe(true);
    expect(bundle).not.toMatch(/from\s+"(@actions\/core|@extendkit\/core|undici)"/);
    expect(bundle).not.toContain(root); // no absolute paths of this machine
  });
});

describe("action.yml", () => {
  const { inputs, outputs } = parseActionYml(actionYml);

  it("declares exactly the inputs the parser reads, with the same defaults", () => {
    expect(inputs.map((i) => i.name)).toEqual([...INPUT_NAMES]);
    for (const input of inputs) {
      const expected = (INPUT_DEFAULTS as Record<string, string>)[input.name];
      if (expected !== undefined) expect(input.default, input.name).toBe(expected);
      else expect(input.default ?? "", input.name).toBe("");
      expect(input.description.length, input.name).toBeGreaterThan(10);
    }
    // api-key is not required since auth: oidc (keyless) needs none; the parser enforces it for auth: key.
    expect(inputs.filter((i) => i.required).map((i) => i.name)).toEqual(["processor-id", "files"]);
  });

  it("declares every output the action sets", () => {
    expect(outputs.map((o) => o.name)).toEqual([
      "status",
      "total",
      "processed",
      "failed",
      "cancelled",
      "timed-out",
      "errored",
      "mismatched",
      "cached",
      "run-ids",
      "results-file",
      "field-accuracy",
    ]);
  });

  it("runs the committed bundle on node24 and has branding", () => {
    expect(actionYml).toMatch(/\nruns:\n {2}using: node24\n {2}main: dist\/index\.js\n/);
    expect(actionYml).toMatch(/\nbranding:\n {2}icon: [\w-]+\n {2}color: \w+\n/);
    expect(actionYml).toMatch(/^name: .+\ndescription: /);
  });
});

describe("README.md", () => {
  it("has the inputs and outputs tables generated from action.yml", () => {
    const readme = readFileSync(join(root, "README.md"), "utf8");
    expect(regenerateReadme(readme, actionYml), "run `pnpm --filter @extendkit/action readme`").toBe(readme);
    expect(readme).toMatch(/\| `processor-id` +\| yes +\|/);
  });

  it("regeneration replaces stale tables", () => {
    const stale =
      "x\n<!-- inputs:start -->\nold\n<!-- inputs:end -->\n<!-- outputs:start -->\n<!-- outputs:end -->\n";
    const fresh = regenerateReadme(stale, actionYml);
    expect(fresh).not.toContain("old");
    expect(fresh).toMatch(/\| `cancel-on-abort` +\| no +\| `true` +\|/);
    expect(() => regenerateReadme("no markers", actionYml)).toThrow("markers");
  });
});
