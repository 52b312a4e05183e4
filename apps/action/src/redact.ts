/**
 * Defence in depth for the API key: `setSecret` only makes the runner mask the key in the log it
 * shows, not in the files the action writes (outputs, summary, results file). Every string the action
 * emits passes through a redactor that replaces the key wherever it appears.
 */

import type { AnnotationAnchor, RunnerIO } from "./runner-io.js";

/** Replaces secrets in text; `add` (when present) redacts one more secret from then on. */
export interface Redactor {
  (text: string): string;
  add?(secret: string): void;
}

/** Secrets shorter than this are not redacted: replacing a 1–3 character string would mangle text. */
const MIN_SECRET_LENGTH = 4;

/** Builds a redactor for `secrets` (empty and very short values are ignored). */
export function createRedactor(secrets: readonly string[]): Redactor {
  let active: string[] = [];
  const add = (secret: string) => {
    if (secret.length < MIN_SECRET_LENGTH || active.includes(secret)) return;
    // Longest first, so a secret containing another is replaced whole.
    active = [...active, secret].sort((a, b) => b.length - a.length);
  };
  for (const secret of secrets) add(secret);
  const redact: Redactor = (text) =>
    active.length === 0 ? text : active.reduce((out, secret) => out.split(secret).join("***"), text);
  redact.add = add;
  return redact;
}

/** Wraps a runner IO so every string that leaves through it is redacted (annotation paths included). */
export function redactIO(io: RunnerIO, redact: Redactor): RunnerIO {
  const anchor = (a?: AnnotationAnchor): AnnotationAnchor | undefined => {
    if (!a) return a;
    const out: AnnotationAnchor = {};
    if (a.title !== undefined) out.title = redact(a.title);
    if (a.file !== undefined) out.file = redact(a.file);
    return out;
  };
  return {
    getInput: (name) => io.getInput(name),
    info: (message) => io.info(redact(message)),
    debug: (message) => io.debug(redact(message)),
    warning: (message, a) => io.warning(redact(message), anchor(a)),
    ...(io.notice
      ? { notice: (message: string, a?: AnnotationAnchor) => io.notice?.(redact(message), anchor(a)) }
      : {}),
    error: (message, a) => io.error(redact(message), anchor(a)),
    startGroup: (name) => io.startGroup(redact(name)),
    endGroup: () => io.endGroup(),
    setOutput: (name, value) => io.setOutput(name, redact(value)),
    appendSummary: (markdown) => io.appendSummary(redact(markdown)),
  };
}
