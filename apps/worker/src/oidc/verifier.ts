/**
 * Verifies GitHub Actions OIDC ID tokens (keyless auth for the action): RS256 only, signed by a key in the
 * issuer's JWKS, `iss` equal to the configured issuer, `aud` naming this proxy, `exp`/`nbf`/`iat` within a small
 * leeway, then the claims mapped to a client through OIDC_POLICIES.
 */
import type { ClientRecord } from "../clients.ts";
import { decodeJws } from "../jws.ts";
import type { JwksKeys } from "./jwks.ts";
import { type OidcPolicy, policyFor } from "./policies.ts";

/** GitHub Actions' issuer, the default of OIDC_ISSUER. */
export const GITHUB_OIDC_ISSUER = "https://token.actions.githubusercontent.com";

/** Accepted clock skew, in seconds. */
const LEEWAY_SECONDS = 30;

/** Why an OIDC token was refused; only ever logged, never sent to the client. */
export class OidcError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "OidcError";
  }
}

/** What the verifier needs. */
export interface OidcVerifierOptions {
  issuer: string;
  audience: string;
  keys: JwksKeys;
  policies: readonly OidcPolicy[];
  now: () => number;
}

/** Verifies tokens of one issuer for one audience. */
export class OidcVerifier {
  readonly #options: OidcVerifierOptions;

  constructor(options: OidcVerifierOptions) {
    this.#options = options;
  }

  /** True when `token` claims to come from this issuer (unverified: it only picks the verifier). */
  claimsIssuer(token: string): boolean {
    return decodeJws(token)?.payload["iss"] === this.#options.issuer;
  }

  /** The client the token's workflow maps to, with the token's expiry (ms); throws {@link OidcError}. */
  async verify(token: string): Promise<{ client: ClientRecord; expiresAt: number; subject: string }> {
    const jws = decodeJws(token);
    if (jws === null) throw new OidcError("malformed token");
    const { header, payload } = jws;
    if (header["alg"] !== "RS256") throw new OidcError("algorithm not accepted");
    if ("crit" in header) throw new OidcError("unsupported critical header");
    const kid = header["kid"];
    if (typeof kid !== "string") throw new OidcError("kid required");
    let key: CryptoKey | null;
    try {
      key = await this.#options.keys.key(kid);
    } catch (error) {
      throw new OidcError(`JWKS unavailable (${(error as Error).message})`);
    }
    if (key === null) throw new OidcError("unknown kid");
    const valid = await crypto.subtle.verify("RSASSA-PKCS1-v1_5", key, jws.signature, jws.signingInput);
    if (!valid) throw new OidcError("bad signature");
    this.#checkClaims(payload);
    const client = policyFor(this.#options.policies, payload);
    const subject = `${String(payload["repository"])}@${String(payload["ref"])}`;
    if (client === null) throw new OidcError(`no OIDC policy matches ${subject}`);
    return { client, expiresAt: (payload["exp"] as number) * 1000, subject };
  }

  #checkClaims(claims: Record<string, unknown>): void {
    const now = Math.floor(this.#options.now() / 1000);
    if (claims["iss"] !== this.#options.issuer) throw new OidcError("wrong issuer");
    const aud = claims["aud"];
    if (!(Array.isArray(aud) ? aud : [aud]).includes(this.#options.audience))
      throw new OidcError("wrong audience");
    const exp = claims["exp"];
    if (typeof exp !== "number" || !Number.isFinite(exp)) throw new OidcError("exp claim required");
    if (now > exp + LEEWAY_SECONDS) throw new OidcError("token expired");
    const nbf = claims["nbf"];
    if (nbf !== undefined && (typeof nbf !== "number" || now + LEEWAY_SECONDS < nbf)) {
      throw new OidcError("token not yet valid");
    }
    const iat = claims["iat"];
    if (typeof iat !== "number" || now + LEEWAY_SECONDS < iat)
      throw new OidcError("iat missing or in the future");
  }
}
