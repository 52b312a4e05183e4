/**
 * What the regression gate adds to the job summary and the PR comment: one section per mismatched document
 * with a table of the differing fields (path, expected, got, rule), the matching documents folded into
 * `<details>`, and a few extracted values of documents that have no expected output yet. Everything is cut to
 * a byte budget, with a pointer to the results file past the cut.
 */
import type { OutputComparison } from "./field-diff.js";

/** How a processed document fared against its expected output. */
export type GateVerdict = "matched" | "mismatched" | "no-expectation" | "updated" | "unreadable";

/** One document's gate result, as the report needs it. */
export interface GateResult {
  file: string;
  processorId: string;
  verdict: GateVerdict;
  /** Set when the output was compared. */
  comparison?: OutputComparison;
  /** This run's output, for the folded extracted values. */
  output?: unknown;
  /** Why the expectation could not be read (`unreadable`). */
  reason?: string;
}

/** Fields listed per mismatched document in the summary and in the comment. */
const SUMMARY_FIELDS = 50;
const COMMENT_FIELDS = 10;

const encoder = new TextEncoder();
const size = (text: string) => encoder.encode(text).length;

/** A value as one short table cell: strings as they are, the rest as JSON; long values end in `…`. */
export function shortValue(value: unknown, present: boolean, max = 80): string {
  if (!present) return "_(missing)_";
  const text = typeof value === "string" ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  const cut = text.length > max ? `${text.slice(0, max - 1)}…` : text;
  return `\`${cut.replace(/`/g, "'").replace(/\|/g, "\\|").replace(/\r?\n/g, " ")}\``;
}

function fieldTable(result: GateResult, limit: number): string {
  const differing = result.comparison?.fields.filter((f) => !f.match) ?? [];
  const rows = differing
    .slice(0, limit)
    .map(
      (f) =>
        `| \`${f.path}\` | ${shortValue(f.expected, "expected" in f)} | ${shortValue(f.got, "got" in f)} | ${f.rule} |\n`,
    )
    .join("");
  const more = differing.length > limit ? `\n…and ${differing.length - limit} more differing fields.\n` : "";
  return `| Field | Expected | Got | Rule |\n| --- | --- | --- | --- |\n${rows}${more}`;
}

function accuracyOf(result: GateResult): string {
  const c = result.comparison;
  return c ? `${c.matched}/${c.compared} fields match` : "";
}

/** A few key fields of an output, for documents without expectations. */
export function keyFields(output: unknown, max = 5): string[] {
  if (typeof output !== "object" || output === null) return [];
  const o = output as Record<string, unknown>;
  if (typeof o.value === "object" && o.value !== null) {
    return Object.entries(o.value as Record<string, unknown>)
      .slice(0, max)
      .map(([key, value]) => `${key}: ${shortValue(value, true, 60)}`);
  }
  if (Array.isArray(o.splits)) {
    return (o.splits as { type?: unknown; startPage?: unknown; endPage?: unknown }[])
      .slice(0, max)
      .map((s) => `${String(s.type)}: pages ${String(s.startPage)}–${String(s.endPage)}`);
  }
  if (typeof o.type === "string") return [`type: \`${o.type}\``];
  return [];
}

/** The gate's part of the job summary, within `maxBytes`. */
export function renderGateSummary(
  results: readonly GateResult[],
  resultsFile: string,
  maxBytes: number,
): string {
  const mismatched = results.filter((r) => r.verdict === "mismatched" || r.verdict === "unreadable");
  const matched = results.filter((r) => r.verdict === "matched");
  const unexpected = results.filter((r) => r.verdict === "no-expectation" || r.verdict === "updated");
  const cutNote = (left: number) =>
    `\n> ${left} more documents are not shown: GitHub limits a job summary to 1 MiB. Every field is in the results file (\`${resultsFile}\`).\n`;
  const budget = maxBytes - size(cutNote(results.length));
  const parts: string[] = [];
  let used = 0;
  let left = 0;
  const add = (text: string): boolean => {
    if (used + size(text) > budget) return false;
    parts.push(text);
    used += size(text);
    return true;
  };

  for (const [i, result] of mismatched.entries()) {
    const section =
      result.verdict === "unreadable"
        ? `### ⚠️ \`${result.file}\`: expected output unreadable\n\n${result.reason ?? ""}\n\n`
        : `### ❌ \`${result.file}\` (${result.processorId}): ${accuracyOf(result)}\n\n${fieldTable(result, SUMMARY_FIELDS)}\n`;
    if (!add(section)) {
      left += mismatched.length - i;
      break;
    }
  }
  const fold = (title: string, lines: string[], count: number) => {
    if (count === 0) return;
    let body = "";
    let shown = 0;
    for (const line of lines) {
      const next = `${line}\n`;
      if (used + size(body) + size(next) + 200 > budget) break;
      body += next;
      shown++;
    }
    left += count - shown;
    add(`<details><summary>${title}</summary>\n\n${body}\n</details>\n\n`);
  };
  fold(
    `✅ ${matched.length} documents match their expected output`,
    matched.map((r) => `- \`${r.file}\` (${r.processorId}): ${accuracyOf(r)}`),
    matched.length,
  );
  fold(
    `📄 ${unexpected.length} documents have no expected output`,
    unexpected.map((r) => {
      const fields = keyFields(r.output);
      const note = r.verdict === "updated" ? " (expected output written)" : "";
      return `- \`${r.file}\`${note}${fields.length > 0 ? `: ${fields.join(", ")}` : ""}`;
    }),
    unexpected.length,
  );
  return parts.join("") + (left > 0 ? cutNote(left) : "");
}

/** The gate's part of the PR comment: mismatched documents with their first differing fields, within `maxChars`. */
export function renderGateComment(results: readonly GateResult[], maxChars: number): string {
  const mismatched = results.filter((r) => r.verdict === "mismatched" || r.verdict === "unreadable");
  let text = "";
  for (const [i, result] of mismatched.entries()) {
    const section =
      result.verdict === "unreadable"
        ? `**\`${result.file}\`**: expected output unreadable\n\n`
        : `**\`${result.file}\`**: ${accuracyOf(result)}\n\n${fieldTable(result, COMMENT_FIELDS)}\n`;
    const rest = `…and ${mismatched.length - i} more mismatched documents (see the job summary).\n`;
    if (text.length + section.length + rest.length > maxChars) return text + rest;
    text += section;
  }
  return text;
}
