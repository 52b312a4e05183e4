import { parseNumber } from "./coerce.js";
import { CONFIDENCE, type ExtractionContext, type FieldSpec } from "./field-spec.js";
import { coerceValue } from "./field-value.js";
import { findHeading, findLabel, type LabelMatcher, type LineRange, matcherFor } from "./label-match.js";
import { type DocumentLine, normaliseLabel } from "./labels.js";
import { setOwn } from "./own-property.js";

/**
 * Arrays. Items that are objects come from a table (a header line naming two or more item fields, then one row
 * per line until a blank or non-row line) or, failing that, from repeated label blocks (a new item starts when
 * a field label repeats). Items that are primitives come from one labelled line split on `,` / `;`.
 * Anything else yields [] — the emulator does not guess at free-form lists.
 */
export function extractArray(
  spec: FieldSpec,
  context: ExtractionContext,
  range: LineRange,
  path: string,
  _depth: number,
): unknown[] {
  const items = spec.items;
  if (!items) return [];
  if (items.kind !== "object") return primitiveList(spec, items, context, range, path);
  const columns = (items.children ?? []).filter((child) => child.kind !== "object" && child.kind !== "array");
  if (columns.length === 0) return [];
  const heading = findHeading(context.lines, matcherFor(spec), range);
  const scope = heading ? { from: heading.index + 1, to: range.to } : range;
  const table = tableRows(columns, context, scope, path);
  if (table.length > 0) return table;
  return labelBlocks(columns, context, scope, path, heading !== null);
}

function primitiveList(
  spec: FieldSpec,
  items: FieldSpec,
  context: ExtractionContext,
  range: LineRange,
  path: string,
): unknown[] {
  const match = findLabel(context.lines, matcherFor(spec), range);
  if (!match || match.value === "") return [];
  const values = match.value
    .split(/[;,]/)
    .map((part) => coerceValue(items, part, context.lines))
    .filter((v) => v !== null);
  if (values.length > 0) {
    context.hits.set(path, {
      confidence: match.confidence,
      page: match.line.page,
      referenceText: match.referenceText,
    });
  }
  return values;
}

/** Greedy longest match of header words against the columns' labels; null unless every word is used. */
function headerColumns(
  line: DocumentLine,
  columns: readonly FieldSpec[],
  labelSets: ReadonlyArray<ReadonlySet<string>>,
): FieldSpec[] | null {
  const words = normaliseLabel(line.text).split(" ").filter(Boolean);
  const found: FieldSpec[] = [];
  let i = 0;
  while (i < words.length) {
    let matched = false;
    for (let length = Math.min(4, words.length - i); length > 0 && !matched; length--) {
      const phrase = words.slice(i, i + length).join(" ");
      const index = labelSets.findIndex(
        (set, k) => set.has(phrase) && !found.includes(columns[k] as FieldSpec),
      );
      if (index >= 0) {
        found.push(columns[index] as FieldSpec);
        i += length;
        matched = true;
      }
    }
    if (!matched) return null;
  }
  return found.length >= 2 ? found : null;
}

const NUMERIC_KINDS = new Set(["number", "integer", "currency"]);

/**
 * Cells of a table row: split on tabs, `|` or runs of 2+ spaces when that gives one cell per column;
 * otherwise (PDF text collapses spaces) the trailing numeric columns are the last words and the leading text
 * column takes the rest. Null when the line is not a row (e.g. a "Subtotal 100.00" line).
 */
function rowCells(text: string, header: readonly FieldSpec[]): string[] | null {
  const cells = text
    .replace(/^\|/, "")
    .replace(/\|$/, "")
    .split(/\t+|\s*\|\s*|\s{2,}/)
    .map((cell) => cell.trim())
    .filter((cell) => cell !== "");
  if (cells.length === header.length) return cells;
  const words = text.split(/\s+/).filter(Boolean);
  const trailing = header.slice(1);
  if (!trailing.every((column) => NUMERIC_KINDS.has(column.kind))) return null;
  // Walk back over the numeric cells; a separate currency sign or code ("8.400,00 €") belongs to its number.
  const tail: string[] = [];
  let start = words.length;
  while (tail.length < trailing.length && start > 0) {
    const word = words[start - 1] as string;
    start--;
    if (CURRENCY_MARK.test(word)) continue;
    if (parseNumber(word) === null) return null;
    tail.unshift(word);
  }
  if (tail.length < trailing.length || start === 0) return null;
  return [words.slice(0, start).join(" "), ...tail];
}

/** A currency sign or ISO code standing alone between table cells. */
const CURRENCY_MARK = /^(?:[€$£¥₹]|[A-Z]{3})$/;

function tableRows(
  columns: readonly FieldSpec[],
  context: ExtractionContext,
  scope: LineRange,
  path: string,
): Record<string, unknown>[] {
  const { lines } = context;
  const labelSets = columns.map((column) => {
    const matcher = matcherFor(column);
    return new Set([...matcher.exact, ...matcher.synonyms]);
  });
  for (let i = scope.from; i < scope.to; i++) {
    const headerLine = lines[i];
    if (!headerLine || headerLine.text === "") continue;
    const header = headerColumns(headerLine, columns, labelSets);
    if (!header) continue;
    const rows: Record<string, unknown>[] = [];
    for (let r = i + 1; r < scope.to; r++) {
      const line = lines[r] as DocumentLine;
      const cells = line.text === "" ? null : rowCells(line.text, header);
      if (!cells) break;
      const item: Record<string, unknown> = Object.fromEntries(columns.map((column) => [column.key, null]));
      header.forEach((column, c) => {
        const value = coerceValue(column, cells[c] ?? "", lines);
        setOwn(item, column.key, value);
        const confidence = value === null ? CONFIDENCE.unparsed : CONFIDENCE.table;
        context.hits.set(`${path}[${rows.length}].${column.key}`, {
          confidence,
          page: line.page,
          referenceText: line.text,
        });
      });
      rows.push(item);
    }
    if (rows.length > 0) return rows;
  }
  return [];
}

/**
 * Items written as repeated `Label: value` blocks. Without a heading naming the array, at least two items
 * are required, so a lone "Description:" elsewhere in the document does not become a one-item list.
 */
function labelBlocks(
  columns: readonly FieldSpec[],
  context: ExtractionContext,
  scope: LineRange,
  path: string,
  hasHeading: boolean,
): Record<string, unknown>[] {
  const matchers: Array<[FieldSpec, LabelMatcher]> = columns.map((column) => [column, matcherFor(column)]);
  const items: Array<Map<string, DocumentLine>> = [];
  let current: Map<string, DocumentLine> | null = null;
  for (let i = scope.from; i < scope.to; i++) {
    const line = context.lines[i] as DocumentLine;
    if (line.label === null) continue;
    const label = line.label;
    const column = matchers.find(([, m]) => m.exact.has(label) || m.synonyms.has(label))?.[0];
    if (!column) {
      if (current) break;
      continue;
    }
    if (!current || current.has(column.key)) {
      current = new Map();
      items.push(current);
    }
    current.set(column.key, line);
  }
  if (items.length === 0 || (!hasHeading && items.length < 2)) return [];
  return items.map((found, index) => {
    const item: Record<string, unknown> = {};
    for (const column of columns) {
      const line = found.get(column.key);
      const value = line ? coerceValue(column, line.value, context.lines) : null;
      setOwn(item, column.key, value);
      if (line) {
        const exact = matcherFor(column).exact.has(line.label ?? "");
        const confidence =
          value === null ? CONFIDENCE.unparsed : exact ? CONFIDENCE.exact : CONFIDENCE.synonym;
        context.hits.set(`${path}[${index}].${column.key}`, {
          confidence,
          page: line.page,
          referenceText: line.text,
        });
      }
    }
    return item;
  });
}
