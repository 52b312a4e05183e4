import { CONFIDENCE, type FieldSpec } from "./field-spec.js";
import { derivedLabels } from "./label-synonyms.js";
import { type DocumentLine, normaliseLabel } from "./labels.js";

/** A half-open range of document line indexes to search. */
export interface LineRange {
  from: number;
  to: number;
}

/** Exact and looser label sets of a field, normalised. */
export interface LabelMatcher {
  exact: Set<string>;
  synonyms: Set<string>;
}

/** A label line found for a field, with its value (possibly from the following line). */
export interface LabelMatch {
  line: DocumentLine;
  value: string;
  referenceText: string;
  confidence: number;
}

/** Label sets of a field (exact: its own labels; synonyms: derived from its name and description). */
export function matcherFor(spec: FieldSpec): LabelMatcher {
  const exact = new Set(spec.labels.map(normaliseLabel).filter(Boolean));
  const synonyms = new Set<string>();
  for (const label of [spec.key, ...spec.labels]) {
    for (const derived of derivedLabels(label, spec.description))
      if (!exact.has(derived)) synonyms.add(derived);
  }
  return { exact, synonyms };
}

/** The first label line in range matching the matcher (exact labels first), or null. */
export function findLabel(
  lines: readonly DocumentLine[],
  matcher: LabelMatcher,
  range: LineRange,
): LabelMatch | null {
  for (const [set, confidence] of [
    [matcher.exact, CONFIDENCE.exact],
    [matcher.synonyms, CONFIDENCE.synonym],
  ] as const) {
    for (let i = range.from; i < range.to; i++) {
      const line = lines[i];
      if (!line || line.label === null || !set.has(line.label)) continue;
      if (line.value !== "") return { line, value: line.value, referenceText: line.text, confidence };
      // "Bill To:" with the value on the next line.
      const next = lines[i + 1];
      if (next && i + 1 < range.to && next.label === null && /[\p{L}\p{N}]/u.test(next.text)) {
        return { line, value: next.text, referenceText: `${line.text}\n${next.text}`, confidence };
      }
      return { line, value: "", referenceText: line.text, confidence };
    }
  }
  return null;
}

/**
 * The first heading in range naming the field (exact labels first): a label that ends its line ("Vendor:",
 * "Line Items:") or a line that is only the label ("BILL TO"). A label with a value on its line is not a heading.
 */
export function findHeading(
  lines: readonly DocumentLine[],
  matcher: LabelMatcher,
  range: LineRange,
): DocumentLine | null {
  for (const set of [matcher.exact, matcher.synonyms]) {
    for (let i = range.from; i < range.to; i++) {
      const line = lines[i];
      if (!line || line.text === "") continue;
      const label = line.label ?? normaliseLabel(line.text);
      if ((line.label === null || line.value === "") && set.has(label)) return line;
    }
  }
  return null;
}

/** Lines after a section heading up to the next blank line (the block a heading introduces). */
export function sectionAfter(lines: readonly DocumentLine[], headingIndex: number, limit: number): LineRange {
  let to = headingIndex + 1;
  while (to < limit && (lines[to]?.text ?? "") !== "") to++;
  return { from: headingIndex + 1, to };
}
