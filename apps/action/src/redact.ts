/**
 * Defence in depth for the API key: `setSecret` only makes the runner mask the key in the log it
 * shows, not in the files the action writes (outputs, summary, results file). Every string the action
 * emits passes through a redactor that replaces the key wherever it appears.
 */

/** Replaces secrets in text. */
export type Redactor = (text: string) => string;

/** Secrets shorter than this are not redacted: replacing a 1–3 character string would mangle text. */
const MIN_SECRET_LENGTH = 4;

/** Builds a redactor for `secrets` (empty and very short values are ignored). */
export function createRedactor(secrets: readonly string[]): Redactor {
  const active = [...new Set(secrets.filter((s) => s.length >= MIN_SECRET_LENGTH))].sort((a, b) => b.length - a.length);
  if (active.length === 0) return (text) => text;
  return (text) => active.reduce((out, secret) => out.split(secret).join("***"), text);
}
