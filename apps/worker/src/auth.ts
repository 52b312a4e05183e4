import { type ClientRecord, type Principal, parseClientRecord } from "./clients.ts";
import { ProxyError } from "./errors.ts";
import { sha256Hex } from "./hash.ts";
import { JwtError, type JwtVerifier, looksLikeJwt } from "./jwt.ts";

/** Why authentication failed, for the log only; the client always sees the same 401. */
export class AuthFailure extends ProxyError {
  readonly reason: string;
  constructor(reason: string) {
    super(401, "UNAUTHORIZED", "Missing or invalid client credentials", { "www-authenticate": 'Bearer realm="extendkit"' });
    this.reason = reason;
  }
}

/** Bounds hashing work per request; real tokens and JWTs are far shorter. */
const MAX_BEARER_LENGTH = 8192;

/** Extracts the bearer token, or null when the header is absent or not a Bearer credential. */
export function bearerToken(request: Request): string | null {
  const header = request.headers.get("authorization");
  if (header === null) return null;
  const match = /^Bearer[ ]+([^\s]+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}

/**
 * Resolves the caller: an opaque token is looked up by its SHA-256 in PROXY_CLIENTS (plain tokens are
 * never stored), anything JWT-shaped that is not a known token goes through the JWT verifier.
 */
export async function authenticate(
  request: Request,
  clients: ReadonlyMap<string, ClientRecord>,
  jwt: JwtVerifier,
): Promise<Principal> {
  const token = bearerToken(request);
  if (token === null) throw new AuthFailure("no bearer token");
  if (token.length > MAX_BEARER_LENGTH) throw new AuthFailure("token too long");
  const record = clients.get(await sha256Hex(token));
  if (record !== undefined) return { ...record, via: "token" };
  if (!jwt.enabled || !looksLikeJwt(token)) throw new AuthFailure("unknown token");
  let claims: Record<string, unknown>;
  try {
    claims = await jwt.verify(token);
  } catch (error) {
    throw new AuthFailure(error instanceof JwtError ? `jwt: ${error.message}` : "jwt: verification error");
  }
  const parsed = parseClientRecord(claims, "jwt");
  if (typeof parsed === "string") throw new AuthFailure(parsed);
  return { ...parsed, via: "jwt" };
}
