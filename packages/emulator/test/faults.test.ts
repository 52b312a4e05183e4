import { describe, expect, it } from "vitest";
import { EmulatorAdminError } from "../src/admin/index.js";
import { createEmulator, type FaultRule, startEmulator } from "../src/index.js";
import { AUTH, BASE, TestApi, virtualEmulator } from "./support/api.js";

function addFault(api: TestApi, rules: FaultRule | FaultRule[]): Promise<string[]> {
  return api.admin.addFaults(rules);
}

function journal(api: TestApi) {
  return api.admin.journal();
}

describe("faults", () => {
  it("status 429 with Retry-After, for the next N matching requests only", async () => {
    const { api } = virtualEmulator();
    await addFault(api, {
      method: "GET",
      path: "/processor_runs",
      status: 429,
      retryAfterSeconds: 3,
      count: 2,
    });
    for (let i = 0; i < 2; i++) {
      const response = await api.request("GET", "/processor_runs");
      expect(response.status).toBe(429);
      expect(response.headers.get("retry-after")).toBe("3");
      const body = await response.json();
      expect(body).toMatchObject({ success: false, code: "RATE_LIMIT_EXCEEDED", retryable: true });
      expect(typeof body.error).toBe("string");
    }
    expect((await api.request("GET", "/processor_runs")).status).toBe(200);
    const entries = await journal(api);
    expect(entries.map((entry) => entry["fault"])).toEqual(["status:429", "status:429", undefined]);
    expect(entries.map((entry) => entry["status"])).toEqual([429, 429, 200]);
  });

  it("500, 502 and 503 are retryable errors with Extend's error shape; only the matching method/path", async () => {
    const { api } = virtualEmulator();
    await addFault(api, [
      { method: "POST", path: "/processor_runs", status: 500, count: 1 },
      { path: "/processor_runs/*", status: 502, count: 1 },
      { path: "/files", status: 503, count: 1, retryAfterSeconds: 7 },
    ]);
    // GET /processor_runs matches none of them.
    expect((await api.request("GET", "/processor_runs")).status).toBe(200);
    const created = await api.request("POST", "/processor_runs", {
      processorId: "dp_invoice_extractor",
      rawText: "x",
    });
    expect(created.status).toBe(500);
    expect(await created.json()).toMatchObject({ code: "INTERNAL_ERROR", retryable: true });
    const get = await api.request("GET", "/processor_runs/dpr_x");
    expect(get.status).toBe(502);
    const files = await api.request("GET", "/files");
    expect(files.status).toBe(503);
    expect(files.headers.get("retry-after")).toBe("7");
    // Nothing was created by the faulted POST.
    expect((await api.json("GET", "/processor_runs")).body["processorRuns"]).toHaveLength(0);
  });

  it("afterHandling: the run is created but the reply is an error, and the journal shows the runId", async () => {
    const { api } = virtualEmulator();
    await addFault(api, {
      method: "POST",
      path: "/processor_runs",
      status: 503,
      afterHandling: true,
      count: 1,
    });
    const response = await api.request("POST", "/processor_runs", {
      processorId: "dp_invoice_extractor",
      rawText: "x",
    });
    expect(response.status).toBe(503);
    const runs = (await api.json("GET", "/processor_runs")).body["processorRuns"];
    expect(runs).toHaveLength(1);
    const entry = (await journal(api))[0]!;
    expect(entry).toMatchObject({
      method: "POST",
      status: 503,
      fault: "status:503(afterHandling)",
      runId: runs[0].id,
    });
  });

  it("drop: in process the fetch rejects with TypeError('fetch failed'); afterHandling still creates", async () => {
    const { api } = virtualEmulator();
    await addFault(api, {
      method: "POST",
      path: "/processor_runs",
      drop: true,
      afterHandling: true,
      count: 1,
    });
    await addFault(api, { method: "GET", drop: true, count: 1 });
    const error = await api
      .request("POST", "/processor_runs", { processorId: "dp_invoice_extractor", rawText: "x" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe("fetch failed");
    await expect(api.request("GET", "/processor_runs")).rejects.toThrow("fetch failed");
    const runs = (await api.json("GET", "/processor_runs")).body["processorRuns"];
    expect(runs).toHaveLength(1);
    const entries = await journal(api);
    expect(entries[0]).toMatchObject({ status: 0, fault: "drop(afterHandling)", runId: runs[0].id });
    expect(entries[1]).toMatchObject({ status: 0, fault: "drop" });
  });

  it("malformed: 200 with a body that is not JSON, request not handled", async () => {
    const { api } = virtualEmulator();
    await addFault(api, { method: "POST", path: "/processor_runs", malformed: true, count: 1 });
    const response = await api.request("POST", "/processor_runs", {
      processorId: "dp_invoice_extractor",
      rawText: "x",
    });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(() => JSON.parse(text)).toThrow();
    expect((await api.json("GET", "/processor_runs")).body["processorRuns"]).toHaveLength(0);
  });

  it("delayMs adds real latency and then handles the request", async () => {
    const { api } = virtualEmulator();
    await addFault(api, { path: "/processor_runs", delayMs: 120, count: 1 });
    const started = performance.now();
    const response = await api.request("GET", "/processor_runs");
    expect(performance.now() - started).toBeGreaterThanOrEqual(100);
    expect(response.status).toBe(200);
    expect((await journal(api))[0]).toMatchObject({ fault: "delay:120", status: 200 });
  });

  it("a delayed request rejects when the caller aborts, like fetch", async () => {
    const { emulator, api } = virtualEmulator();
    await addFault(api, { delayMs: 5000 });
    const controller = new AbortController();
    const pending = emulator.fetch(
      new Request(`${BASE}/processor_runs`, { headers: AUTH, signal: controller.signal }),
    );
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
  });

  it("probability draws from the seed: same seed, same pattern", async () => {
    const pattern = async (seed: number) => {
      const emulator = createEmulator({
        limits: "off",
        seed,
        faults: [{ path: "/processor_runs", status: 500, probability: 0.5 }],
      });
      const api = new TestApi(emulator);
      const statuses: number[] = [];
      for (let i = 0; i < 40; i++) statuses.push((await api.request("GET", "/processor_runs")).status);
      await emulator.close();
      return statuses;
    };
    const first = await pattern(7);
    expect(await pattern(7)).toEqual(first);
    const failures = first.filter((status) => status === 500).length;
    expect(failures).toBeGreaterThan(5);
    expect(failures).toBeLessThan(35);
    expect(await pattern(8)).not.toEqual(first);
  });

  it("never applies to /_emulator routes; DELETE clears; bad rules are 400 naming the field", async () => {
    const { api } = virtualEmulator();
    await addFault(api, { status: 500 });
    expect((await api.admin.health()).ok).toBe(true);
    expect((await api.request("GET", "/files")).status).toBe(500);
    await api.admin.clearFaults();
    expect((await api.request("GET", "/files")).status).toBe(200);
    for (const [rule, field] of [
      [{ status: 404 }, "status"],
      [{ path: "processor_runs", status: 500 }, "path"],
      [{ path: "/_emulator/health", status: 500 }, "path"],
      [{ status: 500, probability: 2 }, "probability"],
      [{ status: 500, count: -1 }, "count"],
      [{ status: 500, drop: true }, "drop"],
      [{ method: "GET" }, "effect"],
    ] as const) {
      const refused = await api.admin.addFaults(rule as FaultRule).catch((error: unknown) => error);
      expect(refused, JSON.stringify(rule)).toBeInstanceOf(EmulatorAdminError);
      expect(refused, JSON.stringify(rule)).toMatchObject({ status: 400 });
      expect((refused as EmulatorAdminError).message).toContain(field);
    }
  });

  it("faults from options apply from the first request", async () => {
    const emulator = createEmulator({ limits: "off", faults: [{ path: "/files/*", status: 502, count: 1 }] });
    const api = new TestApi(emulator);
    expect((await api.request("GET", "/files/file_1")).status).toBe(502);
    expect((await api.request("GET", "/files/file_1")).status).toBe(404);
    await emulator.close();
  });

  it("over HTTP, drop destroys the socket", async () => {
    const server = await startEmulator({
      limits: "off",
      faults: [{ path: "/processor_runs", drop: true, count: 1 }],
    });
    try {
      await expect(fetch(`${server.url}/processor_runs`, { headers: AUTH })).rejects.toThrow(TypeError);
      const ok = await fetch(`${server.url}/processor_runs`, { headers: AUTH });
      expect(ok.status).toBe(200);
    } finally {
      await server.stop();
    }
  });
});
