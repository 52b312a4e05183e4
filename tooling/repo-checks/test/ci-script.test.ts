// `.ci/run` is what a fresh machine runs: it may install only through the lockfile. A system package, a
// browser download or a global tool would make `pnpm test` pass in CI and fail for a newcomer.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { REPO_ROOT } from "../src/repo.js";

const script = readFileSync(join(REPO_ROOT, ".ci", "run"), "utf8")
  .split("\n")
  .filter((line) => !line.trimStart().startsWith("#"))
  .join("\n");

it(".ci/run installs nothing outside the lockfile", () => {
  for (const forbidden of [/\bapt(-get)?\b/, /\bsudo\b/, /playwright\S* install/, /\bcurl\b/, /\bwget\b/]) {
    expect(script).not.toMatch(forbidden);
  }
  expect(script).toMatch(/^pnpm install --frozen-lockfile$/m);
  expect(script.trimEnd()).toMatch(/\npnpm test$/);
});

it("no workflow points the browser tests at a system Chromium", () => {
  const ci = readFileSync(join(REPO_ROOT, ".github", "workflows", "ci.yml"), "utf8");
  expect(ci).toMatch(/run: bash \.ci\/run/);
  expect(ci).not.toMatch(/^\s*CHROMIUM_PATH:/m);
});
