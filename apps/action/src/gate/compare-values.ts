/**
 * How two leaf values (strings, numbers, booleans, null) are compared under one rule. Each comparator falls
 * back to exact equality when a value is not of the kind it understands (a tolerance on a string, a date
 * rule on a value that is no date), so a rule can only loosen the comparison where it makes sense.
 */
import type { LeafRule } from "./compare-rules.js";

/** A JSON leaf. */
export type Leaf = string | number | boolean | null;

/** Compares `expected` with `got` under `rule`. */
export function leavesMatch(rule: LeafRule, expected: Leaf, got: Leaf): boolean {
  switch (rule.kind) {
    case "exact":
      return Object.is(expected, got) || expected === got;
    case "number":
      return numbersMatch(rule, expected, got);
    case "normalized":
      return typeof expected === "string" && typeof got === "string"
        ? normalizeText(expected) === normalizeText(got)
        : expected === got;
    case "similarity":
      return typeof expected === "string" && typeof got === "string"
        ? similarity(normalizeText(expected), normalizeText(got)) >= rule.threshold
        : expected === got;
    case "date":
      return datesMatch(expected, got);
  }
}

function numbersMatch(rule: { absolute?: number; relative?: number }, expected: Leaf, got: Leaf): boolean {
  if (typeof expected !== "number" || typeof got !== "number") return expected === got;
  const diff = Math.abs(expected - got);
  if (rule.absolute !== undefined && diff <= rule.absolute + Number.EPSILON) return true;
  if (rule.relative !== undefined && diff <= rule.relative * Math.max(Math.abs(expected), Math.abs(got))) {
    return true;
  }
  return diff === 0;
}

/** Case, width, accents' composition, punctuation and runs of whitespace do not count. */
export function normalizeText(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\p{P}\p{S}]+/gu, " ")
    .replace(/\s+/gu, " ")
    .trim();
}

/** 1 − Levenshtein distance / longer length: 1 for equal strings, 0 for nothing in common. */
export function similarity(a: string, b: string): number {
  if (a === b) return 1;
  const longer = Math.max(a.length, b.length);
  if (longer === 0) return 1;
  return 1 - levenshtein(a, b) / longer;
}

function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] as number;
}

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Dates are equal when they name the same day (date-only values) or the same instant (values with a time).
 * ISO 8601 is read as such; other spellings (`March 14, 2025`) as the platform's date parser reads them.
 * Day-first numeric forms such as `03/04/2025` are ambiguous and are not guessed: they compare exactly.
 */
function datesMatch(expected: Leaf, got: Leaf): boolean {
  if (typeof expected !== "string" || typeof got !== "string") return expected === got;
  const a = parseDate(expected);
  const b = parseDate(got);
  if (a === null || b === null) return expected === got;
  if (a.dayOnly || b.dayOnly) return a.day === b.day;
  return a.instant === b.instant;
}

function parseDate(text: string): { dayOnly: boolean; day: string; instant: number } | null {
  const trimmed = text.trim();
  const iso = ISO_DAY.exec(trimmed);
  if (iso) return { dayOnly: true, day: trimmed, instant: Date.parse(`${trimmed}T00:00:00Z`) };
  if (/^\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}$/.test(trimmed)) return null;
  const hasTime = /\d{1,2}:\d{2}/.test(trimmed);
  const instant = Date.parse(hasTime ? trimmed : `${trimmed} 00:00:00 UTC`);
  if (Number.isNaN(instant)) return null;
  const day = new Date(instant).toISOString().slice(0, 10);
  return { dayOnly: !hasTime, day, instant };
}
