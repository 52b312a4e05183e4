import { badRequest } from "./errors.js";

/** Where the previous page ended. */
export interface PageCursor {
  sortBy: string;
  sortDir: "asc" | "desc";
  /** Sequence key of the last item returned. */
  key: number;
}

// Leading bytes 0xFB 0xFF 0xBF encode as "+/+/", so every token exercises the characters clients
// must URL-encode (`+`, `/`, `=`, `:`), like the tokens in Extend's documentation.
const MARKER = [0xfb, 0xff, 0xbf];

/**
 * Encodes a cursor as an opaque token: base64(marker + cursor JSON) ":" base64(filter fingerprint).
 * The fingerprint only shapes the token; as the docs say, changing filters between pages merely
 * gives inconsistent data.
 */
export function encodePageToken(cursor: PageCursor, filters: Record<string, string | undefined>): string {
  let json = JSON.stringify({ b: cursor.sortBy, d: cursor.sortDir, k: cursor.key });
  // Pad so the base64 form always ends in "=".
  while ((MARKER.length + json.length) % 3 === 0) json += " ";
  const head = toBase64(new Uint8Array([...MARKER, ...new TextEncoder().encode(json)]));
  const tail = toBase64(fingerprint(filters));
  return `${head}:${tail}`;
}

/** Decodes a token from {@link encodePageToken}; 400 naming `nextPageToken` when it is not one. */
export function decodePageToken(token: string): PageCursor {
  const invalid = badRequest("nextPageToken is invalid: pass the nextPageToken of a previous list response");
  const [head, tail, extra] = token.split(":");
  if (!head || !tail || extra !== undefined) throw invalid;
  try {
    const bytes = fromBase64(head);
    if (MARKER.some((b, i) => bytes[i] !== b)) throw invalid;
    const parsed = JSON.parse(new TextDecoder().decode(bytes.subarray(MARKER.length))) as Record<
      string,
      unknown
    >;
    const { b, d, k } = parsed;
    if (typeof b !== "string" || (d !== "asc" && d !== "desc") || typeof k !== "number") throw invalid;
    return { sortBy: b, sortDir: d, key: k };
  } catch {
    throw invalid;
  }
}

function fingerprint(filters: Record<string, string | undefined>): Uint8Array {
  const text = Object.keys(filters)
    .sort()
    .map((key) => `${key}=${filters[key] ?? ""}`)
    .join("&");
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  // Five bytes: always leaves base64 padding ("=").
  return new Uint8Array([hash >>> 24, (hash >>> 16) & 0xff, (hash >>> 8) & 0xff, hash & 0xff, 0x3e]);
}

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
