// Test identities and settings shared by every suite (workerd, Node against Deno/Bun, the SDK test).
// Pure Web APIs only: this file is imported inside workerd and in Node.
import { proxyClientsJson as clientsJson, type ProxyClient } from "@extendkit/testing/proxy-clients";
import { SCOPES } from "../src/scopes.ts";

/** The server-held Extend key. Every suite asserts it never appears in a response. */
export const API_KEY = "sk_test_proxy_key_7f3a9c2e1b";
export const JWT_SECRET = "test-jwt-secret-0123456789abcdef-0123456789";
export const JWT_ISSUER = "https://backend.test";
export const JWT_AUDIENCE = "extendkit-proxy";
export const WEBHOOK_SECRET = "wss_test_webhook_secret_5d1e";
export const ALLOWED_ORIGIN = "https://app.example.test";
export const FOREIGN_ORIGIN = "https://evil.example.test";
export const SERVER_TAGS = ["extendkit-proxy", "env-test"];
/** Small so the 413 tests need little data; large enough for the fixture uploads. */
export const MAX_BODY_BYTES = 64 * 1024;
export const INVOICE = "dp_invoice_extractor";
export const CLASSIFIER = "dp_document_classifier";

const ALL_TENANT_SCOPES = SCOPES.filter((scope) => scope !== "admin");

/** Opaque client tokens (only their SHA-256 goes into PROXY_CLIENTS). */
export const TOKENS = {
  alpha: "tok_alpha_4f1d2c3b5a69",
  beta: "tok_beta_8e7d6c5b4a31",
  admin: "tok_admin_0a1b2c3d4e5f",
  readOnly: "tok_readonly_1234abcd",
  invoiceOnly: "tok_invoiceonly_5678ef",
  tagger: "tok_tagger_9a8b7c6d5e",
  limited: "tok_limited_2468ace0",
  trusted: "tok_trusted_13579bdf",
} as const;

/** PROXY_CLIENTS entries by token name. */
export const CLIENTS: Record<keyof typeof TOKENS, ProxyClient> = {
  alpha: { tenant: "alpha", tags: ["team-a"], scopes: ALL_TENANT_SCOPES, processors: ["*"] },
  beta: { tenant: "beta", tags: ["team-b"], scopes: ALL_TENANT_SCOPES, processors: ["*"] },
  admin: { tenant: "ops", tags: [], scopes: ["admin", "runs:read"], processors: [] },
  readOnly: { tenant: "alpha", tags: [], scopes: ["runs:read"], processors: [] },
  invoiceOnly: { tenant: "gamma", tags: [], scopes: ["runs:create", "runs:read"], processors: [INVOICE] },
  tagger: {
    tenant: "delta",
    tags: ["plan-pro"],
    scopes: ALL_TENANT_SCOPES,
    processors: ["*"],
    allowCustomTags: true,
  },
  limited: { tenant: "limited", tags: [], scopes: ["runs:read"], processors: [], rateLimitPerMinute: 3 },
  // A client whose run policy is opened up: any version, its own config, any priority.
  trusted: {
    tenant: "epsilon",
    tags: [],
    scopes: ALL_TENANT_SCOPES,
    processors: ["*"],
    allowConfig: true,
    versions: ["*"],
    minPriority: 1,
  },
};

/** JWT_REVOKED of every test proxy: one token by `jti`, every token of one user by `sub`. */
export const JWT_REVOKED = { jti: "jti-revoked-0001", sub: "user-revoked" } as const;

/** PROXY_CLIENTS as the proxy expects it: SHA-256 hex of each token → its record. */
export function proxyClientsJson(): Promise<string> {
  return clientsJson(
    (Object.keys(TOKENS) as (keyof typeof TOKENS)[]).map((name) => ({
      token: TOKENS[name],
      client: CLIENTS[name],
    })),
  );
}

/** An ES256 key pair as JWKs: the public half configures the proxy, the private half signs test tokens. */
export async function generateEs256(): Promise<{ publicJwk: JsonWebKey; privateJwk: JsonWebKey }> {
  const pair = (await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, [
    "sign",
    "verify",
  ])) as CryptoKeyPair;
  return {
    publicJwk: (await crypto.subtle.exportKey("jwk", pair.publicKey)) as JsonWebKey,
    privateJwk: (await crypto.subtle.exportKey("jwk", pair.privateKey)) as JsonWebKey,
  };
}

/** The proxy's settings (env vars / bindings) for a test run against an emulator at `emulatorUrl`. */
export async function proxySettings(
  emulatorUrl: string,
  es256PublicJwk: JsonWebKey,
): Promise<Record<string, string>> {
  return {
    EXTEND_API_KEY: API_KEY,
    EXTEND_BASE_URL: emulatorUrl,
    EXTEND_API_VERSION: "2025-04-21",
    PROXY_CLIENTS: await proxyClientsJson(),
    JWT_SECRET,
    JWT_PUBLIC_KEY: JSON.stringify(es256PublicJwk),
    JWT_ISSUER,
    JWT_AUDIENCE,
    ALLOWED_ORIGINS: ALLOWED_ORIGIN,
    USAGE_TAGS: SERVER_TAGS.join(","),
    CACHE_TTL_SECONDS: "3600",
    MAX_BODY_BYTES: String(MAX_BODY_BYTES),
    WEBHOOK_SECRET,
    JWT_REVOKED: `jti:${JWT_REVOKED.jti} sub:${JWT_REVOKED.sub}`,
    RATE_LIMIT_PER_MINUTE: "10000",
    // The suites send many bad credentials from one address on purpose; throttling has its own tests.
    AUTH_FAILURES_PER_MINUTE: "100000",
  };
}
