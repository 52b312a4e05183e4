/**
 * Field paths in a run's output, as comparison rules name them and as reports print them.
 *
 * A path is dot-separated keys with `[n]` for array items: `value.line_items[2].amount`. A pattern may use
 * `[*]` for any array item and `*` for any one key: `value.line_items[*].amount`, `metadata.*.citations`.
 * Array items matched by a key field print as `[sku=A-1]`; a pattern's `[*]` matches those too.
 */

/** One step of a concrete path: an object key, or an array item (by position or by its key field). */
export type PathStep = { key: string } | { index: number; label?: string };

/** One step of a pattern: `null` is a wildcard of that kind. */
type PatternStep = { key: string | null } | { item: true };

/** A parsed pattern with its specificity, so that the most specific of several matching rules wins. */
export interface FieldPattern {
  source: string;
  steps: PatternStep[];
  /** Literal steps count 2, wildcards 1: longer and more literal patterns are more specific. */
  specificity: number;
}

const SEGMENT = /^([^.[\]]*)((?:\[(?:\*|\d+)\])*)$/;

/** Parses a rule's path pattern. Throws with the pattern named when it is malformed. */
export function parseFieldPattern(source: string): FieldPattern {
  const trimmed = source.trim();
  if (trimmed === "") throw new Error("a field path is empty");
  const steps: PatternStep[] = [];
  for (const segment of trimmed.split(".")) {
    const match = SEGMENT.exec(segment);
    if (!match || (match[1] === "" && match[2] === "")) {
      throw new Error(`field path "${source}" is malformed at "${segment}" (use a.b[*].c or a.*.c)`);
    }
    const [, key = "", brackets = ""] = match;
    if (key !== "") steps.push({ key: key === "*" ? null : key });
    for (const bracket of brackets.match(/\[(\*|\d+)\]/g) ?? []) {
      if (bracket !== "[*]")
        throw new Error(`field path "${source}": use [*] for array items, not ${bracket}`);
      steps.push({ item: true });
    }
  }
  const specificity = steps.reduce(
    (sum, s) => sum + ("key" in s && s.key === null ? 1 : "item" in s ? 1 : 2),
    0,
  );
  return { source: trimmed, steps, specificity };
}

/** True when `pattern` names `path` or one of its ancestors (a rule on an object covers its fields). */
export function patternCovers(pattern: FieldPattern, path: readonly PathStep[]): boolean {
  if (pattern.steps.length > path.length) return false;
  return pattern.steps.every((step, i) => {
    const at = path[i] as PathStep;
    if ("item" in step) return "index" in at;
    return "key" in at && (step.key === null || step.key === at.key);
  });
}

/** True when `pattern` names a field strictly inside `path` (it is deeper and starts like `path`). */
export function patternReachesBelow(pattern: FieldPattern, path: readonly PathStep[]): boolean {
  return (
    pattern.steps.length > path.length &&
    patternCovers({ ...pattern, steps: pattern.steps.slice(0, path.length) }, path)
  );
}

/** True when `pattern` names exactly `path` (same depth). */
export function patternEquals(pattern: FieldPattern, path: readonly PathStep[]): boolean {
  return pattern.steps.length === path.length && patternCovers(pattern, path);
}

/** Prints a concrete path: `value.line_items[sku=A-1].amount`, `splits[0].type`. The root prints as `(output)`. */
export function formatPath(path: readonly PathStep[]): string {
  let out = "";
  for (const step of path) {
    if ("key" in step) out += out === "" ? step.key : `.${step.key}`;
    else out += `[${step.label ?? step.index}]`;
  }
  return out === "" ? "(output)" : out;
}
