// Runtime-neutral helpers for the contract and security suites (Web APIs + vitest only), used inside
// workerd and from Node against the Deno and Bun servers.
import { signWebhook } from "@extendkit/core";
import { EmulatorAdmin, type JournalEntry } from "@extendkit/emulator/admin";
import { expect } from "vitest";
import { API_KEY, JWT_AUDIENCE, JWT_ISSUER, JWT_SECRET, TOKENS, WEBHOOK_SECRET } from "../fixtures.ts";

/** Where a suite sends its requests. */
export interface ProxyTarget {
  /** Runtime under test, for test names. */
  name: string;
  /** Sends a request to the proxy; `path` is appended to the proxy origin as-is. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  emulatorUrl: string;
  es256PrivateJwk: JsonWebKey;
}

/** A response read once, already checked for the server key. */
export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  json: Record<string, unknown>;
}

/** Asserts the server-held key appears nowhere in a response (headers or body). */
export function assertNoKey(headers: Headers, text: string): void {
  for (const [name, value] of headers) {
    expect(value.includes(API_KEY), `header ${name} leaks the key`).toBe(false);
  }
  expect(text.includes(API_KEY), "body leaks the key").toBe(false);
}

/** Sends a request through the proxy and checks invariants every answer must satisfy. */
export async function call(target: ProxyTarget, path: string, init: RequestInit = {}): Promise<Reply> {
  const response = await target.fetch(path, init);
  const text = await response.text();
  assertNoKey(response.headers, text);
  expect(response.headers.get("x-request-id")).toMatch(/^req_[0-9a-f]{32}$/);
  let json: Record<string, unknown> = {};
  if (text !== "") {
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      json = {};
    }
  }
  if (response.status >= 400 && text !== "") {
    expect(json["success"]).toBe(false);
    expect(typeof json["error"]).toBe("string");
    expect(typeof json["code"]).toBe("string");
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** Authorization header for a token. */
export function bearer(token: string, extra: Record<string, string> = {}): Record<string, string> {
  return { authorization: `Bearer ${token}`, ...extra };
}

/** Creates a run through the proxy with raw text and returns the reply. */
export function createRun(
  target: ProxyTarget,
  token: string,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<Reply> {
  return call(target, "/processor_runs", {
    method: "POST",
    headers: bearer(token, { "content-type": "application/json", ...headers }),
    body: JSON.stringify(body),
  });
}

/** The run object of a reply. */
export function runOf(reply: Reply): Record<string, unknown> {
  const run = reply.json["processorRun"] as Record<string, unknown> | undefined;
  expect(run, reply.text).toBeDefined();
  return run!;
}

/** Calls the emulator's API directly with the server key: never through the proxy. */
export async function emulator(target: ProxyTarget, path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set("authorization", `Bearer ${API_KEY}`);
  headers.set("x-extend-api-version", "2025-04-21");
  return fetch(`${target.emulatorUrl}${path}`, { ...init, headers });
}

/** The emulator's typed admin API (journal, batch runs, …), reached directly: never through the proxy. */
export function emulatorAdmin(target: ProxyTarget): EmulatorAdmin {
  return new EmulatorAdmin(target.emulatorUrl);
}

/** Polls the emulator directly (so the proxy cache stays untouched) until the run is terminal. */
export async function waitForTerminal(target: ProxyTarget, runId: string): Promise<Record<string, unknown>> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const body = (await (await emulator(target, `/processor_runs/${runId}`)).json()) as {
      processorRun: Record<string, unknown>;
    };
    if (["PROCESSED", "FAILED", "CANCELLED"].includes(String(body.processorRun.status)))
      return body.processorRun;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`run ${runId} did not finish`);
}

/**
 * How many upstream requests so far touched `id` (the emulator is shared by test files running in
 * parallel, so counts are always filtered to something only the current test uses).
 */
export async function upstreamHits(target: ProxyTarget, id: string): Promise<number> {
  return (await journal(target)).filter((r) => String(r["path"]).includes(id)).length;
}

/** Creates a run for `token` and waits until the emulator says it is terminal. */
export async function createFinishedRun(
  target: ProxyTarget,
  token: string,
  rawText = "Invoice 7, total 12 USD",
) {
  const reply = await createRun(target, token, { processorId: "dp_invoice_extractor", rawText });
  expect(reply.status, reply.text).toBe(200);
  const id = String(runOf(reply)["id"]);
  await waitForTerminal(target, id);
  return id;
}

/** The emulator's request journal (what actually reached the upstream). */
export function journal(target: ProxyTarget): Promise<JournalEntry[]> {
  return emulatorAdmin(target).journal();
}

function b64url(input: Uint8Array | string): string {
  const bytes = typeof input === "string" ? new TextEncoder().encode(input) : input;
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** Standard claims for a tenant, valid for an hour, with the configured issuer and audience. */
export function claims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return {
    tenant: "jwt-tenant",
    scopes: ["runs:create", "runs:read", "runs:cancel", "runs:delete"],
    processors: ["*"],
    tags: ["jwt-tag"],
    iss: JWT_ISSUER,
    aud: JWT_AUDIENCE,
    iat: now,
    exp: now + 3600,
    ...overrides,
  };
}

/** Signs an HS256 JWT (the header can be overridden to forge `alg`). */
export async function signHs256(
  payload: Record<string, unknown>,
  secret = JWT_SECRET,
  header: Record<string, unknown> = { alg: "HS256", typ: "JWT" },
): Promise<string> {
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const signature = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(input)));
  return `${input}.${b64url(signature)}`;
}

/** Signs an ES256 JWT with a private JWK. */
export async function signEs256(payload: Record<string, unknown>, privateJwk: JsonWebKey): Promise<string> {
  const input = `${b64url(JSON.stringify({ alg: "ES256", typ: "JWT" }))}.${b64url(JSON.stringify(payload))}`;
  const key = await crypto.subtle.importKey(
    "jwk",
    privateJwk,
    { name: "ECDSA", namedCurve: "P-256" },
    false,
    ["sign"],
  );
  const signature = new Uint8Array(
    await crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, key, new TextEncoder().encode(input)),
  );
  return `${input}.${b64url(signature)}`;
}

/** Signs an RS256 JWT with a private key. */
export async function signRs256(payload: Record<string, unknown>, privateKey: CryptoKey): Promise<string> {
  const input = `${b64url(JSON.stringify({ alg: "RS256", typ: "JWT" }))}.${b64url(JSON.stringify(payload))}`;
  const signature = new Uint8Array(
    await crypto.subtle.sign("RSASSA-PKCS1-v1_5", privateKey, new TextEncoder().encode(input)),
  );
  return `${input}.${b64url(signature)}`;
}

/** An unsigned `alg: none` token. */
export function unsignedToken(payload: Record<string, unknown>): string {
  return `${b64url(JSON.stringify({ alg: "none", typ: "JWT" }))}.${b64url(JSON.stringify(payload))}.`;
}

/** A signed webhook delivery for an event, as Extend would send it. */
export async function webhookRequest(
  event: Record<string, unknown>,
  options: { timestamp?: number; secret?: string } = {},
): Promise<RequestInit> {
  const body = JSON.stringify(event);
  const signed = await signWebhook({
    body,
    secret: options.secret ?? WEBHOOK_SECRET,
    ...(options.timestamp !== undefined ? { timestamp: options.timestamp } : {}),
  });
  return { method: "POST", headers: { "content-type": "application/json", ...signed.headers }, body };
}

/** A small multipart upload body. */
export function uploadForm(name = "note.txt", content = "Invoice 99 total 5 USD"): FormData {
  const form = new FormData();
  form.append("file", new Blob([content], { type: "text/plain" }), name);
  return form;
}

export { TOKENS };
