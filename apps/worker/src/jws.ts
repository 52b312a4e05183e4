import { decodeBase64Url } from "./base64url.ts";
import { decodeUtf8Strict } from "./utf8.ts";

/** A compact JWS split into its decoded parts; nothing in it is verified yet. */
export interface DecodedJws {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signature: Uint8Array<ArrayBuffer>;
  /** The bytes the signature covers: `<header>.<payload>` as sent. */
  signingInput: BufferSource;
}

/** Anything longer is not a token this proxy accepts; refusing early bounds the work an attacker can cause. */
export const MAX_TOKEN_LENGTH = 8192;

function parseJsonObject(bytes: Uint8Array | null): Record<string, unknown> | null {
  if (bytes === null) return null;
  try {
    const value: unknown = JSON.parse(decodeUtf8Strict(bytes));
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** Decodes a compact JWS (RFC 7515 §7.1), or returns null when it is not one. */
export function decodeJws(token: string): DecodedJws | null {
  if (token.length > MAX_TOKEN_LENGTH) return null;
  const parts = token.split(".");
  if (parts.length !== 3) return null;
  const [encodedHeader = "", encodedPayload = "", encodedSignature = ""] = parts;
  const header = parseJsonObject(decodeBase64Url(encodedHeader));
  const payload = parseJsonObject(decodeBase64Url(encodedPayload));
  const signature = decodeBase64Url(encodedSignature);
  if (header === null || payload === null || signature === null) return null;
  return {
    header,
    payload,
    signature,
    signingInput: new TextEncoder().encode(`${encodedHeader}.${encodedPayload}`),
  };
}
