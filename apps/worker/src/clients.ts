import { parseRunPolicy, type RunPolicy } from "./run-policy.ts";
import { isScope, type Scope } from "./scopes.ts";

/** Tenant ids end up in cache keys, tags and metadata, so they are kept to a conservative charset. */
export const TENANT_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Who is calling, after authentication: the same shape whether it came from PROXY_CLIENTS or a JWT. */
export interface Principal {
  tenant: string;
  /** Usage tags configured for this client (added to every run it creates). */
  tags: string[];
  scopes: ReadonlySet<Scope>;
  /** Processor ids this client may run; `"*"` means any. Empty means none. */
  processors: ReadonlySet<string>;
  /** Whether client-supplied `extend:usage_tags` are merged (they can never remove the mandatory ones). */
  allowCustomTags: boolean;
  /** Per-client override of RATE_LIMIT_PER_MINUTE (in-memory limiter only), or null for the default. */
  rateLimitPerMinute: number | null;
  /** What runs this client may ask for beyond the processor id (config, version, priority). */
  runPolicy: RunPolicy;
  via: "token" | "jwt" | "oidc";
  /**
   * Who the caller is within its tenant, for per-client limits: a prefix of the token's SHA-256 for
   * PROXY_CLIENTS tokens, `sub` (else `jti`, else the tenant) for JWTs. Never a secret.
   */
  client: string;
}

/** A validated PROXY_CLIENTS entry (keyed by the SHA-256 hex of the token). */
export type ClientRecord = Omit<Principal, "via" | "client">;

/**
 * Validates the claims shared by PROXY_CLIENTS entries and JWT payloads. Returns a problem description
 * (never containing the input values, which may be secrets) or the record.
 */
export function parseClientRecord(value: unknown, label: string): ClientRecord | string {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return `${label} must be an object`;
  const v = value as Record<string, unknown>;
  if (typeof v["tenant"] !== "string" || !TENANT_PATTERN.test(v["tenant"])) {
    return `${label}.tenant must match [A-Za-z0-9_-]{1,64}`;
  }
  const tags = v["tags"] ?? [];
  if (!Array.isArray(tags) || !tags.every((t) => typeof t === "string")) {
    return `${label}.tags must be an array of strings`;
  }
  const scopes = v["scopes"] ?? [];
  if (!Array.isArray(scopes) || !scopes.every(isScope)) {
    return `${label}.scopes must be an array of known scopes`;
  }
  const processors = v["processors"] ?? [];
  if (!Array.isArray(processors) || !processors.every((p) => typeof p === "string" && p.length > 0)) {
    return `${label}.processors must be an array of processor ids (or "*")`;
  }
  const allowCustomTags = v["allowCustomTags"] ?? false;
  if (typeof allowCustomTags !== "boolean") return `${label}.allowCustomTags must be a boolean`;
  const rateLimit = v["rateLimitPerMinute"] ?? null;
  if (
    rateLimit !== null &&
    (typeof rateLimit !== "number" || !Number.isSafeInteger(rateLimit) || rateLimit < 1)
  ) {
    return `${label}.rateLimitPerMinute must be a positive integer`;
  }
  const runPolicy = parseRunPolicy(v, label);
  if (typeof runPolicy === "string") return runPolicy;
  return {
    tenant: v["tenant"],
    tags: tags as string[],
    scopes: new Set(scopes as Scope[]),
    processors: new Set(processors as string[]),
    allowCustomTags,
    rateLimitPerMinute: rateLimit as number | null,
    runPolicy,
  };
}

/** Parses PROXY_CLIENTS: `{ "<sha256 hex of token>": { tenant, tags, scopes, processors, allowCustomTags? } }`. */
export function parseClients(json: string): Map<string, ClientRecord> | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return "PROXY_CLIENTS is not valid JSON";
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    return "PROXY_CLIENTS must be a JSON object keyed by SHA-256 hex";
  }
  const clients = new Map<string, ClientRecord>();
  let index = 0;
  for (const [hash, entry] of Object.entries(parsed)) {
    index++;
    // Keys are reported by position, not value: a mistakenly pasted plain token must not reach a log.
    if (!/^[0-9a-f]{64}$/.test(hash))
      return `PROXY_CLIENTS entry #${index}: key must be 64 lowercase hex chars`;
    const record = parseClientRecord(entry, `PROXY_CLIENTS entry #${index}`);
    if (typeof record === "string") return record;
    clients.set(hash, record);
  }
  return clients;
}

/** Whether a principal may run `processorId`. */
export function mayRunProcessor(principal: Principal, processorId: string): boolean {
  return principal.processors.has("*") || principal.processors.has(processorId);
}
