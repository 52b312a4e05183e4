/**
 * The `compare:` input: how each field of a run's output is compared with its expected value.
 *
 * ```json
 * {
 *   "fields": {
 *     "value.total.amount": { "absolute": 0.01 },
 *     "value.vendor": "normalized",
 *     "value.line_items[*].description": { "similarity": 0.9 },
 *     "value.invoice_date": "date",
 *     "metadata": "ignore"
 *   },
 *   "arrays": { "value.line_items": { "key": "sku" } },
 *   "fuzzyMatchFields": ["value.notes"],
 *   "excludeFields": ["metadata"]
 * }
 * ```
 *
 * `fuzzyMatchFields` and `excludeFields` are Extend's evaluation vocabulary (batch runs): the first compares as
 * `normalized`, the second as `ignore`. A rule on an object or array covers every field inside it; where several
 * rules cover a field, the most specific path wins. Fields no rule covers compare `exact`.
 */
import {
  type FieldPattern,
  type PathStep,
  parseFieldPattern,
  patternCovers,
  patternEquals,
  patternReachesBelow,
} from "./field-path.js";

/** How one leaf value is compared. */
export type LeafRule =
  | { kind: "exact" }
  | { kind: "number"; absolute?: number; relative?: number }
  | { kind: "normalized" }
  | { kind: "similarity"; threshold: number }
  | { kind: "date" };

/** A leaf rule, or `ignore`. */
export type FieldRule = LeafRule | { kind: "ignore" };

/** The parsed `compare:` input. */
export interface CompareRules {
  fields: { pattern: FieldPattern; rule: FieldRule }[];
  arrays: { pattern: FieldPattern; key: string }[];
}

/** Compare everything exactly, arrays by position. */
export const EXACT_RULES: CompareRules = { fields: [], arrays: [] };

const NAMED: Record<string, FieldRule> = {
  exact: { kind: "exact" },
  ignore: { kind: "ignore" },
  date: { kind: "date" },
  normalized: { kind: "normalized" },
};

const TOP_LEVEL = new Set(["fields", "arrays", "fuzzyMatchFields", "excludeFields"]);

/** Parses and checks the `compare:` JSON. Every message names the offending key and says what is allowed. */
export function parseCompareRules(json: unknown): CompareRules {
  if (!isObject(json))
    throw new Error("compare: expected a JSON object with fields, arrays, fuzzyMatchFields or excludeFields");
  for (const key of Object.keys(json)) {
    if (!TOP_LEVEL.has(key)) {
      throw new Error(`compare: unknown key "${key}" (allowed: ${[...TOP_LEVEL].join(", ")})`);
    }
  }
  const fields: CompareRules["fields"] = [];
  const add = (path: string, rule: FieldRule, from: string) => {
    const pattern = parseFieldPattern(path);
    const clash = fields.find((f) => f.pattern.source === pattern.source);
    if (clash)
      throw new Error(`compare: "${pattern.source}" has two rules (${from} and another entry); keep one`);
    fields.push({ pattern, rule });
  };
  if (json.fields !== undefined) {
    if (!isObject(json.fields)) throw new Error("compare.fields: expected an object of field path → rule");
    for (const [path, rule] of Object.entries(json.fields)) add(path, parseRule(path, rule), "fields");
  }
  for (const [list, rule] of [
    ["fuzzyMatchFields", NAMED.normalized],
    ["excludeFields", NAMED.ignore],
  ] as const) {
    const paths = json[list];
    if (paths === undefined) continue;
    if (!Array.isArray(paths) || !paths.every((p) => typeof p === "string")) {
      throw new Error(`compare.${list}: expected an array of field paths`);
    }
    for (const path of paths) add(path, rule as FieldRule, list);
  }
  const arrays: CompareRules["arrays"] = [];
  if (json.arrays !== undefined) {
    if (!isObject(json.arrays))
      throw new Error('compare.arrays: expected an object of array path → { "key": "<field>" }');
    for (const [path, spec] of Object.entries(json.arrays)) {
      if (
        !isObject(spec) ||
        typeof spec.key !== "string" ||
        spec.key === "" ||
        Object.keys(spec).length !== 1
      ) {
        throw new Error(`compare.arrays["${path}"]: expected { "key": "<field of each item>" }`);
      }
      arrays.push({ pattern: parseFieldPattern(path), key: spec.key });
    }
  }
  return { fields, arrays };
}

function parseRule(path: string, rule: unknown): FieldRule {
  const where = `compare.fields["${path}"]`;
  if (typeof rule === "string") {
    const named = NAMED[rule];
    if (!named)
      throw new Error(
        `${where}: unknown rule "${rule}" (use ${Object.keys(NAMED).join(", ")}, or an object)`,
      );
    return named;
  }
  if (!isObject(rule)) throw new Error(`${where}: expected a rule name or an object`);
  const keys = Object.keys(rule);
  if (keys.length === 1 && keys[0] === "similarity") {
    const threshold = rule.similarity;
    if (typeof threshold !== "number" || !(threshold > 0 && threshold <= 1)) {
      throw new Error(`${where}: similarity must be a number in (0, 1], for example 0.9`);
    }
    return { kind: "similarity", threshold };
  }
  if (keys.length > 0 && keys.every((k) => k === "absolute" || k === "relative")) {
    const number: { kind: "number"; absolute?: number; relative?: number } = { kind: "number" };
    for (const key of keys as ("absolute" | "relative")[]) {
      const value = rule[key];
      if (typeof value !== "number" || !(value >= 0) || !Number.isFinite(value)) {
        throw new Error(`${where}: ${key} must be a number ≥ 0`);
      }
      number[key] = value;
    }
    return number;
  }
  throw new Error(
    `${where}: unknown rule object (use { "absolute": n }, { "relative": n } or { "similarity": n })`,
  );
}

/** The rule for the field at `path`: the most specific covering rule, `exact` when none covers it. */
export function ruleFor(rules: CompareRules, path: readonly PathStep[]): FieldRule {
  let best: { pattern: FieldPattern; rule: FieldRule } | undefined;
  for (const entry of rules.fields) {
    if (!patternCovers(entry.pattern, path)) continue;
    if (!best || entry.pattern.specificity > best.pattern.specificity) best = entry;
  }
  return best?.rule ?? NAMED.exact!;
}

/**
 * True when nothing at or below `path` is compared: its rule is `ignore` and no more specific rule names a
 * field inside it (`"value.line_items": "ignore"` with `"value.line_items[*].amount": {…}` still compares amounts).
 */
export function ignoresSubtree(rules: CompareRules, path: readonly PathStep[]): boolean {
  if (ruleFor(rules, path).kind !== "ignore") return false;
  return !rules.fields.some(
    (entry) => entry.rule.kind !== "ignore" && patternReachesBelow(entry.pattern, path),
  );
}

/** The key field that matches the items of the array at `path`, if a rule names one. */
export function arrayKeyFor(rules: CompareRules, path: readonly PathStep[]): string | undefined {
  return rules.arrays.find((entry) => patternEquals(entry.pattern, path))?.key;
}

/** How a rule reads in reports: `exact`, `±0.01`, `±0.5%`, `normalized`, `similarity ≥ 0.9`, `date`, `ignore`. */
export function describeRule(rule: FieldRule): string {
  switch (rule.kind) {
    case "number": {
      const parts: string[] = [];
      if (rule.absolute !== undefined) parts.push(`±${rule.absolute}`);
      if (rule.relative !== undefined) parts.push(`±${+(rule.relative * 100).toPrecision(6)}%`);
      return parts.join(" or ");
    }
    case "similarity":
      return `similarity ≥ ${rule.threshold}`;
    default:
      return rule.kind;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
