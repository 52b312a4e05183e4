/** Longest body excerpt put into an error. */
export const SNIPPET_LENGTH = 200;

/** A response body, read once. */
export type ReadBody =
  | { kind: "json"; value: unknown; text: string }
  | { kind: "empty" }
  | { kind: "invalid"; text: string };

/**
 * Reads a response body as text and parses it as JSON, whatever the content type claims (proxies
 * label HTML error pages `application/json` and vice versa). `secret` is blanked out of the text first
 * so that a server echoing the key can never leak it into an error.
 */
export async function readBody(response: Response, secret: string): Promise<ReadBody> {
  const raw = await response.text();
  const text = redact(raw, secret);
  if (text.trim() === "") return { kind: "empty" };
  try {
    return { kind: "json", value: JSON.parse(text), text };
  } catch {
    return { kind: "invalid", text };
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
