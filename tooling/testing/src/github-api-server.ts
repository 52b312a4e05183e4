// A local stand-in for the part of GitHub's REST API that the action's sticky PR comment uses, on 127.0.0.1,
// following GitHub's documented behaviour (github.com cannot be reached from tests):
//   GET   {base}/repos/{owner}/{repo}/issues/{number}/comments?per_page=&page=   Link-header pagination
//   POST  {base}/repos/{owner}/{repo}/issues/{number}/comments                   201 with the comment
//   PATCH {base}/repos/{owner}/{repo}/issues/comments/{comment_id}               200 with the comment
// Missing or unknown token → 401; a read-only token writing → 403; unknown repository, issue or comment → 404;
// a body over 65,536 characters → 422. `basePath` models GitHub Enterprise Server's `/api/v3`.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";

/** One stored comment. */
export interface GitHubComment {
  id: number;
  body: string;
  html_url: string;
  user: { login: string };
}

/** What the server saw, for assertions. */
export interface GitHubRequestRecord {
  method: string;
  path: string;
  authorization: string | undefined;
  apiVersion: string | undefined;
}

/** Options of {@link startGitHubApiServer}. */
export interface GitHubApiServerOptions {
  /** `/api/v3` for GHES; default "" (api.github.com's layout). */
  basePath?: string;
  /** token → permission; default `{ "ghs_write": "write" }`. */
  tokens?: Record<string, "read" | "write">;
  /** `owner/repo` → pull request numbers that exist. */
  pulls?: Record<string, number[]>;
  /** Page size cap (GitHub's is 100); smaller values exercise pagination. */
  maxPerPage?: number;
}

/** A running server. */
export interface GitHubApiServer {
  url: string;
  requests: GitHubRequestRecord[];
  /** Comments per `owner/repo#number`. */
  comments(repository: string, pull: number): GitHubComment[];
  /** Adds a comment as another user would (to fill pages before the marked one). */
  seedComment(repository: string, pull: number, body: string, login?: string): GitHubComment;
  close(): Promise<void>;
}

/** Starts the server on a free port of 127.0.0.1. */
export async function startGitHubApiServer(options: GitHubApiServerOptions = {}): Promise<GitHubApiServer> {
  const basePath = options.basePath ?? "";
  const tokens = options.tokens ?? { ghs_write: "write" };
  const pulls = options.pulls ?? { "acme/docs": [7] };
  const maxPerPage = options.maxPerPage ?? 100;
  const byIssue = new Map<string, GitHubComment[]>();
  const requests: GitHubRequestRecord[] = [];
  let nextId = 1000;
  let origin = "";

  const issueKey = (repository: string, pull: number) => `${repository}#${pull}`;
  const listOf = (repository: string, pull: number) => {
    const key = issueKey(repository, pull);
    if (!byIssue.has(key)) byIssue.set(key, []);
    return byIssue.get(key) as GitHubComment[];
  };
  const addComment = (repository: string, pull: number, body: string, login: string): GitHubComment => {
    const id = nextId++;
    const comment = {
      id,
      body,
      user: { login },
      html_url: `https://github.test/${repository}/pull/${pull}#issuecomment-${id}`,
    };
    listOf(repository, pull).push(comment);
    return comment;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? "/", origin);
    requests.push({
      method: req.method ?? "",
      path: url.pathname + url.search,
      authorization: req.headers.authorization,
      apiVersion: header(req, "x-github-api-version"),
    });
    if (!url.pathname.startsWith(`${basePath}/`)) return reply(res, 404, { message: "Not Found" });
    const path = url.pathname.slice(basePath.length);
    const token = /^(?:Bearer|token) (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    const permission = token === undefined ? undefined : tokens[token];
    if (!permission) return reply(res, 401, { message: "Bad credentials" });

    const list = /^\/repos\/([^/]+\/[^/]+)\/issues\/(\d+)\/comments$/.exec(path);
    const edit = /^\/repos\/([^/]+\/[^/]+)\/issues\/comments\/(\d+)$/.exec(path);
    if (list) {
      const [, repository = "", number = ""] = list;
      const pull = Number(number);
      if (!pulls[repository]?.includes(pull)) return reply(res, 404, { message: "Not Found" });
      if (req.method === "GET") {
        const perPage = Math.min(Number(url.searchParams.get("per_page") ?? 30) || 30, maxPerPage);
        const page = Math.max(1, Number(url.searchParams.get("page") ?? 1) || 1);
        const all = listOf(repository, pull);
        const last = Math.max(1, Math.ceil(all.length / perPage));
        const links: string[] = [];
        const link = (p: number, rel: string) => {
          const target = new URL(url);
          target.searchParams.set("per_page", String(perPage));
          target.searchParams.set("page", String(p));
          links.push(`<${target.href}>; rel="${rel}"`);
        };
        if (page < last) link(page + 1, "next");
        if (page < last) link(last, "last");
        if (page > 1) link(1, "first");
        if (page > 1) link(page - 1, "prev");
        const headers = links.length > 0 ? { link: links.join(", ") } : {};
        return reply(res, 200, all.slice((page - 1) * perPage, page * perPage), headers);
      }
      if (req.method === "POST") {
        if (permission !== "write")
          return reply(res, 403, { message: "Resource not accessible by integration" });
        const body = await bodyText(req);
        if (body === null) return reply(res, 422, { message: "Validation Failed" });
        return reply(res, 201, addComment(repository, pull, body, "github-actions[bot]"));
      }
    }
    if (edit && req.method === "PATCH") {
      const [, repository = "", id = ""] = edit;
      const comment = [...byIssue.entries()]
        .filter(([key]) => key.startsWith(`${repository}#`))
        .flatMap(([, comments]) => comments)
        .find((c) => c.id === Number(id));
      if (!comment) return reply(res, 404, { message: "Not Found" });
      if (permission !== "write")
        return reply(res, 403, { message: "Resource not accessible by integration" });
      const body = await bodyText(req);
      if (body === null) return reply(res, 422, { message: "Validation Failed" });
      comment.body = body;
      return reply(res, 200, comment);
    }
    return reply(res, 404, { message: "Not Found" });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => reply(res, 500, { message: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}${basePath}`,
    requests,
    comments: (repository, pull) => [...listOf(repository, pull)],
    seedComment: (repository, pull, body, login = "octocat") => addComment(repository, pull, body, login),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The JSON `body` field of a comment request, or null when it is missing or too long. */
async function bodyText(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    const parsed = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { body?: unknown };
    return typeof parsed.body === "string" && parsed.body.length <= 65_536 ? parsed.body : null;
  } catch {
    return null;
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function reply(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
  res.end(JSON.stringify(body));
}
