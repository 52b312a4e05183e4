// Proxy client credentials as the proxy's operator configures them: random bearer tokens handed to
// clients, and PROXY_CLIENTS keyed by the SHA-256 hex of each token (plain tokens are never stored).
import { createHash, createHmac, randomBytes } from "node:crypto";

/** A client entry of PROXY_CLIENTS. */
export interface ProxyClient {
  tenant: string;
  tags: string[];
  scopes: string[];
  processors: string[];
}

/** A fresh random client token. */
export function newClientToken(label: string): string {
  return `ekc_${label}_${randomBytes(18).toString("hex")}`;
}

/** SHA-256 hex of a token, the PROXY_CLIENTS key. */
export function sha256Hex(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

/** PROXY_CLIENTS for a set of tokens. */
export function proxyClients(
  entries: Array<{ token: string; client: ProxyClient }>,
): Record<string, ProxyClient> {
  return Object.fromEntries(entries.map(({ token, client }) => [sha256Hex(token), client]));
}

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
