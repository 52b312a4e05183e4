/** Longest body excerpt put into an error. */
export const SNIPPET_LENGTH = 200;

/** A response body, read once: its text and, when it parses, its JSON value. */
export interface ReadBody {
  text: string;
  json: boolean;
  value?: unknown;
}

/**
 * Parses a response body as JSON, whatever the content type claims (proxies label HTML error pages
 * `application/json` and vice versa).
 */
export function parseBody(text: string): ReadBody {
  try {
    return { text, json: true, value: JSON.parse(text) };
  } catch {
    return { text, json: false };
  }
}

/** The first {@link SNIPPET_LENGTH} characters of a body, whitespace collapsed. */
export function snippet(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > SNIPPET_LENGTH ? `${flat.slice(0, SNIPPET_LENGTH - 3)}...` : flat;
}

/** Replaces every occurrence of `secret` in `text`. */
export function redact(text: string, secret: string): string {
  return secret ? text.split(secret).join("[redacted]") : text;
}

/**
 * Reads a field of an unknown value (a JSON body, a Blob that may be a File): a non-empty string, or with
 * `type` "object" a non-null object; anything else is undefined.
 */
export function field(value: unknown, key: string): string | undefined;
export function field(value: unknown, key: string, type: "object"): object | undefined;
export function field(value: unknown, key: string, type = "string"): unknown {
  // A primitive or null has no such field (optional chaining reads a primitive's property as undefined).
  const found = (value as Record<string, unknown> | null | undefined)?.[key];
  // Truthy: a string is non-empty, an object is not null.
  return typeof found === type && found ? found : undefined;
}
