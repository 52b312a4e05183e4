import { DEFAULT_AUTH_FAILURES_PER_MINUTE } from "./auth-throttle.ts";
import { type ClientRecord, parseClients } from "./clients.ts";
import { DEFAULT_UPSTREAM_QUEUE_MS, parseUpstreamLimits, type UpstreamLimits } from "./governor/index.ts";
import { type PublicJwkConfig, parsePublicJwk } from "./jwt.ts";
import { type JwtRevocations, parseRevocations } from "./jwt-revocation.ts";
import { type OidcSettings, parseOidcSettings } from "./oidc/oidc-config.ts";
import { MIN_SECRET_BITS, secretProblem } from "./secret-strength.ts";
import { sanitizeTags } from "./tags.ts";

/** Raw settings as strings: Workers env bindings, `Deno.env.toObject()` or `Bun.env`. Extra keys are ignored. */
export type ProxySettings = Readonly<Record<string, unknown>>;

/** Validated configuration; built once per isolate/process. */
export interface ProxyConfig {
  apiKey: string;
  /** Upstream base, without a trailing slash (may carry a path prefix). */
  baseUrl: string;
  apiVersion: string;
  clients: Map<string, ClientRecord>;
  jwtSecret: string | null;
  jwtPublicKey: PublicJwkConfig | null;
  jwtIssuer: string | null;
  jwtAudience: string | null;
  /** Longest lifetime a JWT may have (`exp` minus now, and minus `iat` when present), in seconds. */
  jwtMaxTtlSeconds: number;
  /** Revoked JWTs (`JWT_REVOKED`): matched on `jti`, `sub` or `tenant`. */
  jwtRevoked: JwtRevocations;
  /** Keyless auth for GitHub workflows (`OIDC_*`), or null when OIDC is off. */
  oidc: OidcSettings | null;
  allowedOrigins: ReadonlySet<string>;
  usageTags: string[];
  cacheTtlSeconds: number;
  maxBodyBytes: number;
  webhookSecret: string | null;
  rateLimitPerMinute: number;
  /** Failed authentications one source address may cause per minute (`AUTH_FAILURES_PER_MINUTE`); 0 = off. */
  authFailuresPerMinute: number;
  /** The Extend plan the upstream governor keeps to (`UPSTREAM_LIMITS`), or null when it is off. */
  upstreamLimits: UpstreamLimits | null;
  /** Share of successful requests that are logged (errors always are). */
  logSampleRate: number;
  /** `summary`: cache HITs are counted per tenant and logged once a minute; `each`: one line per HIT. */
  logCacheHits: CacheHitLogging;
}

/** Result of validating settings; `problems` never quote secret values. */
export type ConfigResult = { ok: true; config: ProxyConfig } | { ok: false; problems: string[] };

/** Default upstream. */
export const DEFAULT_BASE_URL = "https://api.extend.ai";
/** Default `x-extend-api-version`. */
export const DEFAULT_API_VERSION = "2025-04-21";
/** Default lifetime of a cached terminal run (runs can still be reviewed and edited, so not forever). */
export const DEFAULT_CACHE_TTL_SECONDS = 3600;
/** Default request body limit (25 MiB). */
export const DEFAULT_MAX_BODY_BYTES = 25 * 1024 * 1024;
/** Default per-tenant requests per minute. */
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 120;
/** Default JWT_MAX_TTL: a day. */
export const DEFAULT_JWT_MAX_TTL_SECONDS = 24 * 3600;
/** HS256 secrets shorter than the hash output are brute-forceable; refuse them. */
const MIN_JWT_SECRET_LENGTH = 32;

function text(settings: ProxySettings, name: string): string | null {
  const value = settings[name];
  if (typeof value !== "string") return null;
  const trimmed = value.trim();
  return trimmed === "" ? null : trimmed;
}

function integer(
  settings: ProxySettings,
  name: string,
  fallback: number,
  min: number,
  problems: string[],
): number {
  const raw = text(settings, name);
  if (raw === null) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || !Number.isSafeInteger(Number(raw))) {
    problems.push(`${name} must be an integer >= ${min}`);
    return fallback;
  }
  return Number(raw);
}

function fraction(settings: ProxySettings, name: string, fallback: number, problems: string[]): number {
  const raw = text(settings, name);
  if (raw === null) return fallback;
  const value = Number(raw);
  if (!/^(0|1|0?\.\d+|1\.0*)$/.test(raw) || value < 0 || value > 1) {
    problems.push(`${name} must be a number between 0 and 1`);
    return fallback;
  }
  return value;
}

/** How cache HITs are logged (`LOG_CACHE_HITS`); the first is the default. */
export const CACHE_HIT_LOGGING = ["summary", "each"] as const;
export type CacheHitLogging = (typeof CACHE_HIT_LOGGING)[number];

function oneOf<const T extends readonly [string, ...string[]]>(
  settings: ProxySettings,
  name: string,
  allowed: T,
  problems: string[],
): T[number] {
  const raw = text(settings, name);
  if (raw === null) return allowed[0];
  if (!(allowed as readonly string[]).includes(raw)) {
    problems.push(`${name} must be one of ${allowed.join(", ")} (got "${raw.slice(0, 40)}")`);
    return allowed[0];
  }
  return raw as T[number];
}

function pushProblem(problems: string[], problem: string | null): void {
  if (problem !== null) problems.push(problem);
}

function list(raw: string | null): string[] {
  return raw === null ? [] : raw.split(/[\s,]+/).filter((item) => item !== "");
}

function parseBaseUrl(raw: string | null, problems: string[]): string {
  const value = raw ?? DEFAULT_BASE_URL;
  try {
    const url = new URL(value);
    if (url.protocol !== "https:" && url.protocol !== "http:") throw new Error("scheme");
    if (url.search !== "" || url.hash !== "" || url.username !== "" || url.password !== "")
      throw new Error("extra");
    return url.href.replace(/\/+$/, "");
  } catch {
    problems.push("EXTEND_BASE_URL must be an absolute http(s) URL without query, fragment or credentials");
    return DEFAULT_BASE_URL;
  }
}

function parseOrigins(raw: string | null, problems: string[]): Set<string> {
  const origins = new Set<string>();
  for (const item of list(raw)) {
    try {
      const url = new URL(item);
      // A wildcard or a path would make the allowlist mean something other than what it says.
      if (url.origin === "null" || url.origin !== item.replace(/\/$/, "")) throw new Error("not an origin");
      origins.add(url.origin);
    } catch {
      problems.push(
        "ALLOWED_ORIGINS must list exact origins like https://app.example.com (no wildcards or paths)",
      );
    }
  }
  return origins;
}

/** Validates raw settings. Pure and synchronous so entries can cache the result per isolate. */
export function parseConfig(settings: ProxySettings): ConfigResult {
  const problems: string[] = [];
  const apiKey = text(settings, "EXTEND_API_KEY");
  if (apiKey === null) problems.push("EXTEND_API_KEY is required");

  const apiVersion = text(settings, "EXTEND_API_VERSION") ?? DEFAULT_API_VERSION;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(apiVersion)) problems.push("EXTEND_API_VERSION must look like YYYY-MM-DD");

  let clients = new Map<string, ClientRecord>();
  const clientsRaw = text(settings, "PROXY_CLIENTS");
  if (clientsRaw !== null) {
    const parsed = parseClients(clientsRaw);
    if (typeof parsed === "string") problems.push(parsed);
    else clients = parsed;
  }

  if (apiKey !== null) pushProblem(problems, secretProblem("EXTEND_API_KEY", apiKey));
  const jwtSecret = text(settings, "JWT_SECRET");
  if (jwtSecret !== null && jwtSecret.length < MIN_JWT_SECRET_LENGTH) {
    problems.push(`JWT_SECRET must be at least ${MIN_JWT_SECRET_LENGTH} characters`);
  } else if (jwtSecret !== null) {
    pushProblem(problems, secretProblem("JWT_SECRET", jwtSecret, MIN_SECRET_BITS.JWT_SECRET));
  }
  const webhookSecret = text(settings, "WEBHOOK_SECRET");
  if (webhookSecret !== null) {
    pushProblem(problems, secretProblem("WEBHOOK_SECRET", webhookSecret, MIN_SECRET_BITS.WEBHOOK_SECRET));
  }
  let jwtPublicKey: PublicJwkConfig | null = null;
  const jwkRaw = text(settings, "JWT_PUBLIC_KEY");
  if (jwkRaw !== null) {
    const parsed = parsePublicJwk(jwkRaw);
    if (typeof parsed === "string") problems.push(parsed);
    else jwtPublicKey = parsed;
  }
  const oidc = parseOidcSettings((name) => text(settings, name), problems);
  const oidcRequested = text(settings, "OIDC_AUDIENCE") !== null || text(settings, "OIDC_POLICIES") !== null;
  if (clientsRaw === null && jwtSecret === null && jwkRaw === null && !oidcRequested) {
    problems.push("no client credentials: set PROXY_CLIENTS, JWT_SECRET, JWT_PUBLIC_KEY or OIDC_POLICIES");
  }

  const queueMs = integer(settings, "UPSTREAM_QUEUE_MS", DEFAULT_UPSTREAM_QUEUE_MS, 0, problems);
  const upstreamLimits = parseUpstreamLimits(text(settings, "UPSTREAM_LIMITS"), queueMs);
  if (typeof upstreamLimits === "string") problems.push(upstreamLimits);

  const config: ProxyConfig = {
    apiKey: apiKey ?? "",
    baseUrl: parseBaseUrl(text(settings, "EXTEND_BASE_URL"), problems),
    apiVersion,
    clients,
    jwtSecret,
    jwtPublicKey,
    jwtIssuer: text(settings, "JWT_ISSUER"),
    jwtAudience: text(settings, "JWT_AUDIENCE"),
    jwtMaxTtlSeconds: integer(settings, "JWT_MAX_TTL", DEFAULT_JWT_MAX_TTL_SECONDS, 60, problems),
    jwtRevoked: parseRevocations(text(settings, "JWT_REVOKED"), problems),
    oidc,
    allowedOrigins: parseOrigins(text(settings, "ALLOWED_ORIGINS"), problems),
    usageTags: sanitizeTags(list(text(settings, "USAGE_TAGS"))),
    cacheTtlSeconds: integer(settings, "CACHE_TTL_SECONDS", DEFAULT_CACHE_TTL_SECONDS, 0, problems),
    maxBodyBytes: integer(settings, "MAX_BODY_BYTES", DEFAULT_MAX_BODY_BYTES, 1, problems),
    webhookSecret,
    rateLimitPerMinute: integer(
      settings,
      "RATE_LIMIT_PER_MINUTE",
      DEFAULT_RATE_LIMIT_PER_MINUTE,
      0,
      problems,
    ),
    authFailuresPerMinute: integer(
      settings,
      "AUTH_FAILURES_PER_MINUTE",
      DEFAULT_AUTH_FAILURES_PER_MINUTE,
      0,
      problems,
    ),
    upstreamLimits: typeof upstreamLimits === "string" ? null : upstreamLimits,
    logSampleRate: fraction(settings, "LOG_SAMPLE_RATE", 1, problems),
    logCacheHits: oneOf(settings, "LOG_CACHE_HITS", CACHE_HIT_LOGGING, problems),
  };
  return problems.length > 0 ? { ok: false, problems } : { ok: true, config };
}
