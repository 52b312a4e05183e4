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
  return secret.length > 0 && text.includes(secret) ? text.split(secret).join("[redacted]") : text;
}

/** Reads a string field of an unknown JSON value. */
export function stringField(value: unknown, key: string): string | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const field = (value as Record<string, unknown>)[key];
  return typeof field === "string" && field !== "" ? field : undefined;
}
