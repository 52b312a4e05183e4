import { afterEach, describe, expect, it } from "vitest";
import { EmulatorAdmin } from "../src/admin/index.js";
import { createEmulator, DEFAULT_API_KEY } from "../src/index.js";
import { AUTH, BASE, TestApi, virtualEmulator } from "./support/api.js";

const { emulator, api } = virtualEmulator({ apiKeys: ["sk_one", DEFAULT_API_KEY] });
afterEach(() => emulator.reset());

function expectErrorShape(body: Record<string, unknown>, code: string) {
  expect(body).toMatchObject({ success: false, code, retryable: false });
  expect(typeof body["error"]).toBe("string");
  expect(body["message"]).toBe(body["error"]);
  expect(String(body["requestId"])).toMatch(/^req_/);
}

describe("authentication", () => {
  it("rejects a missing Authorization header with 401", async () => {
    const response = await api.request("GET", "/processor_runs", undefined, {
      "x-extend-api-version": "2025-04-21",
    });
    expect(response.status).toBe(401);
    const body = await response.json();
    expectErrorShape(body, "UNAUTHORIZED");
    expect(response.headers.get("x-request-id")).toBe(body.requestId);
  });

  it("rejects an unknown key with 401 and accepts every configured key", async () => {
    const wrong = await api.request("GET", "/processor_runs", undefined, {
      ...AUTH,
      authorization: "Bearer nope",
    });
    expect(wrong.status).toBe(401);
    const basic = await api.request("GET", "/processor_runs", undefined, {
      ...AUTH,
      authorization: "Basic sk_one",
    });
    expect(basic.status).toBe(401);
    const other = await api.request("GET", "/processor_runs", undefined, {
      ...AUTH,
      authorization: "Bearer sk_one",
    });
    expect(other.status).toBe(200);
    expect((await api.request("GET", "/processor_runs")).status).toBe(200);
  });

  it("never echoes the key in an error", async () => {
    const response = await api.request("GET", "/processor_runs", undefined, {
      ...AUTH,
      authorization: "Bearer sk_secret_value",
    });
    expect(await response.text()).not.toContain("sk_secret_value");
  });
});

describe("API version header", () => {
  it("400 naming x-extend-api-version when missing", async () => {
    const response = await api.request("GET", "/processor_runs", undefined, {
      authorization: AUTH.authorization,
    });
    expect(response.status).toBe(400);
    const body = await response.json();
    expectErrorShape(body, "INVALID_REQUEST");
    expect(body.message).toContain("x-extend-api-version");
  });

  it("400 listing 2025-04-21 for an unsupported version", async () => {
    const response = await api.request("GET", "/processor_runs", undefined, {
      ...AUTH,
      "x-extend-api-version": "2026-02-09",
    });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.message).toContain("2025-04-21");
    expect(body.message).toContain("2026-02-09");
  });
});

describe("routing", () => {
  it("404 for unknown routes, even with auth", async () => {
    const response = await api.request("GET", "/nope");
    expect(response.status).toBe(404);
    expectErrorShape(await response.json(), "NOT_FOUND");
    expect((await api.request("GET", "/processor_runs/x/y/z")).status).toBe(404);
  });

  it("405 with Allow for a known path and a wrong method", async () => {
    const response = await api.request("PUT", "/processor_runs");
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toContain("POST");
    expect(response.headers.get("allow")).toContain("GET");
  });

  it("ignores unknown headers such as x-fern-* and x-extend-workspace-id", async () => {
    const response = await api.request("GET", "/processor_runs", undefined, {
      ...AUTH,
      "x-fern-language": "JavaScript",
      "x-fern-sdk-name": "extend-ai",
      "x-extend-workspace-id": "ws_123",
    });
    expect(response.status).toBe(200);
  });

  it("answers malformed JSON with 400", async () => {
    const response = await api.request("POST", "/processor_runs", "{not json");
    expect(response.status).toBe(400);
    expect((await response.json()).message).toMatch(/JSON/);
  });

  it("accepts a body-less POST without a content type (cancel)", async () => {
    const run = await api.createRun({ processorId: "dp_invoice_extractor", rawText: "Total: 5" });
    const response = await emulator.fetch(
      new Request(`${BASE}/processor_runs/${run["id"]}/cancel`, { method: "POST", headers: AUTH }),
    );
    expect(response.status).toBe(200);
    expect((await response.json()).processorRun.status).toBe("CANCELLED");
  });

  it("sets x-request-id on success responses too", async () => {
    const response = await api.request("GET", "/processor_runs");
    expect(response.headers.get("x-request-id")).toMatch(/^req_/);
    expect(response.headers.get("content-type")).toContain("application/json");
  });

  it("works as a plain fetch(url, init) function", async () => {
    const plain = createEmulator({ limits: "off" });
    const response = await plain.fetch(`${BASE}/processor_runs`, { headers: AUTH });
    expect(response.status).toBe(200);
    await plain.close();
  });

  it("admin routes need no auth", async () => {
    // The admin client sends no Authorization header at all.
    const admin = new EmulatorAdmin(BASE, { fetch: emulator.fetch });
    expect(await admin.health()).toMatchObject({ ok: true, apiVersion: "2025-04-21" });
    expect(new TestApi(emulator)).toBeDefined();
  });
});

describe("CORS (opt-in)", () => {
  it("is off by default", async () => {
    const plain = createEmulator({ limits: "off" });
    const response = await plain.fetch(`${BASE}/processor_runs`, {
      headers: { ...AUTH, origin: "http://page.test" },
    });
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
    expect((await plain.fetch(`${BASE}/processor_runs`, { method: "OPTIONS" })).status).toBe(405);
    await plain.close();
  });

  it("answers preflights and decorates responses when enabled", async () => {
    const cors = createEmulator({ cors: true, limits: "off" });
    const preflight = await cors.fetch(`${BASE}/processor_runs`, {
      method: "OPTIONS",
      headers: {
        origin: "http://page.test",
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization, content-type, x-extend-api-version",
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("http://page.test");
    expect(preflight.headers.get("access-control-allow-headers")).toContain("x-extend-api-version");
    const response = await cors.fetch(`${BASE}/processor_runs`, {
      headers: { ...AUTH, origin: "http://page.test" },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe("http://page.test");
    expect(response.headers.get("access-control-expose-headers")).toContain("x-request-id");
    await cors.close();
  });
});
