/**
 * `auth: oidc`: keyless auth through an extendkit proxy. The action asks the runner for a GitHub OIDC ID token
 * whose audience is the proxy's URL (`base-url`) and sends it where a key would go; the proxy verifies it and
 * maps the workflow (repository, ref, environment) to a client. No Extend key is stored in the repository.
 */
import { fail, read } from "./input-error.js";
import type { InputSource } from "./input-names.js";

/** `auth:` input values. */
export type AuthMode = "key" | "oidc";

/** Extend's own API hosts: OIDC tokens mean nothing to them, only to an extendkit proxy. */
const EXTEND_HOSTS = /(^|\.)extend\.ai$/i;

/** The `auth` input. */
export function parseAuthMode(source: InputSource): AuthMode {
  const value = read(source, "auth");
  if (value === "key" || value === "oidc") return value;
  return fail("auth", "must be key or oidc", value);
}

/** Checks that `auth: oidc` is usable with this base URL, before anything is requested. */
export function checkOidcTarget(baseUrl: string): void {
  if (EXTEND_HOSTS.test(new URL(baseUrl).hostname)) {
    fail(
      "auth",
      "oidc needs base-url to be an extendkit proxy that verifies GitHub OIDC tokens; Extend's API accepts API keys only",
    );
  }
}

/** Why a step with `auth: oidc` has no token, for the skip notice or the failure. */
export const NO_OIDC_TOKEN =
  "the runner offers no ID token (the workflow or job needs `permissions: id-token: write`; " +
  "pull requests from forks never get one)";

/**
 * Requests the ID token for `audience` through the runner (`ACTIONS_ID_TOKEN_REQUEST_URL`). Returns null when
 * the runner offers none: the workflow lacks `permissions: id-token: write`, or it is a pull request from a fork.
 */
export async function requestOidcToken(
  audience: string,
  env: Readonly<Record<string, string | undefined>>,
  getIDToken: (audience: string) => Promise<string>,
): Promise<string | null> {
  if (!env["ACTIONS_ID_TOKEN_REQUEST_URL"] || !env["ACTIONS_ID_TOKEN_REQUEST_TOKEN"]) return null;
  return getIDToken(audience);
}

/** What {@link oidcBearer} needs. */
export interface OidcBearerOptions {
  /** The token's audience: the proxy's URL (`base-url`). */
  audience: string;
  env: Readonly<Record<string, string | undefined>>;
  policy: "fail" | "skip" | "warn";
  /** The runner's ID-token request (`@actions/core` getIDToken, which also masks the token in the log). */
  getIDToken: (audience: string) => Promise<string>;
  /** Redacts the token from everything the action writes from then on. */
  redact: (token: string) => void;
}

/**
 * The bearer for `auth: oidc`, or null when the runner offers no token and `on-missing-api-key` is skip or
 * warn (then the step skips like a fork pull request without secrets). The token itself is never in a message.
 */
export async function oidcBearer(options: OidcBearerOptions): Promise<string | null> {
  let token: string | null;
  try {
    token = await requestOidcToken(options.audience, options.env, options.getIDToken);
  } catch (error) {
    // @actions/core's message names the HTTP status and the runner's answer, never the request token.
    const reason = error instanceof Error ? error.message : String(error);
    return fail("auth", `is oidc, but the runner did not issue an ID token (${reason.slice(0, 300)})`);
  }
  if (token === null || token === "") {
    if (options.policy === "fail") {
      fail("auth", `is oidc, but ${NO_OIDC_TOKEN}; set on-missing-api-key: skip or warn to skip such runs`);
    }
    return null;
  }
  options.redact(token);
  return token;
}
