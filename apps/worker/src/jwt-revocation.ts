/** The claims a revocation can match. */
export const REVOCABLE_CLAIMS = ["jti", "sub", "tenant"] as const;
type RevocableClaim = (typeof REVOCABLE_CLAIMS)[number];

/** Revoked values per claim (`JWT_REVOKED`). */
export type JwtRevocations = Readonly<Record<RevocableClaim, ReadonlySet<string>>>;

/** No revocations. */
export const NO_REVOCATIONS: JwtRevocations = { jti: new Set(), sub: new Set(), tenant: new Set() };

/**
 * Parses `JWT_REVOKED`: entries separated by commas or whitespace, each `jti:<id>` (one token), `sub:<subject>`
 * (every token of a user) or `tenant:<tenant>` (every token of a tenant). Revocation is configuration, so it
 * is the same in every isolate the moment the new version is live; problems name the entry's position only.
 */
export function parseRevocations(raw: string | null, problems: string[]): JwtRevocations {
  if (raw === null) return NO_REVOCATIONS;
  const sets = { jti: new Set<string>(), sub: new Set<string>(), tenant: new Set<string>() };
  const entries = raw.split(/[\s,]+/).filter((entry) => entry !== "");
  entries.forEach((entry, index) => {
    const colon = entry.indexOf(":");
    const claim = entry.slice(0, colon) as RevocableClaim;
    const value = entry.slice(colon + 1);
    if (colon <= 0 || value === "" || !REVOCABLE_CLAIMS.includes(claim)) {
      problems.push(`JWT_REVOKED entry #${index + 1} must be jti:<id>, sub:<subject> or tenant:<tenant>`);
      return;
    }
    sets[claim].add(value);
  });
  return sets;
}

/** The revoked claim a token carries, or null when it is not revoked. */
export function revokedClaim(revocations: JwtRevocations, claims: Record<string, unknown>): string | null {
  for (const claim of REVOCABLE_CLAIMS) {
    const value = claims[claim];
    if (typeof value === "string" && revocations[claim].has(value)) return claim;
  }
  return null;
}
