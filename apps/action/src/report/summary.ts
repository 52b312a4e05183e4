/**
 * The job summary (Markdown): verdict, totals, each shared failure once with its count, recoveries and
 * skipped entries, then one row per file — files that did not process first, so they survive trimming,
 * and past 20 files the processed ones folded into `<details>`. GitHub rejects a step summary over 1 MiB,
 * so rows stop before a byte budget and a note says how many were left out and where the full results are.
 */
import type { SkippedEntry } from "../engine/find-files.js";
import type { FileResult } from "../engine/results.js";
import { isProcessed, OUTCOME_NAMES, type Totals } from "../outcomes.js";
import { skippedLines } from "../select-files.js";
import { failureText, groupProblems, nameFiles, type ProblemGroup } from "./annotations.js";
import type { Verdict } from "./verdict.js";

/** GitHub's limit for one step's summary is 1 MiB; stay clearly below it. */
export const SUMMARY_MAX_BYTES = 1_000_000;

/** What the summary shows. */
export interface SummaryInput {
  processorId: string;
  processorVersion: string;
  verdict: Verdict;
  totals: Totals;
  durationMs: number;
  results: readonly FileResult[];
  resultsFile: string;
  /** Selected entries that were refused, listed so nothing is skipped silently. */
  skipped?: readonly SkippedEntry[];
  /** The API's base URL: dashboard links are shown only for Extend's own (never for an emulator or proxy). */
  baseUrl?: string;
  /** Maximum size in UTF-8 bytes. */
  maxBytes?: number;
  /** The regression gate's sections (already within their own budget), right after the verdict and totals. */
  gate?: string;
}

const encoder = new TextEncoder();

function bytes(text: string): number {
  return encoder.encode(text).length;
}

/** `850 ms`, `2.1 s`, `1m 12s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return `${minutes}m ${seconds}s`;
}

/** Makes text safe inside a Markdown table cell and bounds its length. */
export function cell(text: string, max = 300): string {
  const flat = text.replace(/\r?\n/g, " ").replace(/\|/g, "\\|");
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

/** True when `baseUrl` is Extend's own API, whose runs have dashboard pages. */
export function isExtendBaseUrl(baseUrl: string): boolean {
  try {
    const host = new URL(baseUrl).hostname.toLowerCase();
    return host === "extend.ai" || host.endsWith(".extend.ai");
  } catch {
    return false;
  }
}

/** How a row names its run: a dashboard link only when the runs are Extend's own. */
function runCell(result: FileResult, links: boolean): string {
  if (!result.runId) return "—";
  return links && result.url ? `[${cell(result.runId)}](${result.url})` : code(result.runId);
}

function row(result: FileResult, links: boolean, reason: string): string {
  const status = `${OUTCOME_NAMES[result.outcome].icon} ${result.outcome}`;
  // File names are never shortened: a reader must be able to find the file.
  return `| ${code(cell(result.file, Number.POSITIVE_INFINITY))} | ${status} | ${formatDuration(result.durationMs)} | ${runCell(result, links)} | ${reason} |\n`;
}

/** Past this many files, processed rows fold into a `<details>` block. */
export const FOLD_PROCESSED_AFTER = 20;

/** Non-processed first, then by path: problems are what a reader looks for and must survive trimming. */
function ordered(results: readonly FileResult[]): FileResult[] {
  return [...results].sort((a, b) => {
    const ap = isProcessed(a.outcome) ? 1 : 0;
    const bp = isProcessed(b.outcome) ? 1 : 0;
    return ap - bp || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0);
  });
}

/** Most recovery lines shown; the results file has every one. */
const MAX_RECOVERY_LINES = 50;

/**
 * Every write the engine sent again or adopted after an uncertain failure, above the file table: a
 * reader must see that a file's run was recovered without opening a log group.
 */
function recoverySection(results: readonly FileResult[]): string {
  const lines = results.flatMap((r) => r.recoveries.map((line) => `- ${code(r.file)}: ${cell(line, 500)}\n`));
  if (lines.length === 0) return "";
  const shown = lines.slice(0, MAX_RECOVERY_LINES);
  const more =
    lines.length > shown.length ? `- …and ${lines.length - shown.length} more (see the results file)\n` : "";
  return `### 🔁 Recovered writes (${lines.length})\n\n${shown.join("")}${more}\n`;
}

/** The refused entries, one line each (capped), with their reasons. */
function skippedSection(skipped: readonly SkippedEntry[]): string {
  if (skipped.length === 0) return "";
  const lines = skippedLines(skipped).map((line) => `- ${cell(line, 500)}\n`);
  return `### ⏭️ Skipped, not processed (${skipped.length})\n\n${lines.join("")}\n`;
}

function findingsSection(title: string, lines: readonly string[]): string {
  if (lines.length === 0) return "";
  return `\n### ${title}\n\n${lines.map((line) => `- ${cell(line, 1000)}\n`).join("")}`;
}

/**
 * Each distinct failure once, with its count: a reason shared by many files would otherwise fill the
 * table with the same sentence. Rows of a shared failure point at its number here.
 */
function problemsSection(groups: readonly ProblemGroup[]): string {
  const shared = groups.filter((g) => g.results.length > 1);
  if (shared.length === 0) return "";
  const lines = shared.map(
    (g, i) =>
      `${i + 1}. ${OUTCOME_NAMES[g.outcome].icon} **${g.results.length} files ${g.outcome}**: ${cell(g.text, 1000)} (${cell(nameFiles(g.results.map((r) => code(r.file))), 2000)})\n`,
  );
  return `### Problems\n\n${lines.join("")}\n`;
}

/** Renders the summary, trimmed to `maxBytes`. */
export function renderSummary(input: SummaryInput): string {
  const max = input.maxBytes ?? SUMMARY_MAX_BYTES;
  const t = input.totals;
  const links = input.baseUrl === undefined || isExtendBaseUrl(input.baseUrl);
  const head =
    `## ${input.verdict.failed ? "❌" : "✅"} Extend processor ${code(input.processorId)} (${input.processorVersion})\n\n` +
    `${cell(input.verdict.reason, 2000)}\n\n` +
    (input.gate === undefined
      ? "| Total | Processed | Failed | Cancelled | Timed out | Errored | Duration |\n" +
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n" +
        `| ${t.total} | ${t.processed} | ${t.failed} | ${t.cancelled} | ${t.timedOut} | ${t.errored} | ${formatDuration(input.durationMs)} |\n\n`
      : "| Total | Processed | Mismatched | Failed | Cancelled | Timed out | Errored | Duration |\n" +
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n" +
        `| ${t.total} | ${t.processed} | ${t.mismatched} | ${t.failed} | ${t.cancelled} | ${t.timedOut} | ${t.errored} | ${formatDuration(input.durationMs)} |\n\n`) +
    (t.cached > 0 ? `♻️ ${t.cached} files reused a cached result (no upload, no run).\n\n` : "");
  const groups = groupProblems(input.results);
  const shared = groups.filter((g) => g.results.length > 1);
  const sections =
    (input.gate ?? "") +
    problemsSection(groups) +
    recoverySection(input.results) +
    skippedSection(input.skipped ?? []);
  if (input.results.length === 0) return head + sections;
  const reasonOf = (result: FileResult): string => {
    if (isProcessed(result.outcome)) return "";
    const index = shared.findIndex((g) => g.results.includes(result));
    return index >= 0 ? `problem ${index + 1} above` : cell(failureText(result));
  };
  const tableHead = "| File | Status | Duration | Run | Failure reason |\n| --- | --- | ---: | --- | --- |\n";
  const sorted = ordered(input.results);
  const fold = input.results.length > FOLD_PROCESSED_AFTER;
  const problemRows = sorted
    .filter((r) => !fold || !isProcessed(r.outcome))
    .map((r) => row(r, links, reasonOf(r)));
  const foldedRows = fold ? sorted.filter((r) => isProcessed(r.outcome)).map((r) => row(r, links, "")) : [];
  const total = problemRows.length + foldedRows.length;
  const foldOpen = `<details><summary>${foldedRows.length} processed files</summary>\n\n`;
  const foldClose = "\n</details>\n";
  const note = (shown: number) =>
    `\n> Showing ${shown} of ${total} files: GitHub limits a job summary to 1 MiB. ` +
    `Every file is in the results file (${code(input.resultsFile)}).\n`;
  // Reserve room for the note (its longest form) and the fold's frame, so adding them can never push the
  // text over the limit.
  let budget =
    max -
    bytes(head) -
    bytes(sections) -
    2 * bytes(tableHead) -
    bytes(note(total)) -
    bytes(foldOpen + foldClose);
  const take = (rows: string[]): string[] => {
    const out: string[] = [];
    for (const line of rows) {
      const size = bytes(line);
      if (size > budget) break;
      budget -= size;
      out.push(line);
    }
    return out;
  };
  const shownProblems = take(problemRows);
  const shownFolded = shownProblems.length === problemRows.length ? take(foldedRows) : [];
  const shown = shownProblems.length + shownFolded.length;
  let text = head + sections;
  if (shownProblems.length > 0) text += tableHead + shownProblems.join("");
  if (shownFolded.length > 0) text += `\n${foldOpen}${tableHead}${shownFolded.join("")}${foldClose}`;
  return text + (shown < total ? note(shown) : "");
}

/** The summary of a dry run: the plan, no results. */
export function renderPlanSummary(input: {
  processorId: string;
  processorVersion: string;
  files: readonly { path: string; bytes: number }[];
  lines: readonly string[];
  skipped?: readonly SkippedEntry[];
  /** What the dry run proved, and what it could not prove without spending credits. */
  proven?: readonly string[];
  unproven?: readonly string[];
  maxBytes?: number;
}): string {
  const max = input.maxBytes ?? SUMMARY_MAX_BYTES;
  let text =
    `## 🧪 Extend dry run: processor ${code(input.processorId)} (${input.processorVersion})\n\n` +
    `Nothing was uploaded or run. ${input.files.length} files would be processed.\n\n` +
    input.lines.map((line) => `- ${cell(line, 1000)}\n`).join("") +
    findingsSection("✔️ Proven", input.proven ?? []) +
    findingsSection("❔ Not proven (a dry run spends no credits)", input.unproven ?? []) +
    `\n${skippedSection(input.skipped ?? [])}` +
    "\n| File | Size |\n| --- | ---: |\n";
  const reserve = 200;
  let shown = 0;
  for (const file of input.files) {
    const line = `| ${code(cell(file.path))} | ${file.bytes} B |\n`;
    if (bytes(text) + bytes(line) > max - reserve) break;
    text += line;
    shown++;
  }
  if (shown < input.files.length)
    text += `\n> Showing ${shown} of ${input.files.length} files (1 MiB limit).\n`;
  return text;
}
