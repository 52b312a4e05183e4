/**
 * The sticky PR comment in the action (issue 14 §3): with `comment: true`, after the reports, the summary's short
 * form (verdict, totals, mismatched fields) is posted on the pull request, or the step's earlier comment is edited
 * in place. Outside a pull request, without a token or without `pull-requests: write`, one notice says why and the
 * step goes on: a comment never fails the step.
 */
import { readFile } from "node:fs/promises";
import type { Totals } from "../outcomes.js";
import type { Verdict } from "../report/verdict.js";
import type { RunnerIO } from "../runner-io.js";
import type { GateResult } from "./gate-report.js";
import { renderGateComment } from "./gate-report.js";
import { COMMENT_LIMIT, type CommentTarget, upsertComment } from "./pr-comment.js";

/** The pull request number of the triggering event (`pull_request`, `pull_request_target`, or an issue comment on one). */
export async function pullRequestNumber(eventPath: string | undefined): Promise<number | undefined> {
  if (!eventPath) return undefined;
  try {
    const event = JSON.parse(await readFile(eventPath, "utf8")) as {
      pull_request?: { number?: unknown };
      issue?: { number?: unknown; pull_request?: unknown };
      number?: unknown;
    };
    const n = event.pull_request?.number ?? (event.issue?.pull_request ? event.issue.number : undefined);
    return typeof n === "number" && Number.isInteger(n) && n > 0 ? n : undefined;
  } catch {
    return undefined;
  }
}

/** Where the comment goes, or why there is none. */
export async function commentTarget(
  env: Readonly<Record<string, string | undefined>>,
  token: string,
): Promise<CommentTarget | { skip: string }> {
  const pullNumber = await pullRequestNumber(env["GITHUB_EVENT_PATH"]);
  if (pullNumber === undefined) return { skip: "this run is not for a pull request" };
  if (token === "") return { skip: "github-token is empty" };
  const repository = env["GITHUB_REPOSITORY"] ?? "";
  if (!/^[\w.-]+\/[\w.-]+$/.test(repository)) return { skip: "GITHUB_REPOSITORY is not set" };
  const stepKey = [env["GITHUB_WORKFLOW"], env["GITHUB_JOB"], env["GITHUB_ACTION"]]
    .map((p) => p ?? "")
    .join("/");
  return {
    apiUrl: env["GITHUB_API_URL"] || "https://api.github.com",
    repository,
    pullNumber,
    token,
    stepKey,
  };
}

/** The comment's body: the verdict, the totals and the mismatched documents' first differing fields. */
export function commentBody(input: {
  processorId: string;
  verdict: Verdict;
  totals: Totals;
  gate: readonly GateResult[];
}): string {
  const t = input.totals;
  const head =
    `### ${input.verdict.failed ? "❌" : "✅"} Extend processor \`${input.processorId}\`\n\n${input.verdict.reason}\n\n` +
    "| Total | Processed | Mismatched | Cached | Failed | Errored |\n| ---: | ---: | ---: | ---: | ---: | ---: |\n" +
    `| ${t.total} | ${t.processed} | ${t.mismatched} | ${t.cached} | ${t.failed} | ${t.errored + t.cancelled + t.timedOut} |\n\n`;
  return head + renderGateComment(input.gate, COMMENT_LIMIT - head.length - 200);
}

/** Posts or updates the comment; logs what happened; never throws. */
export async function postComment(
  io: RunnerIO,
  env: Readonly<Record<string, string | undefined>>,
  token: string,
  body: string,
): Promise<void> {
  const notice = (message: string) =>
    io.notice ? io.notice(message, { title: "Extend: no PR comment" }) : io.info(message);
  try {
    const target = await commentTarget(env, token);
    if ("skip" in target) return notice(`No pull request comment: ${target.skip}.`);
    const outcome = await upsertComment(target, body);
    if (outcome.kind === "skipped") return notice(`No pull request comment: ${outcome.reason}.`);
    io.info(`Pull request comment ${outcome.kind}: ${outcome.url}`);
  } catch (error) {
    notice(`No pull request comment: ${(error as Error).message}.`);
  }
}
