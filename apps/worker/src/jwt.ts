import { decodeBase64Url } from "./base64url.ts";
import { type JwtRevocations, NO_REVOCATIONS, revokedClaim } from "./jwt-revocation.ts";
import { decodeUtf8Strict } from "./utf8.ts";

/** The asymmetric algorithms accepted from JWT_PUBLIC_KEY (HS256 comes from JWT_SECRET). */
export type PublicJwtAlg = "RS256" | "ES256";

/** A validated public JWK and the one algorithm it may verify. */
export interface PublicJwkConfig {
  jwk: JsonWebKey;
  alg: PublicJwtAlg;
}

/** Why a token was refused. Only ever logged as this short reason, never with the token. */
export class JwtError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "JwtError";
  }
}

/** Accepted clock skew for `exp`/`nbf`, in seconds. */
const LEEWAY_SECONDS = 30;
/** Anything longer is not a token we minted; refusing early bounds the work an attacker can cause. */
const MAX_TOKEN_LENGTH = 8192;

/** Parses JWT_PUBLIC_KEY: one public JWK, RSA (RS256) or EC P-256 (ES256). Private keys are refused. */
export function parsePublicJwk(raw: string): PublicJwkConfig | string {
  let jwk: unknown;
  try {
    jwk = JSON.parse(raw);
  } catch {
    return "JWT_PUBLIC_KEY is not valid JSON (expected a JWK)";
  }
  if (typeof jwk !== "object" || jwk === null || Array.isArray(jwk))
    return "JWT_PUBLIC_KEY must be a JWK object";
  const key = jwk as Record<string, unknown>;
  if ("d" in key) return "JWT_PUBLIC_KEY contains a private key: configure the public part only";
  let alg: PublicJwtAlg;
  if (key["kty"] === "RSA" && typeof key["n"] === "string" && typeof key["e"] === "string") alg = "RS256";
  else if (
    key["kty"] === "EC" &&
    key["crv"] === "P-256" &&
    typeof key["x"] === "string" &&
    typeof key["y"] === "string"
  ) {
    alg = "ES256";
  } else return "JWT_PUBLIC_KEY must be an RSA or EC P-256 public JWK";
  if (key["alg"] !== undefined && key["alg"] !== alg)
    return `JWT_PUBLIC_KEY alg must be ${alg} for this key type`;
  const field = (name: string): string => key[name] as string;
  const clean: JsonWebKey =
    alg === "RS256"
      ? { kty: "RSA", n: field("n"), e: field("e") }
      : { kty: "EC", crv: "P-256", x: field("x"), y: field("y") };
  return { jwk: clean, alg };
}

/** What the verifier needs from configuration. */
export interface JwtVerifierOptions {
  secret: string | null;
  publicKey: PublicJwkConfig | null;
  issuer: string | null;
  audience: string | null;
  /** Longest accepted lifetime in seconds (`JWT_MAX_TTL`); unset means unbounded. */
  maxTtlSeconds?: number;
  /** Revoked tokens (`JWT_REVOKED`). */
  revoked?: JwtRevocations;
  /** Milliseconds since the epoch; injectable so tests control expiry. */
  now: () => number;
}

/** Whether a bearer value has the compact JWS shape (three base64url parts). */
export function looksLikeJwt(token: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(token);
}

function parseJson(bytes: Uint8Array | null): Record<string, unknown> | null {
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

/**
 * Verifies compact JWS tokens with a fixed algorithm per key: the header's `alg` only selects among the
 * keys that are configured, so `none`, HS256-with-the-public-key confusion and unexpected algorithms fail.
 */
export class JwtVerifier {
  readonly #options: JwtVerifierOptions;
  #hmacKey: Promise<CryptoKey> | null = null;
  #publicKey: Promise<CryptoKey> | null = null;

  constructor(options: JwtVerifierOptions) {
    this.#options = options;
  }

  /** Whether any JWT key is configured at all. */
  get enabled(): boolean {
    return this.#options.secret !== null || this.#options.publicKey !== null;
  }

  /** Returns the verified claims or throws JwtError. */
  async verify(token: string): Promise<Record<string, unknown>> {
    if (token.length > MAX_TOKEN_LENGTH) throw new JwtError("token too long");
    const parts = token.split(".");
    if (parts.length !== 3) throw new JwtError("malformed token");
    const [encodedHeader = "", encodedPayload = "", encodedSignature = ""] = parts;
    const header = parseJson(decodeBase64Url(encodedHeader));
    const payload = parseJson(decodeBase64Url(encodedPayload));
    const signature = decodeBase64Url(encodedSignature);
    if (header === null || payload === null || signature === null) throw new JwtError("malformed token");
    if ("crit" in header) throw new JwtError("unsupported critical header");
    const key = await this.#keyFor(header["alg"]);
    const data = new TextEncoder().encode(`${encodedHeader}.${encodedPayload}`);
    const valid = await crypto.subtle.verify(key.params, key.key, signature, data);
    if (!valid) throw new JwtError("bad signature");
    this.#checkClaims(payload);
    return payload;
  }

  async #keyFor(alg: unknown): Promise<{ key: CryptoKey; params: string | { name: string; hash: string } }> {
    const { secret, publicKey } = this.#options;
    if (alg === "HS256" && secret !== null) {
      this.#hmacKey ??= crypto.subtle.importKey(
        "raw",
        new TextEncoder().encode(secret),
        { name: "HMAC", hash: "SHA-256" },
        false,
        ["verify"],
      );
      return { key: await this.#hmacKey, params: "HMAC" };
    }
    if (publicKey !== null && alg === publicKey.alg) {
      const importParams =
        publicKey.alg === "RS256"
          ? { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }
          : { name: "ECDSA", namedCurve: "P-256" };
      this.#publicKey ??= crypto.subtle.importKey("jwk", publicKey.jwk, importParams, false, ["verify"]);
      const params = publicKey.alg === "RS256" ? "RSASSA-PKCS1-v1_5" : { name: "ECDSA", hash: "SHA-256" };
      return { key: await this.#publicKey, params };
    }
    throw new JwtError("algorithm not accepted");
  }

  #checkClaims(claims: Record<string, unknown>): void {
    const now = Math.floor(this.#options.now() / 1000);
    const exp = claims["exp"];
    if (typeof exp !== "number" || !Number.isFinite(exp)) throw new JwtError("exp claim required");
    if (now > exp + LEEWAY_SECONDS) throw new JwtError("token expired");
    const nbf = claims["nbf"];
    if (nbf !== undefined && (typeof nbf !== "number" || now + LEEWAY_SECONDS < nbf)) {
      throw new JwtError("token not yet valid");
    }
    const iat = claims["iat"];
    if (iat !== undefined && (typeof iat !== "number" || now + LEEWAY_SECONDS < iat)) {
      throw new JwtError("token issued in the future");
    }
    // A token that lives for years cannot be taken back by rotating anything but the key itself.
    const maxTtl = this.#options.maxTtlSeconds;
    if (maxTtl !== undefined) {
      const lifetime = exp - Math.min(now, typeof iat === "number" ? iat : now);
      if (lifetime > maxTtl + LEEWAY_SECONDS) throw new JwtError("lifetime exceeds JWT_MAX_TTL");
    }
    const revoked = revokedClaim(this.#options.revoked ?? NO_REVOCATIONS, claims);
    if (revoked !== null) throw new JwtError(`revoked by ${revoked}`);
    const { issuer, audience } = this.#options;
    if (issuer !== null && claims["iss"] !== issuer) throw new JwtError("wrong issuer");
    if (audience !== null) {
      const aud = claims["aud"];
      const audiences = Array.isArray(aud) ? aud : [aud];
      if (!audiences.includes(audience)) throw new JwtError("wrong audience");
    }
  }
}
