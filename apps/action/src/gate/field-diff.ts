/**
 * Field-level comparison of a run's output with its expected output. Objects are compared key by key, arrays
 * item by item (by a key field when a rule names one, else by position), and every leaf under the rule that
 * covers it. A field present on one side only is a difference, counted once per leaf it holds.
 */
import {
  arrayKeyFor,
  type CompareRules,
  describeRule,
  type FieldRule,
  ignoresSubtree,
  ruleFor,
} from "./compare-rules.js";
import { type Leaf, leavesMatch } from "./compare-values.js";
import { formatPath, type PathStep } from "./field-path.js";

/** One compared field. `expected`/`got` are absent when the field is missing on that side. */
export interface FieldComparison {
  path: string;
  expected?: unknown;
  got?: unknown;
  /** The rule applied, as {@link describeRule} prints it. */
  rule: string;
  match: boolean;
}

/** The comparison of one document's output. */
export interface OutputComparison {
  /** Leaf fields compared (ignored fields excluded). */
  compared: number;
  matched: number;
  /** Every compared field, in output order. */
  fields: FieldComparison[];
}

/** Compares `got` (this run's output) with `expected` under `rules`. */
export function compareOutputs(expected: unknown, got: unknown, rules: CompareRules): OutputComparison {
  const result: OutputComparison = { compared: 0, matched: 0, fields: [] };
  walk(rules, result, [], { value: expected }, { value: got });
  return result;
}

type Side = { value: unknown } | undefined;

function walk(rules: CompareRules, out: OutputComparison, path: PathStep[], expected: Side, got: Side): void {
  if (ignoresSubtree(rules, path)) return;
  const rule = ruleFor(rules, path);
  if (expected === undefined || got === undefined) {
    const present = (expected ?? got) as { value: unknown };
    record(out, path, rule, expected, got, false, Math.max(1, countLeaves(present.value)));
    return;
  }
  const e = expected.value;
  const g = got.value;
  if (isPlainObject(e) && isPlainObject(g)) {
    const keys = [...Object.keys(e), ...Object.keys(g).filter((k) => !Object.hasOwn(e, k))];
    for (const key of keys) {
      walk(rules, out, [...path, { key }], sideOf(e, key), sideOf(g, key));
    }
    return;
  }
  if (Array.isArray(e) && Array.isArray(g)) {
    compareArrays(rules, out, path, e, g);
    return;
  }
  if (rule.kind === "ignore") return; // an ignored leaf inside a subtree that other rules reach into
  if (isLeaf(e) && isLeaf(g)) {
    record(out, path, rule, expected, got, leavesMatch(rule, e, g), 1);
    return;
  }
  // Different shapes (an object where a string was expected, …): one difference per expected leaf.
  record(out, path, rule, expected, got, false, Math.max(1, countLeaves(e)));
}

function compareArrays(
  rules: CompareRules,
  out: OutputComparison,
  path: PathStep[],
  expected: unknown[],
  got: unknown[],
): void {
  const key = arrayKeyFor(rules, path);
  const expectedByKey = key === undefined ? undefined : indexByKey(expected, key);
  const gotByKey = key === undefined ? undefined : indexByKey(got, key);
  if (expectedByKey && gotByKey) {
    const labels = [...expectedByKey.keys(), ...[...gotByKey.keys()].filter((k) => !expectedByKey.has(k))];
    for (const label of labels) {
      const e = expectedByKey.get(label);
      const g = gotByKey.get(label);
      const index = e?.index ?? g?.index ?? 0;
      walk(
        rules,
        out,
        [...path, { index, label: `${key}=${label}` }],
        e && { value: e.item },
        g && { value: g.item },
      );
    }
    return;
  }
  for (let i = 0; i < Math.max(expected.length, got.length); i++) {
    const e = i < expected.length ? { value: expected[i] } : undefined;
    const g = i < got.length ? { value: got[i] } : undefined;
    walk(rules, out, [...path, { index: i }], e, g);
  }
}

/** Items by their key field, or undefined when an item lacks a scalar key or two items share one. */
function indexByKey(
  items: unknown[],
  key: string,
): Map<string, { item: unknown; index: number }> | undefined {
  const map = new Map<string, { item: unknown; index: number }>();
  for (const [index, item] of items.entries()) {
    if (!isPlainObject(item)) return undefined;
    const value = item[key];
    if (!isLeaf(value) || value === null) return undefined;
    const label = String(value);
    if (map.has(label)) return undefined;
    map.set(label, { item, index });
  }
  return map;
}

function record(
  out: OutputComparison,
  path: PathStep[],
  rule: FieldRule,
  expected: Side,
  got: Side,
  match: boolean,
  weight: number,
): void {
  const field: FieldComparison = { path: formatPath(path), rule: describeRule(rule), match };
  if (expected !== undefined) field.expected = expected.value;
  if (got !== undefined) field.got = got.value;
  out.fields.push(field);
  out.compared += weight;
  if (match) out.matched += weight;
}

function countLeaves(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + countLeaves(v), 0);
  if (isPlainObject(value)) return Object.values(value).reduce((n: number, v) => n + countLeaves(v), 0);
  return 1;
}

function sideOf(object: Record<string, unknown>, key: string): Side {
  return Object.hasOwn(object, key) ? { value: object[key] } : undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isLeaf(value: unknown): value is Leaf {
  return value === null || ["string", "number", "boolean"].includes(typeof value);
}
