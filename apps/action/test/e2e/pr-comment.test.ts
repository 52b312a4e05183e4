// comment: true from the committed bundle, run as the runner runs it on Node 20 and 24 against the emulator
// (PAYG limits on) and a local GitHub REST server (GHES base path, Link pagination): the first run creates one
// comment, a later run edits it in place, a read-only token logs one notice and the step still succeeds.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type EmulatorProcess,
  type GitHubApiServer,
  runActionBundle,
  startEmulatorProcess,
  startGitHubApiServer,
} from "@extendkit/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { invoice, RUNTIMES } from "./harness.js";

const KEY = "sk_test_pr_comment_e2e_0123456";
let emulator: EmulatorProcess;
let github: GitHubApiServer;
let base: string;

beforeAll(async () => {
  emulator = await startEmulatorProcess({ apiKey: KEY, limits: "payg", latency: "instant" });
  github = await startGitHubApiServer({
    basePath: "/api/v3",
    tokens: { ghs_write: "write", ghs_read: "read" },
    pulls: { "acme/docs": [7] },
    maxPerPage: 2,
  });
  base = await mkdtemp(join(tmpdir(), "extendkit-comment-e2e-"));
}, 60_000);
afterAll(async () => {
  await emulator?.stop();
  await github?.close();
  await rm(base, { recursive: true, force: true });
});

describe.each(RUNTIMES)("comment: true under $name", ({ name, bin }) => {
  it("creates one comment, updates it in place, and only notes a refusal", async () => {
    const workspace = join(base, name, "workspace");
    await mkdir(join(workspace, "docs"), { recursive: true });
    await writeFile(join(workspace, "docs", "a.txt"), invoice("INV-A"));
    const event = join(base, name, "event.json");
    await writeFile(event, JSON.stringify({ pull_request: { number: 7 } }));
    for (const n of [1, 2, 3]) github.seedComment("acme/docs", 7, `someone else ${name} ${n}`, "octocat");
    const before = github.comments("acme/docs", 7).length;
    let job = 0;
    const run = async (token: string) => {
      job++;
      return runActionBundle({
        node: bin,
        workDir: join(base, name, `job-${job}`),
        workspace,
        inputs: {
          "api-key": KEY,
          "base-url": emulator.url,
          "processor-id": "dp_invoice_extractor",
          files: "docs/*.txt",
          comment: "true",
          "github-token": token,
        },
        env: { PATH: process.env["PATH"] ?? "", HOME: base, CI: "true" },
        github: {
          GITHUB_REPOSITORY: "acme/docs",
          GITHUB_RUN_ID: String(job),
          GITHUB_EVENT_PATH: event,
          GITHUB_API_URL: github.url, // already ends in /api/v3 (GHES layout)
          GITHUB_WORKFLOW: "docs",
          GITHUB_JOB: `extract-${name}`,
          GITHUB_ACTION: "extend",
        },
        timeoutMs: 60_000,
      });
    };
    const first = await run("ghs_write");
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect(first.stdout).toContain("Pull request comment created");
    const mine = () => github.comments("acme/docs", 7).filter((c) => c.body.includes(`extract-${name}`));
    expect(mine()).toHaveLength(1);
    expect(mine()[0]?.body).toContain("Extend processor `dp_invoice_extractor`");

    const second = await run("ghs_write");
    expect(second.code).toBe(0);
    expect(second.stdout).toContain("Pull request comment updated");
    expect(mine()).toHaveLength(1);
    expect(github.comments("acme/docs", 7)).toHaveLength(before + 1);

    const refused = await run("ghs_read");
    expect(refused.code, refused.stdout).toBe(0);
    expect(refused.stdout).toMatch(/::notice title=Extend%3A no PR comment::No pull request comment: /);
    expect(refused.outputs["status"]).toBe("success");
    expect(refused.stdout + refused.stderr).not.toContain("ghs_read");
    expect(mine()).toHaveLength(1);
  }, 120_000);
});
