import type { Scope } from "./scopes.ts";

/** Every operation the proxy forwards; nothing outside this list ever reaches the upstream. */
export type RouteName =
  | "createRun"
  | "listRuns"
  | "getRun"
  | "cancelRun"
  | "deleteRun"
  | "getBatchRun"
  | "uploadFile"
  | "getFile"
  | "listFiles"
  | "deleteFile"
  | "healthz"
  | "webhook";

/** One allowlisted route. */
export interface RouteDefinition {
  name: RouteName;
  method: string;
  /** Path segments; `:id` matches one id. */
  segments: readonly string[];
  /**
   * Scope required (any one of a list), or null for routes without client authentication (the webhook
   * receiver has its own; the health check needs none).
   */
  scope: Scope | readonly Scope[] | null;
  /** Template used in logs (`GET /processor_runs/:id`). */
  template: string;
}

function route(
  name: RouteName,
  method: string,
  path: string,
  scope: Scope | readonly Scope[] | null,
): RouteDefinition {
  return { name, method, segments: path.split("/").slice(1), scope, template: `${method} ${path}` };
}

/**
 * The allowlist. `admin` guards the routes whose answers are not tenant-scoped upstream; listing runs
 * answers a `runs:read` client with its own tenant's runs and an `admin` client with everyone's.
 */
export const ROUTES: readonly RouteDefinition[] = [
  route("createRun", "POST", "/processor_runs", "runs:create"),
  route("listRuns", "GET", "/processor_runs", ["runs:read", "admin"]),
  route("getRun", "GET", "/processor_runs/:id", "runs:read"),
  route("deleteRun", "DELETE", "/processor_runs/:id", "runs:delete"),
  route("cancelRun", "POST", "/processor_runs/:id/cancel", "runs:cancel"),
  route("getBatchRun", "GET", "/batch_processor_runs/:id", "admin"),
  route("uploadFile", "POST", "/files/upload", "files:write"),
  route("listFiles", "GET", "/files", "files:read"),
  route("getFile", "GET", "/files/:id", "files:read"),
  route("deleteFile", "DELETE", "/files/:id", "files:delete"),
  route("healthz", "GET", "/healthz", null),
  route("webhook", "POST", "/webhooks/extend", null),
];

/** Ids are opaque upstream, but only this conservative charset is ever placed in an upstream path. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,255}$/;
/**
 * A valid path needs nothing else: no percent-encoding, dots, backslashes or empty segments. Checking
 * the raw request target (not only the parsed pathname) also catches `%2e%2e`, `%2f` and `\` tricks.
 */
const SAFE_PATH = /^(\/[A-Za-z0-9_-]+)+$/;

/** Outcome of matching a request against the allowlist. */
export type RouteMatch =
  | { kind: "match"; route: RouteDefinition; id: string | null }
  | { kind: "methodNotAllowed"; allow: string[]; template: string }
  | { kind: "notFound" };

/** The path part of the request target exactly as received (before any further decoding). */
export function rawPath(url: string): string {
  const afterScheme = url.indexOf("://");
  const pathStart = afterScheme === -1 ? 0 : url.indexOf("/", afterScheme + 3);
  if (pathStart === -1) return "/";
  const end = url.slice(pathStart).search(/[?#]/);
  return end === -1 ? url.slice(pathStart) : url.slice(pathStart, pathStart + end);
}

function matchSegments(
  pattern: readonly string[],
  segments: readonly string[],
): { id: string | null } | null {
  if (pattern.length !== segments.length) return null;
  let id: string | null = null;
  for (let i = 0; i < pattern.length; i++) {
    const expected = pattern[i]!;
    const actual = segments[i]!;
    if (expected === ":id") {
      if (!ID_PATTERN.test(actual)) return null;
      id = actual;
    } else if (expected !== actual) return null;
  }
  return { id };
}

/** Matches method + raw URL; unknown or suspicious paths → notFound, known path with another method → 405. */
export function matchRoute(method: string, url: string): RouteMatch {
  const path = rawPath(url);
  if (!SAFE_PATH.test(path)) return { kind: "notFound" };
  const segments = path.split("/").slice(1);
  const allow: string[] = [];
  let template = "";
  for (const candidate of ROUTES) {
    const matched = matchSegments(candidate.segments, segments);
    if (matched === null) continue;
    if (candidate.method === method) return { kind: "match", route: candidate, id: matched.id };
    allow.push(candidate.method);
    template = `${method} /${candidate.segments.join("/")}`;
  }
  return allow.length > 0 ? { kind: "methodNotAllowed", allow, template } : { kind: "notFound" };
}
