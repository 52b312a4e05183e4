import { type ClientRecord, type Principal, parseClientRecord } from "./clients.ts";
import { ProxyError } from "./errors.ts";
import { sha256Hex } from "./hash.ts";
import { JwtError, type JwtVerifier, looksLikeJwt } from "./jwt.ts";
import { OidcError, type OidcVerifier } from "./oidc/verifier.ts";

/** Why authentication failed, for the log only; the client always sees the same 401. */
export class AuthFailure extends ProxyError {
  readonly reason: string;
  constructor(reason: string) {
    super(401, "UNAUTHORIZED", "Missing or invalid client credentials", {
      "www-authenticate": 'Bearer realm="extendkit"',
    });
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

/** How many recently verified credentials are remembered per isolate/process. */
const REMEMBERED_CREDENTIALS = 1000;

/**
 * Resolves the caller: an opaque token is looked up by its SHA-256 in PROXY_CLIENTS (plain tokens are
 * never stored in configuration), anything JWT-shaped that is not a known token goes through the JWT
 * verifier. Successful answers are remembered (bounded, and JWTs only until their `exp`) so a hot
 * client does not pay a digest or a signature check on every request; failures are never remembered.
 */
export class Authenticator {
  readonly #clients: ReadonlyMap<string, ClientRecord>;
  readonly #jwt: JwtVerifier;
  readonly #now: () => number;
  readonly #oidc: OidcVerifier | null;
  readonly #remembered = new Map<string, { principal: Principal; until: number }>();

  /** `oidc`: GitHub Actions ID tokens (keyless auth), when OIDC_* is configured. */
  constructor(
    clients: ReadonlyMap<string, ClientRecord>,
    jwt: JwtVerifier,
    now: () => number,
    oidc: OidcVerifier | null = null,
  ) {
    this.#clients = clients;
    this.#jwt = jwt;
    this.#now = now;
    this.#oidc = oidc;
  }

  async authenticate(request: Request): Promise<Principal> {
    const token = bearerToken(request);
    if (token === null) throw new AuthFailure("no bearer token");
    if (token.length > MAX_BEARER_LENGTH) throw new AuthFailure("token too long");
    const remembered = this.#remembered.get(token);
    if (remembered !== undefined) {
      if (this.#now() < remembered.until) return remembered.principal;
      this.#remembered.delete(token);
    }
    const { principal, until } = await this.#resolve(token);
    if (this.#remembered.size >= REMEMBERED_CREDENTIALS) {
      const oldest = this.#remembered.keys().next().value;
      if (oldest !== undefined) this.#remembered.delete(oldest);
    }
    this.#remembered.set(token, { principal, until });
    return principal;
  }

  async #resolve(token: string): Promise<{ principal: Principal; until: number }> {
    const hash = await sha256Hex(token);
    const record = this.#clients.get(hash);
    if (record !== undefined) {
      const principal: Principal = { ...record, via: "token", client: `token:${hash.slice(0, 16)}` };
      return { principal, until: Number.POSITIVE_INFINITY };
    }
    // The unverified `iss` only picks the verifier; OidcVerifier checks it again after the signature.
    if (this.#oidc !== null && looksLikeJwt(token) && this.#oidc.claimsIssuer(token)) {
      return this.#resolveOidc(this.#oidc, token);
    }
    if (!this.#jwt.enabled || !looksLikeJwt(token)) throw new AuthFailure("unknown token");
    let claims: Record<string, unknown>;
    try {
      claims = await this.#jwt.verify(token);
    } catch (error) {
      throw new AuthFailure(error instanceof JwtError ? `jwt: ${error.message}` : "jwt: verification error");
    }
    const parsed = parseClientRecord(claims, "jwt");
    if (typeof parsed === "string") throw new AuthFailure(parsed);
    // verify() guarantees a numeric exp; remember the token no longer than it is valid.
    const subject = [claims["sub"], claims["jti"]].find((value) => typeof value === "string") as
      | string
      | undefined;
    const client = `jwt:${parsed.tenant}:${subject ?? ""}`;
    return { principal: { ...parsed, via: "jwt", client }, until: (claims["exp"] as number) * 1000 };
  }

  async #resolveOidc(oidc: OidcVerifier, token: string): Promise<{ principal: Principal; until: number }> {
    try {
      const { client, expiresAt, subject } = await oidc.verify(token);
      // Remembered no longer than the token is valid (GitHub's ID tokens live minutes).
      return { principal: { ...client, via: "oidc", client: `oidc:${subject}` }, until: expiresAt };
    } catch (error) {
      throw new AuthFailure(
        error instanceof OidcError ? `oidc: ${error.message}` : "oidc: verification error",
      );
    }
  }
}
