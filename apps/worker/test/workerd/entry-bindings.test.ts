// The Cloudflare entry with its optional bindings and configuration variants (env overrides on the
// entry's default export): KV cache, rate-limit binding, RS256 keys, misconfiguration, upstream faults.
import { afterEach, describe, expect, it, vi } from "vitest";
import worker, { type WorkerEnv } from "../../src/entry/cloudflare.ts";
import {
  assertNoKey,
  bearer,
  call,
  claims,
  createFinishedRun,
  signEs256,
  signHs256,
  signRs256,
} from "../contract/harness.ts";
import { API_KEY, TOKENS } from "../fixtures.ts";
import { targetFor, testEnv } from "./env.ts";

function entryTarget(name: string, overrides: Partial<Record<string, unknown>>) {
  const env = { ...testEnv, ...overrides } as WorkerEnv;
  return targetFor(name, (request) =>
    Promise.resolve(worker.fetch(request as Parameters<typeof worker.fetch>[0], env)),
  );
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("entry: KV cache binding", () => {
  it("stores terminal runs in KV under a tenant-scoped key, serves HITs from it and purges on delete", async () => {
    const target = entryTarget("kv", { RUN_CACHE: testEnv.TEST_RUN_CACHE, CACHE_TTL_SECONDS: "120" });
    const id = await createFinishedRun(target, TOKENS.alpha);
    const miss = await call(target, `/processor_runs/${id}`, { headers: bearer(TOKENS.alpha) });
    expect(miss.headers.get("x-extendkit-cache")).toBe("MISS");
    expect(miss.headers.get("cache-control")).toBe("private, max-age=120");
    const key = `extendkit:v1/alpha/2025-04-21/processor_runs/${id}`;
    const stored = JSON.parse((await testEnv.TEST_RUN_CACHE.get(key, "text")) ?? "null") as {
      tenant: string;
    };
    expect(stored.tenant).toBe("alpha");
    const hit = await call(target, `/processor_runs/${id}`, { headers: bearer(TOKENS.alpha) });
    expect(hit.headers.get("x-extendkit-cache")).toBe("HIT");
    const other = await call(target, `/processor_runs/${id}`, { headers: bearer(TOKENS.beta) });
    expect(other.status).toBe(404);
    const deleted = await call(target, `/processor_runs/${id}`, {
      method: "DELETE",
      headers: bearer(TOKENS.alpha),
    });
    expect(deleted.status).toBe(200);
    expect(await testEnv.TEST_RUN_CACHE.get(key, "text")).toBeNull();
  });
});

describe("entry: rate-limit binding", () => {
  it("uses the Workers binding when bound: 429 with Retry-After once its limit (2) is used up", async () => {
    const target = entryTarget("ratelimit-binding", { RATE_LIMITER: testEnv.TEST_RATE_LIMITER });
    // The binding counts in windows aligned to the minute; a fresh tenant per attempt and one retry
    // cover the rare case of the three requests straddling a window boundary.
    let statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let attempt = 0; attempt < 2 && statuses[2] !== 429; attempt++) {
      const token = await signHs256(claims({ tenant: `rl-${crypto.randomUUID().slice(0, 8)}` }));
      statuses = [];
      for (let i = 0; i < 3; i++) {
        const reply = await call(target, "/processor_runs/dpr_rl_binding", { headers: bearer(token) });
        statuses.push(reply.status);
        retryAfter = reply.headers.get("retry-after") ?? retryAfter;
      }
    }
    expect(statuses).toEqual([404, 404, 429]);
    expect(retryAfter).toBe("60");
  });
});

describe("entry: RS256 public key", () => {
  it("accepts RS256 tokens from the configured key and refuses ES256/RS256 tokens from other keys", async () => {
    const rsa = (await crypto.subtle.generateKey(
      {
        name: "RSASSA-PKCS1-v1_5",
        modulusLength: 2048,
        publicExponent: new Uint8Array([1, 0, 1]),
        hash: "SHA-256",
      },
      true,
      ["sign", "verify"],
    )) as CryptoKeyPair;
    const otherRsa = (await crypto.subtle.generateKey(
      {
        name: "RSASSA-PKCS1-v1_5",
        modulusLength: 2048,
        publicExponent: new Uint8Array([1, 0, 1]),
        hash: "SHA-256",
      },
      true,
      ["sign", "verify"],
    )) as CryptoKeyPair;
    const publicJwk = (await crypto.subtle.exportKey("jwk", rsa.publicKey)) as JsonWebKey;
    const target = entryTarget("rs256", { JWT_PUBLIC_KEY: JSON.stringify(publicJwk) });
    const valid = await call(target, "/processor_runs/dpr_nothere", {
      headers: bearer(await signRs256(claims({ tenant: "rsa-tenant" }), rsa.privateKey)),
    });
    expect(valid.status).toBe(404);
    const wrongKey = await call(target, "/processor_runs/dpr_nothere", {
      headers: bearer(await signRs256(claims(), otherRsa.privateKey)),
    });
    expect(wrongKey.status).toBe(401);
    const es256 = await call(target, "/processor_runs/dpr_nothere", {
      headers: bearer(await signEs256(claims(), target.es256PrivateJwk)),
    });
    expect(es256.status).toBe(401);
    const expired = await call(target, "/processor_runs/dpr_nothere", {
      headers: bearer(await signRs256(claims({ exp: Math.floor(Date.now() / 1000) - 600 }), rsa.privateKey)),
    });
    expect(expired.status).toBe(401);
    // HS256 keeps working next to the public key.
    const hs = await call(target, "/processor_runs/dpr_nothere", {
      headers: bearer(await signHs256(claims())),
    });
    expect(hs.status).toBe(404);
  });
});

/** The problems the entry logged (console.log lines of kind "config") while `run` ran. */
async function loggedProblems(run: () => Promise<unknown>): Promise<string> {
  const spy = vi.spyOn(console, "log").mockImplementation(() => undefined);
  await run();
  const lines = spy.mock.calls.map((args) => String(args[0]));
  spy.mockRestore();
  return lines.filter((line) => line.includes('"kind":"config"')).join("\n");
}

describe("entry: misconfiguration", () => {
  it("missing EXTEND_API_KEY → 500 'proxy misconfigured' with a request id; the reason is in the log only", async () => {
    const target = entryTarget("no-key", { EXTEND_API_KEY: "" });
    let reply: Awaited<ReturnType<typeof call>> | undefined;
    const logged = await loggedProblems(async () => {
      reply = await call(target, "/processor_runs/dpr_x", { headers: bearer(TOKENS.alpha) });
    });
    expect(reply!.status).toBe(500);
    expect(reply!.json).toMatchObject({
      success: false,
      code: "PROXY_MISCONFIGURED",
      error: "proxy misconfigured: see the proxy's log",
    });
    expect(reply!.text.includes("EXTEND_API_KEY")).toBe(false);
    expect(logged).toContain("EXTEND_API_KEY is required");
  });

  it("invalid secrets are logged by name, never by value, and callers learn neither", async () => {
    const secretish = "tok_plaintext_should_never_be_echoed";
    const cases: Array<[Record<string, string>, string]> = [
      [{ PROXY_CLIENTS: `{"${secretish}": ` }, "PROXY_CLIENTS is not valid JSON"],
      [
        { PROXY_CLIENTS: JSON.stringify({ [secretish]: { tenant: "a" } }) },
        "key must be 64 lowercase hex chars",
      ],
      [{ JWT_SECRET: "short" }, "JWT_SECRET must be at least 32 characters"],
      [
        { JWT_PUBLIC_KEY: JSON.stringify({ kty: "EC", crv: "P-256", x: "a", y: "b", d: secretish }) },
        "private key",
      ],
      [{ ALLOWED_ORIGINS: "*" }, "ALLOWED_ORIGINS"],
      [{ CACHE_TTL_SECONDS: "-5" }, "CACHE_TTL_SECONDS must be an integer >= 0"],
      [{ EXTEND_BASE_URL: `ftp://${secretish}` }, "EXTEND_BASE_URL must be an absolute http(s) URL"],
    ];
    for (const [overrides, expected] of cases) {
      let reply: Awaited<ReturnType<typeof call>> | undefined;
      const logged = await loggedProblems(async () => {
        reply = await call(entryTarget(`bad-config-${expected}`, overrides), "/processor_runs/dpr_x", {
          headers: bearer(TOKENS.alpha),
        });
      });
      expect(reply!.status).toBe(500);
      expect(reply!.json["error"]).toBe("proxy misconfigured: see the proxy's log");
      expect(logged).toContain(expected);
      for (const text of [reply!.text, logged]) {
        expect(text.includes(secretish)).toBe(false);
        expect(text.includes('"short"')).toBe(false);
      }
    }
  });

  // S1: the values of .dev.vars.example once ran a proxy whose admin JWTs and webhooks anyone could forge.
  it("placeholder and low-entropy secrets are refused at start-up; a token signed with one gets nowhere", async () => {
    const placeholderJwt = "replace-with-at-least-32-random-characters";
    const cases: Array<[Record<string, string>, string]> = [
      [{ EXTEND_API_KEY: "sk_replace_me" }, "EXTEND_API_KEY is a placeholder"],
      [{ JWT_SECRET: placeholderJwt }, "JWT_SECRET is a placeholder"],
      [{ WEBHOOK_SECRET: "wss_replace_me" }, "WEBHOOK_SECRET is a placeholder"],
      [{ JWT_SECRET: "a".repeat(40) }, "JWT_SECRET has too little entropy"],
      [{ JWT_SECRET: "ab".repeat(20) }, "JWT_SECRET has too little entropy"],
      [{ WEBHOOK_SECRET: "wss_aaaaaaaaaaaa" }, "WEBHOOK_SECRET has too little entropy"],
    ];
    for (const [overrides, expected] of cases) {
      const target = entryTarget(`weak-${expected}`, overrides);
      const admin = await signHs256(
        claims({ tenant: "ops", scopes: ["admin", "runs:read"] }),
        overrides["JWT_SECRET"] ?? placeholderJwt,
      );
      let list: Awaited<ReturnType<typeof call>> | undefined;
      const logged = await loggedProblems(async () => {
        list = await call(target, "/processor_runs", { headers: bearer(admin) });
      });
      expect(list!.status, expected).toBe(500);
      expect(list!.json["error"]).toBe("proxy misconfigured: see the proxy's log");
      expect(list!.text.includes("JWT_SECRET") || list!.text.includes("WEBHOOK_SECRET")).toBe(false);
      expect(logged).toContain(expected);
      for (const value of Object.values(overrides)) expect(logged.includes(value)).toBe(false);
    }
  });
});

describe("entry: upstream failures", () => {
  it("upstream refusing the server key → 502 UPSTREAM_AUTH_FAILED (not a client 401), no key in the answer", async () => {
    const wrongKey = "sk_wrong_key_for_this_emulator_123";
    const target = entryTarget("wrong-key", { EXTEND_API_KEY: wrongKey });
    const reply = await call(target, "/processor_runs/dpr_x", { headers: bearer(TOKENS.alpha) });
    expect(reply.status).toBe(502);
    expect(reply.json["code"]).toBe("UPSTREAM_AUTH_FAILED");
    expect(reply.text.includes(wrongKey)).toBe(false);
  });

  it("an unreachable upstream → 502 UPSTREAM_UNAVAILABLE", async () => {
    const target = entryTarget("unreachable", { EXTEND_BASE_URL: "http://127.0.0.1:1" });
    const reply = await call(target, "/processor_runs/dpr_x", { headers: bearer(TOKENS.alpha) });
    expect(reply.status).toBe(502);
    expect(reply.json["code"]).toBe("UPSTREAM_UNAVAILABLE");
  });

  it("an upstream echoing the key has it scrubbed; the EXTEND_UPSTREAM service binding is used when bound", async () => {
    const seen: Request[] = [];
    const echo = {
      fetch: async (request: Request) => {
        seen.push(request);
        return new Response(
          JSON.stringify({
            success: false,
            error: `bad request from ${request.headers.get("authorization")}`,
          }),
          { status: 400, headers: { "content-type": "application/json", "x-leak": API_KEY } },
        );
      },
    };
    const target = entryTarget("echo", { EXTEND_UPSTREAM: echo });
    const reply = await call(target, "/processor_runs/dpr_echo", {
      headers: bearer(TOKENS.alpha, { cookie: "session=abc", "x-forwarded-for": "1.2.3.4" }),
    });
    expect(reply.status).toBe(400);
    expect(reply.json["error"]).toBe("bad request from Bearer [redacted]");
    expect(reply.headers.get("x-leak")).toBeNull();
    expect(seen).toHaveLength(1);
    const upstream = seen[0]!;
    expect(upstream.url).toBe(`${testEnv.TEST_EMULATOR_URL}/processor_runs/dpr_echo`);
    expect(upstream.headers.get("authorization")).toBe(`Bearer ${API_KEY}`);
    expect(upstream.headers.get("x-extend-api-version")).toBe("2025-04-21");
    expect(upstream.headers.get("cookie")).toBeNull();
    expect(upstream.headers.get("x-forwarded-for")).toBeNull();
  });
});

describe("entry: streaming upload limit", () => {
  it("a chunked upload without Content-Length is cut off at MAX_BODY_BYTES → 413", async () => {
    const target = entryTarget("chunked", { MAX_BODY_BYTES: "4096" });
    const boundary = "----extendkit";
    const chunk = new TextEncoder().encode("z".repeat(1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(
          new TextEncoder().encode(
            `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\nContent-Type: text/plain\r\n\r\n`,
          ),
        );
      },
      pull(controller) {
        if (sent >= 16) {
          controller.enqueue(new TextEncoder().encode(`\r\n--${boundary}--\r\n`));
          controller.close();
          return;
        }
        sent++;
        controller.enqueue(chunk);
      },
    });
    const reply = await call(target, "/files/upload", {
      method: "POST",
      headers: bearer(TOKENS.alpha, { "content-type": `multipart/form-data; boundary=${boundary}` }),
      body,
    });
    expect(reply.status).toBe(413);
    expect(sent).toBeLessThan(16);
  });

  it("a declared Content-Length over the limit is refused before the body is read", async () => {
    const target = entryTarget("declared", { MAX_BODY_BYTES: "4096" });
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(1024));
        if (pulled > 10) controller.close();
      },
    });
    const reply = await call(target, "/files/upload", {
      method: "POST",
      headers: bearer(TOKENS.alpha, {
        "content-type": "multipart/form-data; boundary=x",
        "content-length": "999999",
      }),
      body,
      duplex: "half",
    } as RequestInit);
    expect(reply.status).toBe(413);
    expect(pulled).toBeLessThanOrEqual(1);
  });
});

describe("entry: structured logs", () => {
  it("LOG_SAMPLE_RATE=0 drops successful request lines but always logs failures", async () => {
    const lines: string[] = [];
    vi.spyOn(console, "log").mockImplementation((line: unknown) => {
      lines.push(String(line));
    });
    const target = entryTarget("sampled", { LOG_SAMPLE_RATE: "0" });
    const created = await call(target, "/processor_runs", {
      method: "POST",
      headers: bearer(TOKENS.alpha, { "content-type": "application/json" }),
      body: JSON.stringify({ processorId: "dp_invoice_extractor", rawText: "sampled" }),
    });
    expect(created.status).toBe(200);
    expect(lines).toEqual([]);
    await call(target, "/processor_runs/dpr_sampled_missing", { headers: bearer(TOKENS.alpha) });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ status: 404, error: "NOT_FOUND" });
  });

  it("logs one JSON object per request without tokens or the key", async () => {
    const lines: string[] = [];
    vi.spyOn(console, "log").mockImplementation((line: unknown) => {
      lines.push(String(line));
    });
    const target = entryTarget("logs", {});
    const token = await signHs256(claims({ tenant: "log-tenant" }));
    await call(target, "/processor_runs/dpr_logged", { headers: bearer(token) });
    await call(target, "/processor_runs/dpr_logged", { headers: bearer(TOKENS.alpha) });
    expect(lines).toHaveLength(2);
    const first = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(first).toMatchObject({
      tenant: "log-tenant",
      method: "GET",
      route: "GET /processor_runs/:id",
      status: 404,
      cache: "MISS",
    });
    expect(String(first["requestId"])).toMatch(/^req_/);
    expect(typeof first["ms"]).toBe("number");
    for (const line of lines) {
      expect(line.includes(API_KEY)).toBe(false);
      expect(line.includes(token)).toBe(false);
      expect(line.includes(TOKENS.alpha)).toBe(false);
      expect(line.includes("dpr_logged")).toBe(false);
      assertNoKey(new Headers(), line);
    }
  });
});
