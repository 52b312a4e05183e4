// Pure pieces: route matching, usage tags, metadata stamping, configuration parsing, JWK parsing.
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config.ts";
import { parsePublicJwk } from "../../src/jwt.ts";
import { matchRoute, rawPath } from "../../src/routes.ts";
import { buildUsageTags, MAX_TAGS, sanitizeTags } from "../../src/tags.ts";
import { stampMetadata } from "../../src/tenant.ts";

describe("routes", () => {
  it("matches the allowlist and nothing else", () => {
    const name = (method: string, path: string) => {
      const match = matchRoute(method, `https://p.test${path}`);
      return match.kind === "match" ? `${match.route.name}:${match.id ?? ""}` : match.kind;
    };
    expect(name("POST", "/processor_runs")).toBe("createRun:");
    expect(name("GET", "/processor_runs")).toBe("listRuns:");
    expect(name("GET", "/processor_runs/dpr_1")).toBe("getRun:dpr_1");
    expect(name("DELETE", "/processor_runs/dpr_1")).toBe("deleteRun:dpr_1");
    expect(name("POST", "/processor_runs/dpr_1/cancel")).toBe("cancelRun:dpr_1");
    expect(name("GET", "/batch_processor_runs/bpr_1")).toBe("getBatchRun:bpr_1");
    expect(name("POST", "/files/upload")).toBe("uploadFile:");
    expect(name("GET", "/files/file_1")).toBe("getFile:file_1");
    expect(name("POST", "/webhooks/extend")).toBe("webhook:");
    expect(name("DELETE", "/files/file_1")).toBe("deleteFile:file_1");
    expect(name("GET", "/files")).toBe("listFiles:");
    expect(name("GET", "/healthz")).toBe("healthz:");
    expect(name("PATCH", "/files/file_1")).toBe("methodNotAllowed");
    expect(name("GET", "/files/")).toBe("notFound");
    expect(name("GET", "/processor_runs/")).toBe("notFound");
    expect(name("GET", `/processor_runs/${"a".repeat(256)}`)).toBe("notFound");
    expect(name("GET", "/processor_runs/dpr_1?x=1")).toBe("getRun:dpr_1");
  });

  it("reads the raw path from the request target", () => {
    expect(rawPath("https://p.test//evil.com/x?y")).toBe("//evil.com/x");
    expect(rawPath("https://p.test")).toBe("/");
    expect(rawPath("https://p.test/a%2fb#frag")).toBe("/a%2fb");
  });
});

describe("usage tags", () => {
  it("sanitises, dedupes and truncates", () => {
    expect(sanitizeTags(["a b", "a-b", "ab", "", "é", "x".repeat(80)])).toEqual([
      "ab",
      "a-b",
      "x".repeat(64),
    ]);
  });

  it("is server ∪ tenant ∪ client ∪ allowed custom, capped without dropping mandatory tags", () => {
    const input = {
      serverTags: ["s"],
      clientTags: ["c"],
      tenant: "t1",
      supplied: ["u", "s"],
      allowCustom: false,
    };
    expect(buildUsageTags(input)).toEqual(["s", "tenant-t1", "c"]);
    expect(buildUsageTags({ ...input, allowCustom: true })).toEqual(["s", "tenant-t1", "c", "u"]);
    const many = Array.from({ length: 50 }, (_, i) => `m${i}`);
    const capped = buildUsageTags({ ...input, supplied: many, allowCustom: true });
    expect(capped).toHaveLength(MAX_TAGS);
    expect(capped.slice(0, 3)).toEqual(["s", "tenant-t1", "c"]);
  });
});

describe("stampMetadata", () => {
  const input = { tenant: "t1", serverTags: [], clientTags: [], allowCustomTags: false };
  it("keeps client keys, adds tenant and tags, rejects reserved keys and bad shapes", () => {
    expect(stampMetadata({ a: 1 }, input)).toEqual({
      a: 1,
      "extend:usage_tags": ["tenant-t1"],
      "extendkit:tenant": "t1",
    });
    expect(stampMetadata(undefined, input)["extendkit:tenant"]).toBe("t1");
    expect(() => stampMetadata({ "extendkit:tenant": "x" }, input)).toThrow(/reserved/);
    expect(() => stampMetadata({ "EXTENDKIT:Tenant": "x" }, input)).toThrow(/reserved/);
    // Other extendkit:* keys are the client's own (the GitHub Action writes extendkit:file).
    expect(stampMetadata({ "extendkit:file": "docs/a.pdf" }, input)["extendkit:file"]).toBe("docs/a.pdf");
    expect(() => stampMetadata([1], input)).toThrow(/object/);
    expect(() => stampMetadata({ "extend:usage_tags": "x" }, input)).toThrow(/array of strings/);
  });
});

describe("configuration", () => {
  const base = { EXTEND_API_KEY: "sk_x", JWT_SECRET: "9c1f0e4b7a2d8356-e0b4c7a19f3d2e58b6a0" };
  it("applies defaults", () => {
    const result = parseConfig(base);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.baseUrl).toBe("https://api.extend.ai");
    expect(result.config.apiVersion).toBe("2025-04-21");
    expect(result.config.cacheTtlSeconds).toBe(3600);
    expect(result.config.rateLimitPerMinute).toBe(120);
  });

  it("collects every problem and never echoes values", () => {
    const result = parseConfig({
      MAX_BODY_BYTES: "0",
      EXTEND_API_VERSION: "latest",
      ALLOWED_ORIGINS: "https://a.test/path",
      LOG_SAMPLE_RATE: "2",
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      "EXTEND_API_KEY is required",
      "EXTEND_API_VERSION must look like YYYY-MM-DD",
      "no client credentials: set PROXY_CLIENTS, JWT_SECRET, JWT_PUBLIC_KEY or OIDC_POLICIES",
      "ALLOWED_ORIGINS must list exact origins like https://app.example.com (no wildcards or paths)",
      "MAX_BODY_BYTES must be an integer >= 1",
      "LOG_SAMPLE_RATE must be a number between 0 and 1",
    ]);
  });

  it("parses public JWKs strictly", () => {
    expect(parsePublicJwk(JSON.stringify({ kty: "oct", k: "abc" }))).toMatch(/RSA or EC P-256/);
    expect(parsePublicJwk(JSON.stringify({ kty: "EC", crv: "P-384", x: "a", y: "b" }))).toMatch(/RSA or EC/);
    expect(parsePublicJwk(JSON.stringify({ kty: "RSA", n: "a", e: "AQAB", alg: "PS256" }))).toMatch(
      /alg must be RS256/,
    );
    expect(parsePublicJwk(JSON.stringify({ kty: "RSA", n: "a", e: "AQAB", kid: "k1" }))).toEqual({
      jwk: { kty: "RSA", n: "a", e: "AQAB" },
      alg: "RS256",
    });
  });
});
