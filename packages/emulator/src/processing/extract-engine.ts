import { detectCurrency } from "./coerce.js";
import { extractArray } from "./extract-arrays.js";
import {
  CONFIDENCE,
  type ExtractionContext,
  type FieldHit,
  type FieldSpec,
  MAX_DEPTH,
} from "./field-spec.js";
import { coerceValue } from "./field-value.js";
import {
  findLabel,
  type LabelMatch,
  type LabelMatcher,
  type LineRange,
  matcherFor,
  sectionAfter,
} from "./label-match.js";
import { type DocumentLine, documentLines, normaliseLabel } from "./labels.js";

/** The extracted value and, per field path, where each value was found. */
export interface ExtractionResult {
  value: Record<string, unknown>;
  hits: Map<string, FieldHit>;
}

/**
 * Fills every field from `Label: value` lines of the pages. Absent fields are null (objects: an object of
 * nulls; arrays: []). Deterministic: the first matching line in document order wins, exact labels before
 * derived ones.
 */
export function extractFields(specs: readonly FieldSpec[], pages: readonly string[]): ExtractionResult {
  const context: ExtractionContext = { lines: documentLines(pages), hits: new Map() };
  const whole = { from: 0, to: context.lines.length };
  const value = extractObject(specs, context, whole, null, "", 1);
  return { value, hits: context.hits };
}

function extractObject(
  specs: readonly FieldSpec[],
  context: ExtractionContext,
  range: LineRange,
  parent: FieldSpec | null,
  path: string,
  depth: number,
): Record<string, unknown> {
  const value: Record<string, unknown> = {};
  for (const spec of specs) {
    const childPath = path === "" ? spec.key : `${path}.${spec.key}`;
    value[spec.key] = extractField(spec, context, range, parent, childPath, depth);
  }
  return value;
}

function extractField(
  spec: FieldSpec,
  context: ExtractionContext,
  range: LineRange,
  parent: FieldSpec | null,
  path: string,
  depth: number,
): unknown {
  const { lines } = context;
  if (spec.kind === "object") {
    if (depth >= MAX_DEPTH) return {};
    const heading = findLabel(lines, matcherFor(spec), range);
    const section = heading ? sectionAfter(lines, heading.line.index, range.to) : range;
    return extractObject(spec.children ?? [], context, section, spec, path, depth + 1);
  }
  if (spec.kind === "array") {
    return depth > MAX_DEPTH ? [] : extractArray(spec, context, range, path, depth);
  }
  const match = findScalar(spec, lines, range, parent);
  if (match === null) return inferMissing(spec, context, range, path);
  const value = coerceValue(spec, match.value, lines);
  const confidence = value === null ? CONFIDENCE.unparsed : match.confidence;
  context.hits.set(path, { confidence, page: match.line.page, referenceText: match.referenceText });
  return value;
}

/**
 * A scalar's label line: in the section being read, then as "<parent> <field>" anywhere ("Vendor Name" for
 * vendor.name), then — for nested fields only — the field's own label anywhere, at a lower confidence.
 */
function findScalar(
  spec: FieldSpec,
  lines: readonly DocumentLine[],
  range: LineRange,
  parent: FieldSpec | null,
): LabelMatch | null {
  const matcher = matcherFor(spec);
  const inRange = findLabel(lines, matcher, range);
  if (inRange || parent === null) return inRange;
  const whole = { from: 0, to: lines.length };
  const parentMatcher = matcherFor(parent);
  const combined: LabelMatcher = { exact: new Set(), synonyms: new Set() };
  for (const p of parentMatcher.exact) for (const c of matcher.exact) combined.exact.add(`${p} ${c}`);
  for (const p of [...parentMatcher.exact, ...parentMatcher.synonyms]) {
    for (const c of [...matcher.exact, ...matcher.synonyms]) {
      if (!combined.exact.has(`${p} ${c}`)) combined.synonyms.add(`${p} ${c}`);
    }
  }
  const prefixed = findLabel(lines, combined, whole);
  if (prefixed) return prefixed;
  const anywhere = findLabel(lines, matcher, whole);
  return anywhere ? { ...anywhere, confidence: CONFIDENCE.fallback } : null;
}

/** A currency code is often not labelled but implied by the amounts (`€`, `USD`): take the first one written. */
function inferMissing(spec: FieldSpec, context: ExtractionContext, range: LineRange, path: string): unknown {
  if (spec.kind !== "string" || !normaliseLabel(spec.key).split(" ").includes("currency")) return null;
  for (let i = range.from; i < range.to; i++) {
    const line = context.lines[i];
    const code = line ? detectCurrency(line.text) : null;
    if (line && code) {
      context.hits.set(path, { confidence: CONFIDENCE.fallback, page: line.page, referenceText: line.text });
      return code;
    }
  }
  return null;
}
