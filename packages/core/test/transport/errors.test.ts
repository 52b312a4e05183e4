import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  APIError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  ExtendClient,
  ExtendKitError,
  InternalServerError,
  InvalidResponseError,
  NotFoundError,
  PaymentRequiredError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
} from "../../src/index.js";
import { API_KEY, json, type Step, scriptedFetch } from "../helpers/fake-fetch.js";

function client(steps: Step[]) {
  const fake = scriptedFetch(steps);
  return new ExtendClient({
    apiKey: API_KEY,
    baseUrl: "http://127.0.0.1:9",
    fetch: fake.fetch,
    maxRetries: 0,
  });
}

beforeEach(() => {
  vi.spyOn(Math, "random").mockReturnValue(0);
});
afterEach(() => {
  vi.restoreAllMocks();
});

const CLASSES = [
  [400, BadRequestError],
  [401, AuthenticationError],
  [402, PaymentRequiredError],
  [403, PermissionDeniedError],
  [404, NotFoundError],
  [409, ConflictError],
  [422, UnprocessableEntityError],
  [429, RateLimitError],
  [500, InternalServerError],
  [503, InternalServerError],
] as const;

describe("error statuses map to one class each, from either body shape", () => {
  for (const [status, Class] of CLASSES) {
    it(`${status} with the legacy body { success: false, error }`, async () => {
      const error = await client([json(status, { success: false, error: `legacy ${status}` })])
        .processorRuns.get("dpr_1")
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Class);
      expect(error).toBeInstanceOf(APIError);
      expect(error).toBeInstanceOf(ExtendKitError);
      const e = error as APIError;
      expect(e.name).toBe(Class.name);
      expect(e.status).toBe(status);
      expect(e.code).toBeUndefined();
      expect(e.message).toContain(`legacy ${status}`);
      expect(e.message).toContain(`GET /processor_runs/dpr_1 failed with ${status}`);
      expect(e.retryable).toBe(status === 429 || status >= 500);
      expect(e.body).toEqual({ success: false, error: `legacy ${status}` });
    });

    it(`${status} with the structured body { code, message, retryable, requestId }`, async () => {
      const body = {
        code: `CODE_${status}`,
        message: `structured ${status}`,
        retryable: true,
        requestId: "req_abc",
      };
      const error = await client([json(status, body)])
        .processorRuns.get("dpr_1")
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Class);
      expect(error).toMatchObject({
        status,
        code: `CODE_${status}`,
        requestId: "req_abc",
        retryable: true,
        body,
      });
      expect((error as Error).message).toContain(`structured ${status}`);
      expect((error as Error).message).toContain(`CODE_${status}`);
    });
  }

  it("the emulator's combined shape: message wins over error, both present", async () => {
    const body = {
      success: false,
      error: "Run not found",
      code: "NOT_FOUND",
      message: "Run not found",
      retryable: false,
    };
    const error = await client([json(404, body, { "x-request-id": "req_hdr" })])
      .processorRuns.get("dpr_1")
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 404, code: "NOT_FOUND", requestId: "req_hdr", retryable: false });
  });

  it("file errors carry their code", async () => {
    const error = await client([json(400, { success: false, error: "too big", code: "FILE_SIZE_TOO_LARGE" })])
      .files.upload(new Uint8Array(3), { fileName: "a.pdf" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({ code: "FILE_SIZE_TOO_LARGE" });
  });

  it("an unlisted status is a plain APIError; any other 5xx an InternalServerError", async () => {
    const e418 = await client([json(418, { error: "teapot" })])
      .processorRuns.get("dpr_1")
      .catch((e: unknown) => e);
    expect(e418).toBeInstanceOf(APIError);
    expect(e418).not.toBeInstanceOf(BadRequestError);
    const e599 = await client([json(599, {})])
      .processorRuns.get("dpr_1")
      .catch((e: unknown) => e);
    expect(e599).toBeInstanceOf(InternalServerError);
  });

  it("an error status with an empty body still maps by status", async () => {
    const error = await client([new Response("", { status: 503, statusText: "Service Unavailable" })])
      .processorRuns.get("dpr_1")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect((error as Error).message).toContain("Service Unavailable");
  });
});

describe("bodies that are not JSON", () => {
  const html = `<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>${"x".repeat(500)}</body></html>`;

  it("an HTML 502 from a proxy is an InvalidResponseError with the status and a short snippet", async () => {
    const error = await client([
      new Response(html, { status: 502, headers: { "content-type": "text/html" } }),
    ])
      .processorRuns.get("dpr_1")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    const e = error as InvalidResponseError;
    expect(e.status).toBe(502);
    expect(e.retryable).toBe(true);
    expect(e.snippet.length).toBeLessThanOrEqual(200);
    expect(e.snippet).toContain("502 Bad Gateway");
    expect(e.message).toContain("502");
    expect(e.message).toContain("<!DOCTYPE html>");
    expect(e.message.length).toBeLessThan(400);
  });

  it("a 200 with text is an InvalidResponseError, never returned as data", async () => {
    const error = await client([
      new Response("OK", { status: 200, headers: { "content-type": "application/json" } }),
    ])
      .processorRuns.get("dpr_1")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    // A garbled 2xx is no answer at all: worth trying again (reads do so themselves; see retry.test.ts).
    expect(error).toMatchObject({ status: 200, snippet: "OK", retryable: true });
  });

  it("a 200 truncated JSON body is an InvalidResponseError", async () => {
    const truncated = JSON.stringify({ success: true, processorRun: { id: "dpr_1" } }).slice(0, 20);
    const error = await client([new Response(truncated, { status: 200 })])
      .processorRuns.get("dpr_1")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
  });

  it("a 200 JSON without the expected resource is an InvalidResponseError", async () => {
    const error = await client([json(200, { success: true })])
      .processorRuns.get("dpr_1")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as Error).message).toContain('"processorRun"');
  });

  it("a list without its array is an InvalidResponseError", async () => {
    const error = await client([json(200, { success: true, runs: [] })])
      .processorRuns.list()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
  });
});

describe("the API key never appears in an error", () => {
  it("across every error kind, including servers that echo the key", async () => {
    const errors: unknown[] = [];
    const capture = (p: Promise<unknown>) =>
      p.then(
        () => errors.push(new Error("resolved unexpectedly")),
        (e) => errors.push(e),
      );
    const echo = `Invalid API key ${API_KEY} (Bearer ${API_KEY})`;
    await capture(client([json(401, { success: false, error: echo })]).processorRuns.get("dpr_1"));
    await capture(
      client([json(403, { code: "FORBIDDEN", message: echo, requestId: API_KEY })]).processorRuns.get("a"),
    );
    await capture(client([new Response(`<p>${echo}</p>`, { status: 502 })]).processorRuns.get("dpr_1"));
    await capture(client([new Response(echo, { status: 200 })]).processorRuns.get("dpr_1"));
    await capture(
      client([{ throw: new TypeError(`connect failed for ${API_KEY}`) }]).processorRuns.get("dpr_1"),
    );
    await capture(
      client([{ throw: new TypeError("fetch failed") }]).processorRuns.create({
        processorId: "dp",
        rawText: "a",
      }),
    );
    await capture(client([{ hang: "honour-signal" }]).processorRuns.get("dpr_1", { timeoutMs: 5 }));
    await capture(
      client([json(500, { error: echo })]).processorRuns.create({ processorId: "dp", rawText: "a" }),
    );
    await capture(client([]).processorRuns.get(""));
    await capture(client([]).processorRuns.get("dpr_1", { signal: AbortSignal.abort() }));
    await capture(client([]).processorRuns.list({ maxPageSize: 0 }));
    expect(errors).toHaveLength(11);
    for (const error of errors) {
      expect(error).toBeInstanceOf(ExtendKitError);
      const e = error as ExtendKitError;
      expect(e.message).not.toContain(API_KEY);
      expect(JSON.stringify(e)).not.toContain(API_KEY);
      expect(String(e)).not.toContain(API_KEY);
      expect(e.stack ?? "").not.toContain(API_KEY);
      expect(JSON.stringify((e as { body?: unknown }).body ?? null)).not.toContain(API_KEY);
    }
  });

  it("toJSON is useful and leaves out headers", async () => {
    const error = await client([json(404, { error: "nope", code: "NOT_FOUND" })])
      .processorRuns.get("dpr_1")
      .catch((e: unknown) => e);
    const plain = JSON.parse(JSON.stringify(error));
    expect(plain).toMatchObject({
      name: "NotFoundError",
      status: 404,
      code: "NOT_FOUND",
      mayHaveCreatedRun: false,
    });
    expect(plain.headers).toBeUndefined();
    expect(plain.message).toContain("nope");
  });
});
