// Key-sorted JSON: the one serialisation behind cassette files (so re-recording the same runs writes
// the same bytes, and a diff shows only what changed) and behind match keys (so two configs that differ
// only in key order are the same config).

/** JSON with object keys sorted at every depth; `indent` as in JSON.stringify. */
export function stableStringify(value: unknown, indent?: number): string {
  return JSON.stringify(sortKeys(value), null, indent);
}

/** A deep copy of a JSON value with object keys in sorted order (arrays keep their order). */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const item = (value as Record<string, unknown>)[key];
    // JSON.stringify drops undefined members; dropping them here keeps the two in agreement.
    if (item !== undefined) out[key] = sortKeys(item);
  }
  return out;
}

/** True when two JSON values serialise identically once keys are sorted. */
export function sameJson(a: unknown, b: unknown): boolean {
  return stableStringify(a) === stableStringify(b);
}
