/**
 * The placeholder values shipped in `.dev.vars.example`. A copy of that file left unedited would otherwise
 * run a proxy whose admin JWTs and webhook signatures anyone who read the repository can forge.
 */
export const KNOWN_PLACEHOLDERS: ReadonlySet<string> = new Set([
  "sk_replace_me",
  "replace-with-at-least-32-random-characters",
  "wss_replace_me",
]);

/** Words that only ever appear in example values, never in generated secrets. */
const PLACEHOLDER_WORDS =
  /replace[-_ ]?(me|with)|change[-_ ]?me|placeholder|your[-_ ]?(secret|key|token)|<[^>]*>/i;

/** Minimum estimated entropy of each inbound-authentication secret, in bits. */
export const MIN_SECRET_BITS = { JWT_SECRET: 96, WEBHOOK_SECRET: 64 } as const;

/**
 * Estimated entropy in bits: the Shannon entropy of the value's own character distribution times its
 * length. It underestimates random strings a little and overestimates English words, which is why the
 * known placeholders are refused by value as well; it reliably catches repeats like `aaaa…` or `abab…`.
 */
export function estimatedBits(value: string): number {
  const counts = new Map<string, number>();
  for (const char of value) counts.set(char, (counts.get(char) ?? 0) + 1);
  const length = [...value].length;
  let perChar = 0;
  for (const count of counts.values()) {
    const p = count / length;
    perChar -= p * Math.log2(p);
  }
  return perChar * length;
}

/** Whether a value is an example placeholder rather than a real secret. */
export function isPlaceholder(value: string): boolean {
  return KNOWN_PLACEHOLDERS.has(value) || PLACEHOLDER_WORDS.test(value);
}

/**
 * The problem with a configured secret, or null when it is usable. Messages name the setting, never the
 * value. `minBits` is checked only for secrets that authenticate callers (the Extend key is judged by Extend).
 */
export function secretProblem(name: string, value: string, minBits?: number): string | null {
  if (isPlaceholder(value)) return `${name} is a placeholder from .dev.vars.example: set a real secret`;
  if (minBits !== undefined && estimatedBits(value) < minBits) {
    return `${name} has too little entropy (at least ${minBits} bits): generate one with \`openssl rand -hex 32\``;
  }
  return null;
}
