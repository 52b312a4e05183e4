/**
 * The OIDC settings: keyless auth for GitHub workflows. OIDC is on when OIDC_AUDIENCE and OIDC_POLICIES are set.
 *
 * - `OIDC_AUDIENCE`: the `aud` tokens must carry; the action asks for its `base-url`, so use the proxy's URL.
 * - `OIDC_POLICIES`: which workflows map to which client (see policies.ts).
 * - `OIDC_ISSUER`: default GitHub Actions' issuer.
 * - `OIDC_JWKS_URL`: default `<issuer>/.well-known/jwks`. Besides its upstream, this is the only host the proxy
 *   ever calls, and only when OIDC is on.
 */
import { type OidcPolicy, parseOidcPolicies } from "./policies.ts";
import { GITHUB_OIDC_ISSUER } from "./verifier.ts";

/** Validated OIDC settings. */
export interface OidcSettings {
  issuer: string;
  audience: string;
  jwksUrl: string;
  policies: OidcPolicy[];
}

function absoluteUrl(value: string, name: string, problems: string[]): string | null {
  try {
    const url = new URL(value);
    if (url.protocol !== "https:" && url.protocol !== "http:") throw new Error("scheme");
    return value.replace(/\/+$/, "");
  } catch {
    problems.push(`${name} must be an absolute http(s) URL`);
    return null;
  }
}

/** Parses the OIDC settings; null when OIDC is off. Problems never quote values. */
export function parseOidcSettings(
  read: (name: string) => string | null,
  problems: string[],
): OidcSettings | null {
  const audience = read("OIDC_AUDIENCE");
  const policiesRaw = read("OIDC_POLICIES");
  if (audience === null && policiesRaw === null) return null;
  if (audience === null || policiesRaw === null) {
    problems.push("OIDC needs both OIDC_AUDIENCE and OIDC_POLICIES");
    return null;
  }
  const policies = parseOidcPolicies(policiesRaw);
  if (typeof policies === "string") {
    problems.push(policies);
    return null;
  }
  const issuer = absoluteUrl(read("OIDC_ISSUER") ?? GITHUB_OIDC_ISSUER, "OIDC_ISSUER", problems);
  const jwksRaw = read("OIDC_JWKS_URL");
  const jwksUrl =
    jwksRaw === null
      ? issuer === null
        ? null
        : `${issuer}/.well-known/jwks`
      : absoluteUrl(jwksRaw, "OIDC_JWKS_URL", problems);
  if (issuer === null || jwksUrl === null) return null;
  return { issuer, audience: audience.replace(/\/+$/, ""), jwksUrl, policies };
}
