// Bad credentials against every allowlisted route: missing, malformed, near-miss and borrowed tokens,
// and JWTs that are unsigned, forged, expired, not yet valid or confused about their algorithm.
import { createHash } from "node:crypto";
import { signJwt, unsignedJwt } from "../client-tokens.js";
import type { RawRequest } from "../raw-http.js";
import {
  bearer,
  createBody,
  type HostileCase,
  type HostileContext,
  JSON_TYPE,
  multipartUpload,
} from "./case.js";

function routes(
  ctx: HostileContext,
): Array<{ label: string; request: Omit<RawRequest, "headers">; headers: Array<[string, string]> }> {
  const aRun = ctx.ids.aRuns[0]!;
  const upload = multipartUpload("hostile.txt", "Invoice Number: INV-9");
  return [
    { label: "get run", request: { method: "GET", target: `/processor_runs/${aRun}` }, headers: [] },
    {
      label: "create run",
      request: { method: "POST", target: "/processor_runs", body: createBody() },
      headers: [JSON_TYPE],
    },
    {
      label: "cancel run",
      request: { method: "POST", target: `/processor_runs/${aRun}/cancel` },
      headers: [],
    },
    { label: "delete run", request: { method: "DELETE", target: `/processor_runs/${aRun}` }, headers: [] },
    { label: "list runs", request: { method: "GET", target: "/processor_runs" }, headers: [] },
    {
      label: "get batch run",
      request: { method: "GET", target: "/batch_processor_runs/bpr_x" },
      headers: [],
    },
    {
      label: "upload file",
      request: { method: "POST", target: "/files/upload", body: upload.body },
      headers: [upload.type],
    },
    { label: "get file", request: { method: "GET", target: `/files/${ctx.ids.aFile}` }, headers: [] },
  ];
}

function badAuthorizations(ctx: HostileContext): Array<[string, string | undefined]> {
  const a = ctx.tokens.a;
  return [
    ["no Authorization", undefined],
    ["bare Bearer", "Bearer"],
    ["Bearer and a space", "Bearer "],
    ["Basic with the token", `Basic ${Buffer.from(`${a}:`).toString("base64")}`],
    ["Token scheme", `Token ${a}`],
    ["token with a suffix", `Bearer ${a}x`],
    ["token with a prefix", `Bearer x${a}`],
    ["the token's SHA-256 (pass the hash)", `Bearer ${createHash("sha256").update(a).digest("hex")}`],
    ["upper-cased token", `Bearer ${a.toUpperCase()}`],
    ["the upstream Extend key", `Bearer ${ctx.upstreamKey}`],
    ["an 9000-character token", `Bearer ${"a".repeat(9000)}`],
    ["two tokens", `Bearer ${a} ${ctx.tokens.b}`],
    ["tab separator", `Bearer\t${a}`],
    ["literal null", "Bearer null"],
  ];
}

/** Every bad credential against every route: 401 each time. */
export function tokenCases(ctx: HostileContext): HostileCase[] {
  const cases: HostileCase[] = [];
  for (const [label, authorization] of badAuthorizations(ctx)) {
    for (const route of routes(ctx)) {
      const headers = [...route.headers];
      if (authorization !== undefined) headers.push(["Authorization", authorization]);
      cases.push({
        category: "token",
        name: `${label} → ${route.label}`,
        request: { ...route.request, headers },
        expect: [401],
      });
    }
  }
  return cases;
}

function b64(value: unknown): string {
  return Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");
}

/** JWTs that must all be refused, on a read and on a create. */
export function jwtCases(ctx: HostileContext): HostileCase[] {
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    tenant: ctx.tenants.a,
    scopes: ["runs:read", "runs:create", "admin"],
    processors: ["*"],
    tags: [],
    exp: now + 3600,
  };
  const secret = ctx.jwtSecret;
  const wrong = `${secret}-but-not-quite`;
  const valid = signJwt(claims, secret);
  const [validHeader, , validSignature] = valid.split(".");
  const forgedPayload = `${validHeader}.${b64({ ...claims, tenant: ctx.tenants.b })}.${validSignature}`;
  const tokens: Array<[string, string]> = [
    ["alg none", unsignedJwt(claims)],
    ["alg none with a signature", `${unsignedJwt(claims)}${validSignature}`],
    ["alg NONE", `${b64({ alg: "NONE", typ: "JWT" })}.${b64(claims)}.`],
    ["signed with the wrong key", signJwt(claims, wrong)],
    ["signed with an empty key", signJwt(claims, "")],
    ["expired an hour ago", signJwt({ ...claims, exp: now - 3600 }, secret)],
    ["not valid for another hour (nbf)", signJwt({ ...claims, nbf: now + 3600 }, secret)],
    ["issued in the future (iat)", signJwt({ ...claims, iat: now + 3600 }, secret)],
    ["without exp", signJwt({ ...claims, exp: undefined }, secret)],
    ["exp as a string", signJwt({ ...claims, exp: String(now + 3600) }, secret)],
    ["HS512 header over an HS256 signature", signJwt(claims, secret, { alg: "HS512", typ: "JWT" })],
    [
      "RS256 header with an HMAC signature (alg confusion)",
      signJwt(claims, secret, { alg: "RS256", typ: "JWT" }),
    ],
    ["lower-case hs256", signJwt(claims, secret, { alg: "hs256", typ: "JWT" })],
    ["payload swapped after signing", forgedPayload],
    ["kid path injection, wrong key", signJwt(claims, wrong, { alg: "HS256", kid: "../../../../dev/null" })],
    [
      "jku pointing elsewhere, wrong key",
      signJwt(claims, wrong, { alg: "HS256", jku: "http://127.0.0.1:1/jwks" }),
    ],
    ["valid signature, invalid tenant", signJwt({ ...claims, tenant: "../a" }, secret)],
    ["valid signature, unknown scope", signJwt({ ...claims, scopes: ["root"] }, secret)],
    ["two segments", `${validHeader}.${b64(claims)}`],
    ["four segments", `${valid}.extra`],
    ["not base64", "!!!.???.***"],
    ["header not JSON", `${b64("not json")}.${b64(claims)}.${validSignature}`],
  ];
  const aRun = ctx.ids.aRuns[0]!;
  return tokens.flatMap(([label, token]) => [
    {
      category: "jwt" as const,
      name: `${label} → get run`,
      request: { method: "GET", target: `/processor_runs/${aRun}`, headers: [bearer(token)] },
      expect: [401],
    },
    {
      category: "jwt" as const,
      name: `${label} → create run`,
      request: {
        method: "POST",
        target: "/processor_runs",
        headers: [bearer(token), JSON_TYPE],
        body: createBody(),
      },
      expect: [401],
    },
  ]);
}
