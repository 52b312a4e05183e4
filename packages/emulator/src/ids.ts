const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** A random id with the given prefix, e.g. `dpr_Xj8mK2pL9nR4vT7qY5wZ` (Extend-style, 20 chars of base62). */
export function randomId(prefix: string, length = 20): string {
  const bytes = new Uint8Array(length);
  crypto.getRandomValues(bytes);
  let out = prefix;
  for (const byte of bytes) out += ALPHABET[byte % ALPHABET.length];
  return out;
}

/** A stable id derived from text, so processor version ids survive `reset()` and restarts. */
export function stableId(prefix: string, text: string, length = 20): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  let out = prefix;
  for (let round = 0; out.length < prefix.length + length; round++) {
    for (let i = 0; i < text.length; i++) {
      h1 = Math.imul(h1 ^ text.charCodeAt(i), 0x01000193) >>> 0;
      h2 = Math.imul(h2 ^ (text.charCodeAt(i) + round), 0x5bd1e995) >>> 0;
    }
    out += ALPHABET[h1 % 62]! + ALPHABET[h2 % 62]!;
    h1 = (h1 ^ (h2 >>> 7)) >>> 0;
  }
  return out.slice(0, prefix.length + length);
}
