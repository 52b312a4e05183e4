/**
 * OIDC_POLICIES: which GitHub workflows may use the proxy, and as which client. Each policy matches claims of
 * the workflow's ID token and grants a client record (tenant, scopes, processors, tags: the same fields and
 * checks as a PROXY_CLIENTS entry). The first policy that matches wins.
 *
 * ```json
 * [
 *   { "match": { "repository": "acme/docs", "ref": "refs/heads/main" },
 *     "client": { "tenant": "acme", "scopes": ["runs:create", "runs:read", "files:write"], "processors": ["dp_invoice"] } },
 *   { "match": { "repository_owner": "acme", "environment": "staging" },
 *     "client": { "tenant": "acme-staging", "scopes": ["runs:read"], "processors": [] } }
 * ]
 * ```
 *
 * Values may use `*` for any run of characters (`refs/heads/release/*`). Every policy must name its repository
 * or its owner: any repository on GitHub can mint a token for the proxy's audience, so a policy without one would
 * let every one of them in.
 */
import { type ClientRecord, parseClientRecord } from "../clients.ts";

/** The claims a policy may match on. */
export const OIDC_MATCH_CLAIMS = [
  "repository",
  "repository_owner",
  "ref",
  "environment",
  "event_name",
  "job_workflow_ref",
] as const;

type MatchClaim = (typeof OIDC_MATCH_CLAIMS)[number];

/** One parsed policy. */
export interface OidcPolicy {
  match: Partial<Record<MatchClaim, RegExp>>;
  client: ClientRecord;
}

function pattern(value: string): RegExp {
  const escaped = value.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*");
  return new RegExp(`^${escaped}$`);
}

/** Parses OIDC_POLICIES; returns a problem description (never echoing values) or the policies. */
export function parseOidcPolicies(json: string): OidcPolicy[] | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return "OIDC_POLICIES is not valid JSON";
  }
  if (!Array.isArray(parsed) || parsed.length === 0)
    return "OIDC_POLICIES must be a non-empty array of policies";
  const policies: OidcPolicy[] = [];
  for (const [i, entry] of parsed.entries()) {
    const label = `OIDC_POLICIES[${i}]`;
    if (typeof entry !== "object" || entry === null || Array.isArray(entry))
      return `${label} must be an object`;
    const { match, client } = entry as { match?: unknown; client?: unknown };
    if (typeof match !== "object" || match === null || Array.isArray(match)) {
      return `${label}.match must be an object of claim → value`;
    }
    const compiled: OidcPolicy["match"] = {};
    for (const [claim, value] of Object.entries(match)) {
      if (!(OIDC_MATCH_CLAIMS as readonly string[]).includes(claim)) {
        return `${label}.match.${claim} is not a claim policies match on (${OIDC_MATCH_CLAIMS.join(", ")})`;
      }
      if (typeof value !== "string" || value === "")
        return `${label}.match.${claim} must be a non-empty string`;
      compiled[claim as MatchClaim] = pattern(value);
    }
    if (!compiled.repository && !compiled.repository_owner) {
      return `${label}.match must name repository or repository_owner (any GitHub repository can mint a token for this audience)`;
    }
    const record = parseClientRecord(client, `${label}.client`);
    if (typeof record === "string") return record;
    policies.push({ match: compiled, client: record });
  }
  return policies;
}

/** The client of the first policy whose every match holds for `claims`, or null. */
export function policyFor(
  policies: readonly OidcPolicy[],
  claims: Record<string, unknown>,
): ClientRecord | null {
  for (const policy of policies) {
    const holds = Object.entries(policy.match).every(([claim, regex]) => {
      const value = claims[claim];
      return typeof value === "string" && regex.test(value);
    });
    if (holds) return policy.client;
  }
  return null;
}
