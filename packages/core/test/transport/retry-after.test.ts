import { describe, expect, it } from "vitest";
import { parseRetryAfter, RETRY_AFTER_CAP_MS } from "../../src/internal/retry-after.js";

const h = (init: Record<string, string>) => new Headers(init);
const NOW = Date.parse("2026-01-01T00:00:00Z");

describe("parseRetryAfter", () => {
  it("reads delay-seconds, including fractions and zero", () => {
    expect(parseRetryAfter(h({ "retry-after": "3" }), NOW)).toBe(3000);
    expect(parseRetryAfter(h({ "retry-after": "0.5" }), NOW)).toBe(500);
    expect(parseRetryAfter(h({ "retry-after": "0" }), NOW)).toBe(0);
  });

  it("reads an HTTP date relative to now", () => {
    const in5s = new Date(NOW + 5000).toUTCString();
    expect(parseRetryAfter(h({ "retry-after": in5s }), NOW)).toBe(5000);
  });

  it("treats a date in the past as no wait", () => {
    expect(parseRetryAfter(h({ "retry-after": new Date(NOW - 60_000).toUTCString() }), NOW)).toBe(0);
  });

  it("reads retry-after-ms and prefers it over Retry-After", () => {
    expect(parseRetryAfter(h({ "retry-after-ms": "250" }), NOW)).toBe(250);
    expect(parseRetryAfter(h({ "retry-after-ms": "250", "retry-after": "10" }), NOW)).toBe(250);
  });

  it("caps at 60 s", () => {
    expect(RETRY_AFTER_CAP_MS).toBe(60_000);
    expect(parseRetryAfter(h({ "retry-after": "86400" }), NOW)).toBe(60_000);
    expect(parseRetryAfter(h({ "retry-after-ms": "999999" }), NOW)).toBe(60_000);
    expect(parseRetryAfter(h({ "retry-after": new Date(NOW + 3_600_000).toUTCString() }), NOW)).toBe(60_000);
  });

  it("ignores absent, negative and garbage values", () => {
    expect(parseRetryAfter(h({}), NOW)).toBeUndefined();
    expect(parseRetryAfter(h({ "retry-after": "-1" }), NOW)).toBeUndefined();
    expect(parseRetryAfter(h({ "retry-after": "soon" }), NOW)).toBeUndefined();
    expect(parseRetryAfter(h({ "retry-after-ms": "x", "retry-after": "2" }), NOW)).toBe(2000);
  });
});
