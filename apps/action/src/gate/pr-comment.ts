/**
 * The sticky pull-request comment: one comment per step, found again on every later run by a hidden marker
 * that names the step, and edited in place. It uses GitHub's REST API as documented:
 * `GET /repos/{owner}/{repo}/issues/{number}/comments` (paginated by the `Link` header),
 * `POST /repos/{owner}/{repo}/issues/{number}/comments` and `PATCH /repos/{owner}/{repo}/issues/comments/{id}`,
 * under `GITHUB_API_URL` (GitHub Enterprise Server included).
 *
 * A comment is a convenience: when GitHub refuses (no `pull-requests: write`, a fork's read-only token) or
 * there is no pull request, the caller gets a reason to log once and the step goes on.
 */

/** GitHub's limit on a comment body, in characters. */
export const COMMENT_LIMIT = 65_536;

/** Where and as whom to comment. */
export interface CommentTarget {
  /** `GITHUB_API_URL`, e.g. `https://api.github.com` or `https://ghes.example.com/api/v3`. */
  apiUrl: string;
  /** `owner/repo`. */
  repository: string;
  pullNumber: number;
  token: string;
  /** Identifies the step: the marker is `<!-- extendkit-action:<stepKey> -->`. */
  stepKey: string;
}

/** What happened to the comment. */
export type CommentOutcome =
  | { kind: "created"; id: number; url: string }
  | { kind: "updated"; id: number; url: string }
  | { kind: "skipped"; reason: string };

/** The hidden marker that finds this step's comment again. */
export function commentMarker(stepKey: string): string {
  return `<!-- extendkit-action:${stepKey.replace(/--/g, "-")} -->`;
}

/** Creates this step's comment, or updates it in place when an earlier run left one. Never throws for GitHub's refusals. */
export async function upsertComment(
  target: CommentTarget,
  body: string,
  fetchImpl: typeof fetch = fetch,
): Promise<CommentOutcome> {
  const marker = commentMarker(target.stepKey);
  const text = fitComment(`${marker}\n${body}`);
  const api = new GitHubApi(target, fetchImpl);
  try {
    const existing = await api.findComment(marker);
    if (existing) {
      const updated = await api.send(
        "PATCH",
        `/repos/${target.repository}/issues/comments/${existing}`,
        text,
      );
      return { kind: "updated", id: updated.id, url: updated.html_url };
    }
    const created = await api.send(
      "POST",
      `/repos/${target.repository}/issues/${target.pullNumber}/comments`,
      text,
    );
    return { kind: "created", id: created.id, url: created.html_url };
  } catch (error) {
    if (error instanceof GitHubRefusal) return { kind: "skipped", reason: error.message };
    throw error;
  }
}

/** Cuts a body to GitHub's limit, saying so at the end. */
export function fitComment(body: string): string {
  if (body.length <= COMMENT_LIMIT) return body;
  const note = "\n\n… (cut to GitHub's comment limit: the job summary and the results file have everything)";
  return body.slice(0, COMMENT_LIMIT - note.length) + note;
}

/** GitHub answered with a status that means "not allowed here" (401/403/404/410/422). */
class GitHubRefusal extends Error {}

const REFUSALS: Record<number, string> = {
  401: "the github-token was refused (401)",
  403: "the github-token may not comment here (403): grant `permissions: pull-requests: write`; fork pull requests get a read-only token",
  404: "the pull request or repository was not found with this token (404)",
  410: "comments are disabled on this pull request (410)",
  422: "GitHub refused the comment (422)",
};

class GitHubApi {
  constructor(
    private readonly target: CommentTarget,
    private readonly fetchImpl: typeof fetch,
  ) {}

  /** The id of the first comment that carries the marker, following `Link: <…>; rel="next"`. */
  async findComment(marker: string): Promise<number | null> {
    let url: string | null =
      `${this.base()}/repos/${this.target.repository}/issues/${this.target.pullNumber}/comments?per_page=100`;
    for (let page = 0; url !== null && page < 100; page++) {
      const response = await this.call("GET", url);
      const comments = (await response.json()) as { id: number; body?: string }[];
      const found = comments.find((c) => typeof c.body === "string" && c.body.includes(marker));
      if (found) return found.id;
      url = nextLink(response.headers.get("link"));
    }
    return null;
  }

  async send(
    method: "POST" | "PATCH",
    path: string,
    body: string,
  ): Promise<{ id: number; html_url: string }> {
    const response = await this.call(method, `${this.base()}${path}`, JSON.stringify({ body }));
    return (await response.json()) as { id: number; html_url: string };
  }

  private base(): string {
    return this.target.apiUrl.replace(/\/+$/, "");
  }

  private async call(method: string, url: string, body?: string): Promise<Response> {
    const init: RequestInit = {
      method,
      headers: {
        accept: "application/vnd.github+json",
        authorization: `Bearer ${this.target.token}`,
        "x-github-api-version": "2022-11-28",
        "user-agent": "extendkit-action",
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
    };
    if (body !== undefined) init.body = body;
    const response = await this.fetchImpl(url, init);
    if (response.ok) return response;
    await response.body?.cancel();
    const refusal = REFUSALS[response.status];
    if (refusal) throw new GitHubRefusal(refusal);
    throw new Error(`GitHub answered ${response.status} to ${method} ${new URL(url).pathname}`);
  }
}

/** The `rel="next"` URL of a `Link` header (RFC 8288), or null. */
export function nextLink(header: string | null): string | null {
  if (!header) return null;
  for (const part of header.split(",")) {
    const match = /<([^>]+)>\s*;\s*(.*)/.exec(part.trim());
    const rel = /(?:^|;)\s*rel\s*=\s*"?([^";]+)"?/i.exec(match?.[2] ?? "");
    if (match && rel?.[1]?.split(/\s+/).includes("next")) return match[1] ?? null;
  }
  return null;
}
