import { extractArray } from "./extract-arrays.js";
import { inferMissing } from "./field-inference.js";
import {
  CONFIDENCE,
  type ExtractionContext,
  type FieldHit,
  type FieldSpec,
  MAX_DEPTH,
} from "./field-spec.js";
import { coerceValue } from "./field-value.js";
import {
  findHeading,
  findLabel,
  type LabelMatch,
  type LabelMatcher,
  type LineRange,
  matcherFor,
  sectionAfter,
} from "./label-match.js";
import { type DocumentLine, documentLines } from "./labels.js";
import { setOwn } from "./own-property.js";

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
  const value = extractObject(specs, context, { range: whole, section: null }, null, "", 1);
  return { value, hits: context.hits };
}

/**
 * Where an object's fields are read: `range` is the enclosing scope (whole document at the top level), `section`
 * the block under the object's own heading, or null when it has none (its fields are then found by prefixed
 * labels such as "Customer Name", or anywhere at a lower confidence).
 */
interface Scope {
  range: LineRange;
  section: LineRange | null;
}

function extractObject(
  specs: readonly FieldSpec[],
  context: ExtractionContext,
  scope: Scope,
  parent: FieldSpec | null,
  path: string,
  depth: number,
): Record<string, unknown> {
  const value: Record<string, unknown> = {};
  for (const spec of specs) {
    const childPath = path === "" ? spec.key : `${path}.${spec.key}`;
    setOwn(value, spec.key, extractField(spec, context, scope, parent, childPath, depth));
  }
  return value;
}

function extractField(
  spec: FieldSpec,
  context: ExtractionContext,
  scope: Scope,
  parent: FieldSpec | null,
  path: string,
  depth: number,
): unknown {
  const { lines } = context;
  const range = scope.section ?? scope.range;
  if (spec.kind === "object") {
    if (depth >= MAX_DEPTH) return {};
    const heading = findHeading(lines, matcherFor(spec), range);
    const section = heading ? sectionAfter(lines, heading.index, range.to) : null;
    return extractObject(spec.children ?? [], context, { range, section }, spec, path, depth + 1);
  }
  if (spec.kind === "array") {
    return depth > MAX_DEPTH ? [] : extractArray(spec, context, range, path, depth);
  }
  const match = findScalar(spec, lines, scope.section ?? (parent === null ? scope.range : null), parent);
  if (match === null) return inferMissing(spec, context, range, path);
  const value = coerceValue(spec, match.value, lines);
  const confidence = value === null ? CONFIDENCE.unparsed : match.confidence;
  context.hits.set(path, { confidence, page: match.line.page, referenceText: match.referenceText });
  return value;
}

/**
 * A scalar's label line: in the section being read (the whole document at the top level), then — for nested
 * fields — as "<parent> <field>" anywhere ("Vendor Name" for vendor.name), then the field's own label anywhere,
 * at a lower confidence.
 */
function findScalar(
  spec: FieldSpec,
  lines: readonly DocumentLine[],
  section: LineRange | null,
  parent: FieldSpec | null,
): LabelMatch | null {
  const matcher = matcherFor(spec);
  const inSection = section ? findLabel(lines, matcher, section) : null;
  if (inSection || parent === null) return inSection;
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
