// The sticky comment against a local server that implements GitHub's documented comment endpoints
// (github.com is not reachable from tests).
import { type GitHubApiServer, startGitHubApiServer } from "@extendkit/testing";
import { afterEach, describe, expect, it } from "vitest";
import {
  COMMENT_LIMIT,
  type CommentTarget,
  commentMarker,
  fitComment,
  nextLink,
  upsertComment,
} from "../../src/gate/pr-comment.js";

let server: GitHubApiServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function target(overrides: Partial<CommentTarget> = {}): CommentTarget {
  return {
    apiUrl: server!.url,
    repository: "acme/docs",
    pullNumber: 7,
    token: "ghs_write",
    stepKey: "ci/gate/extract",
    ...overrides,
  };
}

describe("upsertComment", () => {
  it("creates one comment, then edits it in place on every later run", async () => {
    server = await startGitHubApiServer();
    const first = await upsertComment(target(), "run 1: 3 processed");
    expect(first.kind).toBe("created");
    const second = await upsertComment(target(), "run 2: 1 mismatched");
    expect(second).toMatchObject({ kind: "updated", id: (first as { id: number }).id });
    const comments = server.comments("acme/docs", 7);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toBe(`${commentMarker("ci/gate/extract")}\nrun 2: 1 mismatched`);
    expect(server.requests.every((r) => r.authorization === "Bearer ghs_write")).toBe(true);
    expect(server.requests.every((r) => r.apiVersion === "2022-11-28")).toBe(true);
  });

  it("finds its comment on a later page through the Link header", async () => {
    server = await startGitHubApiServer({ maxPerPage: 2 });
    for (let i = 0; i < 5; i++) server.seedComment("acme/docs", 7, `chatter ${i}`);
    server.seedComment("acme/docs", 7, `${commentMarker("ci/gate/extract")}\nold`);
    server.seedComment("acme/docs", 7, "more chatter");
    const outcome = await upsertComment(target(), "new");
    expect(outcome.kind).toBe("updated");
    expect(server.comments("acme/docs", 7)).toHaveLength(7);
    expect(
      server.requests
        .filter((r) => r.method === "GET")
        .map((r) => new URL(r.path, "http://x").searchParams.get("page")),
    ).toEqual([null, "2", "3"]);
  });

  it("keeps each step's comment apart by its marker", async () => {
    server = await startGitHubApiServer();
    await upsertComment(target({ stepKey: "ci/gate/extract" }), "extract");
    await upsertComment(target({ stepKey: "ci/gate/classify" }), "classify");
    await upsertComment(target({ stepKey: "ci/gate/extract" }), "extract again");
    expect(server.comments("acme/docs", 7).map((c) => c.body.split("\n")[1])).toEqual([
      "extract again",
      "classify",
    ]);
  });

  it("works under a GHES base path", async () => {
    server = await startGitHubApiServer({ basePath: "/api/v3" });
    expect(server.url.endsWith("/api/v3")).toBe(true);
    expect((await upsertComment(target(), "hello")).kind).toBe("created");
    expect(server.requests.every((r) => r.path.startsWith("/api/v3/repos/acme/docs/"))).toBe(true);
  });

  it("skips with a reason on 403 (read-only token) and 404 (no such pull request), never throwing", async () => {
    server = await startGitHubApiServer({ tokens: { ghs_read: "read" } });
    const readOnly = await upsertComment(target({ token: "ghs_read" }), "x");
    expect(readOnly).toEqual({ kind: "skipped", reason: expect.stringMatching(/403.*pull-requests: write/) });
    const missing = await upsertComment(target({ token: "ghs_read", pullNumber: 8 }), "x");
    expect(missing).toEqual({ kind: "skipped", reason: expect.stringMatching(/404/) });
    const badToken = await upsertComment(target({ token: "nope" }), "x");
    expect(badToken).toEqual({ kind: "skipped", reason: expect.stringMatching(/401/) });
    expect(JSON.stringify([readOnly, missing, badToken])).not.toContain("ghs_read");
  });

  it("cuts a body to GitHub's limit", async () => {
    server = await startGitHubApiServer();
    const outcome = await upsertComment(target(), "x".repeat(100_000));
    expect(outcome.kind).toBe("created");
    const body = server.comments("acme/docs", 7)[0]!.body;
    expect(body.length).toBe(COMMENT_LIMIT);
    expect(body.endsWith("the job summary and the results file have everything)")).toBe(true);
    expect(fitComment("short")).toBe("short");
  });
});

describe("nextLink", () => {
  it("reads rel=next among other relations (RFC 8288)", () => {
    const header =
      '<https://api.github.com/x?page=3>; rel="next", <https://api.github.com/x?page=9>; rel="last", <https://api.github.com/x?page=1>; rel="first"';
    expect(nextLink(header)).toBe("https://api.github.com/x?page=3");
    expect(nextLink('<https://a/x?page=9>; rel="last"')).toBeNull();
    expect(nextLink('<https://a/x?page=2>; rel="prev next"')).toBe("https://a/x?page=2");
    expect(nextLink(null)).toBeNull();
  });
});
