// JWT client credentials for the hostile tests: HS256 tokens signed as a backend would, and forged ones
// (any header, `alg: none`). Opaque tokens and PROXY_CLIENTS are @extendkit/testing's.
import { createHmac } from "node:crypto";

function base64url(data: string | Buffer): string {
  return Buffer.from(data).toString("base64url");
}

/** Signs a compact JWT with HS256 (or writes any header, for forged and `alg: none` tokens). */
export function signJwt(
  payload: Record<string, unknown>,
  secret: string,
  header: Record<string, unknown> = { alg: "HS256", typ: "JWT" },
): string {
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
  const signature = createHmac("sha256", secret).update(signingInput).digest();
  return `${signingInput}.${base64url(signature)}`;
}

/** A JWT with `alg: none` and an empty signature. */
export function unsignedJwt(payload: Record<string, unknown>): string {
  return `${base64url(JSON.stringify({ alg: "none", typ: "JWT" }))}.${base64url(JSON.stringify(payload))}.`;
}
