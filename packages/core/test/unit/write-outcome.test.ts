import { describe, expect, it } from "vitest";
import {
  AbortError,
  APIError,
  ConnectionError,
  InternalServerError,
  InvalidResponseError,
  RateLimitError,
  RequestError,
  statusOutcome,
  TimeoutError,
  UsageError,
  WaitTimeoutError,
  writeOutcome,
} from "../../src/index.js";

const apiError = (status: number, headers: Record<string, string> = {}) =>
  new APIError(`failed with ${status}`, {
    status,
    code: undefined,
    requestId: undefined,
    retryable: false,
    body: {},
    headers: new Headers(headers),
  });

const invalid = (status: number, headers: Record<string, string> = {}) =>
  new InvalidResponseError(`got ${status}`, {
    status,
    snippet: "<html>",
    retryable: false,
    headers: new Headers(headers),
  });

describe("writeOutcome decides once whether a failed write may have been carried out", () => {
  it("nothing sent: a refused connection, an abort with nothing in flight", () => {
    expect(writeOutcome(new ConnectionError("refused", { nothingSent: true }))).toBe("not-sent");
    expect(writeOutcome(new AbortError("aborted", { nothingSent: true }))).toBe("not-sent");
  });

  it("uncertain: a dropped connection, a timeout, an abort in flight", () => {
    expect(writeOutcome(new ConnectionError("reset", { nothingSent: false }))).toBe("uncertain");
    expect(writeOutcome(new TimeoutError("slow", { timeoutMs: 10 }))).toBe("uncertain");
    expect(writeOutcome(new AbortError("aborted", { nothingSent: false }))).toBe("uncertain");
  });

  it("turned away: 429, and 503 with Retry-After (whatever the error class)", () => {
    expect(writeOutcome(apiError(429))).toBe("turned-away");
    expect(writeOutcome(apiError(503, { "retry-after": "2" }))).toBe("turned-away");
    expect(writeOutcome(invalid(429))).toBe("turned-away");
    expect(writeOutcome(invalid(503, { "Retry-After": "1" }))).toBe("turned-away");
  });

  it("uncertain: 408, any other 5xx, a 503 without Retry-After, a garbled 2xx", () => {
    for (const status of [408, 500, 502, 503, 504]) expect(writeOutcome(apiError(status))).toBe("uncertain");
    expect(writeOutcome(invalid(200))).toBe("uncertain");
    expect(writeOutcome(invalid(502))).toBe("uncertain");
  });

  it("rejected: any other error status", () => {
    for (const status of [400, 401, 402, 403, 404, 409, 413, 422]) {
      expect(writeOutcome(apiError(status))).toBe("rejected");
    }
    expect(writeOutcome(invalid(404))).toBe("rejected");
  });

  it("rejected too: a UsageError (refused before sending; the same call fails again)", () => {
    expect(writeOutcome(new UsageError("Pass processorId"))).toBe("rejected");
  });

  it("anything it does not know is uncertain", () => {
    expect(writeOutcome(new Error("mystery"))).toBe("uncertain");
    expect(writeOutcome(undefined)).toBe("uncertain");
    expect(writeOutcome(new WaitTimeoutError("slow", { run: undefined, timeoutMs: 1 }))).toBe("uncertain");
  });

  it("statusOutcome reads raw responses the same way", () => {
    const none = new Headers();
    expect(statusOutcome(429, none)).toBe("turned-away");
    expect(statusOutcome(503, new Headers({ "retry-after": "0" }))).toBe("turned-away");
    expect(statusOutcome(503, none)).toBe("uncertain");
    expect(statusOutcome(200, none)).toBe("uncertain");
    expect(statusOutcome(400, none)).toBe("rejected");
  });
});

describe("error classes have typed constructors", () => {
  it("fields land on the error", () => {
    const timeout = new TimeoutError("slow", { timeoutMs: 25 });
    expect(timeout).toMatchObject({ name: "TimeoutError", timeoutMs: 25, retryable: true });
    const limited = new RateLimitError("slow down", {
      status: 429,
      code: "RATE_LIMITED",
      requestId: "req_1",
      retryable: true,
      body: {},
      headers: new Headers(),
    });
    expect(limited).toMatchObject({ name: "RateLimitError", status: 429, code: "RATE_LIMITED" });
    const cause = new Error("root");
    expect(new ConnectionError("x", { nothingSent: true }, { cause }).cause).toBe(cause);
  });

  it("misspelt or missing fields do not compile", () => {
    // @ts-expect-error `timeotMs` is not a field of TimeoutError
    new TimeoutError("x", { timeotMs: 1 });
    // @ts-expect-error a ConnectionError must say whether anything was sent
    new ConnectionError("x", {});
    // @ts-expect-error an APIError needs its status, code, requestId, retryable, body and headers
    new InternalServerError("x", { status: 500 });
    // @ts-expect-error UsageError has no fields
    new UsageError("x", { status: 400 });
    expect(true).toBe(true);
  });

  it("mayHaveCreatedRun belongs to the errors of a request, not to every error", () => {
    for (const error of [
      apiError(500),
      invalid(200),
      new ConnectionError("x", { nothingSent: false }),
      new TimeoutError("x", { timeoutMs: 1 }),
      new AbortError("x", { nothingSent: false }),
    ]) {
      expect(error.mayHaveCreatedRun).toBe(false);
      expect(error).toBeInstanceOf(RequestError);
    }
    const usage = new UsageError("x");
    expect(usage).not.toBeInstanceOf(RequestError);
    // @ts-expect-error a UsageError is thrown before any request, so it has no such flag
    expect(usage.mayHaveCreatedRun).toBeUndefined();
    expect("mayHaveCreatedRun" in new WaitTimeoutError("x", { run: undefined, timeoutMs: 1 })).toBe(false);
  });
});
