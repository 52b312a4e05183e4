/**
 * The job summary (Markdown): verdict, totals, then one row per file — files that did not process
 * first, so they survive trimming. GitHub rejects a step summary over 1 MiB, so rows stop before a byte
 * budget and a note says how many were left out and where the full results are.
 */
import type { SkippedEntry } from "../engine/find-files.js";
import type { FileResult } from "../engine/results.js";
import { OUTCOME_NAMES, type Totals } from "../outcomes.js";
import { skippedLines } from "../select-files.js";
import { failureText } from "./annotations.js";
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
  /** Maximum size in UTF-8 bytes. */
  maxBytes?: number;
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

function row(result: FileResult): string {
  const run = result.runId
    ? result.url
      ? `[${cell(result.runId)}](${result.url})`
      : code(result.runId)
    : "—";
  const reason = result.outcome === "processed" ? "" : cell(failureText(result));
  const status = `${OUTCOME_NAMES[result.outcome].icon} ${result.outcome}`;
  return `| ${code(cell(result.file))} | ${status} | ${formatDuration(result.durationMs)} | ${run} | ${reason} |\n`;
}

/** Non-processed first, then by path: problems are what a reader looks for and must survive trimming. */
function ordered(results: readonly FileResult[]): FileResult[] {
  return [...results].sort((a, b) => {
    const ap = a.outcome === "processed" ? 1 : 0;
    const bp = b.outcome === "processed" ? 1 : 0;
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

/** Renders the summary, trimmed to `maxBytes`. */
export function renderSummary(input: SummaryInput): string {
  const max = input.maxBytes ?? SUMMARY_MAX_BYTES;
  const t = input.totals;
  const head =
    `## ${input.verdict.failed ? "❌" : "✅"} Extend processor ${code(input.processorId)} (${input.processorVersion})\n\n` +
    `${cell(input.verdict.reason, 2000)}\n\n` +
    "| Total | Processed | Failed | Cancelled | Timed out | Errored | Duration |\n" +
    "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n" +
    `| ${t.total} | ${t.processed} | ${t.failed} | ${t.cancelled} | ${t.timedOut} | ${t.errored} | ${formatDuration(input.durationMs)} |\n\n`;
  const recoveries = recoverySection(input.results) + skippedSection(input.skipped ?? []);
  if (input.results.length === 0) return head;
  const tableHead = "| File | Status | Duration | Run | Failure reason |\n| --- | --- | ---: | --- | --- |\n";
  const rows = ordered(input.results).map(row);
  const note = (shown: number) =>
    `\n> Showing ${shown} of ${rows.length} files: GitHub limits a job summary to 1 MiB. ` +
    `Every file is in the results file (${code(input.resultsFile)}).\n`;
  // Reserve room for the note (its longest form) so adding it can never push the text over the limit.
  const budget = max - bytes(head) - bytes(recoveries) - bytes(tableHead) - bytes(note(rows.length));
  let used = 0;
  let shown = 0;
  for (const line of rows) {
    const size = bytes(line);
    if (used + size > budget) break;
    used += size;
    shown++;
  }
  const table = tableHead + rows.slice(0, shown).join("");
  return head + recoveries + table + (shown < rows.length ? note(shown) : "");
}

/** The summary of a dry run: the plan, no results. */
export function renderPlanSummary(input: {
  processorId: string;
  processorVersion: string;
  files: readonly { path: string; bytes: number }[];
  lines: readonly string[];
  skipped?: readonly SkippedEntry[];
  maxBytes?: number;
}): string {
  const max = input.maxBytes ?? SUMMARY_MAX_BYTES;
  let text =
    `## 🧪 Extend dry run: processor ${code(input.processorId)} (${input.processorVersion})\n\n` +
    `Nothing was uploaded or run. ${input.files.length} files would be processed.\n\n` +
    input.lines.map((line) => `- ${cell(line, 1000)}\n`).join("") +
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
