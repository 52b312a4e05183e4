// Prints the action's results file as a terminal table: one row per file with its outcome, run id,
// duration and the gist of the output (the document type for a classifier, a few extracted fields
// for an extractor).
import { relative } from "node:path";

const MAX_GIST = 60;
const MAX_RESULT = 100;

/** A parsed JSON object of the results file; read field by field, whatever its exact version. */
type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null;
}

function pick(object: unknown, ...names: string[]): unknown {
  if (!isObject(object)) return undefined;
  for (const name of names) if (object[name] !== undefined && object[name] !== null) return object[name];
  return undefined;
}

/** The list of per-file results, whatever the top-level shape is named. */
export function resultEntries(results: unknown): unknown[] {
  if (Array.isArray(results)) return results;
  const entries = pick(results, "files", "results", "items");
  return Array.isArray(entries) ? entries : [];
}

function gist(output: unknown): string {
  if (!isObject(output)) return "";
  // Classifier: { id, type, confidence }.
  if (typeof output["type"] === "string" && typeof output["confidence"] === "number") {
    return `${output["type"]} (${output["confidence"].toFixed(2)})`;
  }
  // Extractor with a JSON-schema config: { value: {...}, metadata }; legacy fields: { id: { value } }.
  const values = isObject(output["value"])
    ? output["value"]
    : Object.fromEntries(Object.entries(output).map(([key, field]) => [key, pick(field, "value")]));
  const parts: string[] = [];
  for (const [key, value] of Object.entries(values)) {
    if (value === null || value === undefined || typeof value === "object") continue;
    parts.push(`${key}=${String(value)}`);
  }
  const text = parts.join(" ");
  return text.length > MAX_GIST ? `${text.slice(0, MAX_GIST - 1)}…` : text;
}

function clip(text: string): string {
  return text.length > MAX_RESULT ? `${text.slice(0, MAX_RESULT - 1)}…` : text;
}

function seconds(entry: unknown): string {
  const ms = pick(entry, "durationMs", "duration_ms");
  if (typeof ms === "number") return `${(ms / 1000).toFixed(1)}s`;
  const s = pick(entry, "durationSeconds", "duration");
  return typeof s === "number" ? `${s.toFixed(1)}s` : "";
}

/** Prints the table and the totals line to stdout. */
export function printResults(results: unknown, root: string): void {
  const rows = resultEntries(results).map((entry) => {
    const file = String(pick(entry, "file", "path", "fileName", "name") ?? "?");
    const failure = pick(entry, "failureReason") ?? pick(pick(entry, "error"), "message");
    return [
      file.startsWith("/") ? relative(root, file) : file,
      String(pick(entry, "outcome", "status", "result") ?? "?"),
      String(pick(entry, "runId", "run_id") ?? "—"),
      seconds(entry),
      clip(String(failure ?? gist(pick(entry, "output")))),
    ];
  });
  const header = ["file", "status", "run", "time", "result"];
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]?.length ?? 0)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  console.log(line(header));
  console.log(line(widths.map((width) => "─".repeat(width))));
  for (const row of rows) console.log(line(row));
  const counts: Record<string, number> = {};
  for (const row of rows) counts[row[1] ?? "?"] = (counts[row[1] ?? "?"] ?? 0) + 1;
  const totals = Object.entries(counts).map(([status, count]) => `${count} ${status}`);
  console.log(`\n${rows.length} file(s): ${totals.join(", ") || "none"}`);
}
