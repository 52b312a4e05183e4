// Server commands the READMEs tell people to copy listen on loopback only: `deno serve` binds 0.0.0.0
// unless `--host` says otherwise, which would put a proxy holding an Extend key on every interface.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { findReadmes } from "../src/readme-snippets.js";
import { REPO_ROOT } from "../src/repo.js";

/** Shell commands of the READMEs' sh blocks, with `\` continuations joined. */
function shellCommands(): Array<{ where: string; command: string }> {
  const commands: Array<{ where: string; command: string }> = [];
  for (const readme of findReadmes(REPO_ROOT)) {
    const text = readFileSync(join(REPO_ROOT, readme), "utf8");
    for (const block of text.matchAll(/^```(?:sh|bash|shell)\n([\s\S]*?)^```/gm)) {
      const joined = block[1]!.replace(/\\\n\s*/g, " ");
      for (const command of joined.split("\n")) {
        if (command.trim() && !command.trim().startsWith("#")) commands.push({ where: readme, command });
      }
    }
  }
  return commands;
}

it("every documented `deno serve` listens on 127.0.0.1", () => {
  const serves = shellCommands().filter((c) => /\bdeno serve\b/.test(c.command));
  expect(serves.length).toBeGreaterThan(0);
  for (const { where, command } of serves) {
    expect(command, where).toMatch(/--host[ =]127\.0\.0\.1\b/);
  }
});
