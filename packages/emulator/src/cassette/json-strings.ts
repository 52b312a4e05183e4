/**
 * A deep copy of a JSON value with `fn` applied to every string (and, with `keys`, to every object
 * key). Object key order is kept: payloads Extend returned must replay byte for byte.
 */
export function mapJsonStrings<T>(value: T, fn: (text: string) => string, keys = false): T {
  return walk(value, fn, keys) as T;
}

function walk(value: unknown, fn: (text: string) => string, keys: boolean): unknown {
  if (typeof value === "string") return fn(value);
  if (Array.isArray(value)) return value.map((item) => walk(item, fn, keys));
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[keys ? fn(key) : key] = walk(item, fn, keys);
  return out;
}
