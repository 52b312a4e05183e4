/**
 * The OIDC issuer's signing keys, fetched from its JWKS URL. Keys are cached (they are public and change only by
 * rotation) and fetched again when a token names a `kid` the cache lacks, at most once per `minRefetchMs`, so a
 * rotation is picked up at once and a flood of made-up `kid`s costs one fetch per interval. This cache is
 * harmless to lose: it holds nothing but public keys, so module memory is its right place.
 */

/** How long a fetched key set is trusted before it is fetched again. */
const DEFAULT_MAX_AGE_MS = 10 * 60_000;
/** The least time between two fetches caused by unknown `kid`s. */
const DEFAULT_MIN_REFETCH_MS = 30_000;
const RS256 = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" } as const;

/** Options of {@link JwksKeys}. */
export interface JwksOptions {
  url: string;
  fetch: typeof fetch;
  now: () => number;
  maxAgeMs?: number;
  minRefetchMs?: number;
}

/** The RS256 verification keys of one issuer, by `kid`. */
export class JwksKeys {
  readonly #options: JwksOptions;
  #keys = new Map<string, CryptoKey>();
  #fetchedAt = Number.NEGATIVE_INFINITY;
  #inFlight: Promise<void> | null = null;

  constructor(options: JwksOptions) {
    this.#options = options;
  }

  /** The key for `kid`, or null when the issuer does not publish it (even after a fresh fetch). */
  async key(kid: string): Promise<CryptoKey | null> {
    const age = this.#options.now() - this.#fetchedAt;
    const stale = age > (this.#options.maxAgeMs ?? DEFAULT_MAX_AGE_MS);
    const unknownMayRefetch =
      !this.#keys.has(kid) && age >= (this.#options.minRefetchMs ?? DEFAULT_MIN_REFETCH_MS);
    if (stale || unknownMayRefetch) await this.#refresh();
    return this.#keys.get(kid) ?? null;
  }

  #refresh(): Promise<void> {
    this.#inFlight ??= this.#load().finally(() => {
      this.#inFlight = null;
    });
    return this.#inFlight;
  }

  async #load(): Promise<void> {
    // Mark the attempt first: a failing issuer must not be fetched on every request either.
    this.#fetchedAt = this.#options.now();
    const response = await this.#options.fetch(this.#options.url, {
      headers: { accept: "application/json" },
    });
    if (!response.ok) {
      await response.body?.cancel();
      throw new Error(`JWKS answered ${response.status}`);
    }
    const body = (await response.json()) as { keys?: unknown };
    if (!Array.isArray(body.keys)) throw new Error("JWKS has no keys array");
    const keys = new Map<string, CryptoKey>();
    for (const jwk of body.keys as Record<string, unknown>[]) {
      if (typeof jwk !== "object" || jwk === null) continue;
      if (jwk["kty"] !== "RSA" || typeof jwk["kid"] !== "string") continue;
      if (jwk["alg"] !== undefined && jwk["alg"] !== "RS256") continue;
      if (jwk["use"] !== undefined && jwk["use"] !== "sig") continue;
      if (typeof jwk["n"] !== "string" || typeof jwk["e"] !== "string") continue;
      const key = await crypto.subtle.importKey(
        "jwk",
        { kty: "RSA", n: jwk["n"], e: jwk["e"] },
        RS256,
        false,
        ["verify"],
      );
      keys.set(jwk["kid"], key);
    }
    this.#keys = keys;
  }
}
