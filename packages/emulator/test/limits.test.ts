import { afterEach, describe, expect, it } from "vitest";
import { EmulatorAdmin } from "../src/admin/index.js";
import type { Emulator, EmulatorOptions } from "../src/index.js";
import { AUTH, BASE, INVOICE_TEXT, type Loose, type TestApi, virtualEmulator } from "./support/api.js";

const open: Emulator[] = [];
afterEach(async () => {
  for (const emulator of open.splice(0)) await emulator.close();
});

function start(options: EmulatorOptions): { emulator: Emulator; api: TestApi } {
  const made = virtualEmulator({ latency: "instant", ...options });
  open.push(made.emulator);
  return made;
}

/** The typed admin client of an in-process emulator. */
function adminOf(emulator: Emulator): EmulatorAdmin {
  return new EmulatorAdmin(BASE, { fetch: emulator.fetch });
}

async function limitsView(emulator: Emulator): Promise<Loose> {
  return (await adminOf(emulator).limits()) as Loose;
}

/** Sends `count` requests at once (the virtual clock does not move in between) and returns them. */
async function burst(count: number, send: (i: number) => Promise<Response>): Promise<Response[]> {
  return Promise.all(Array.from({ length: count }, (_, i) => send(i)));
}

const statuses = (responses: Response[]) => responses.map((r) => r.status);
const count = (responses: Response[], status: number) =>
  statuses(responses).filter((s) => s === status).length;

describe("plan limits: request buckets", () => {
  it("PAYG answers 10 GETs of a burst of 30 and refuses 20 with 429, Retry-After and the error body", async () => {
    const { emulator, api } = start({ limits: "payg" });
    const responses = await burst(30, () => api.request("GET", "/processor_runs"));
    expect(count(responses, 200)).toBe(10);
    expect(count(responses, 429)).toBe(20);
    const refused = responses.find((r) => r.status === 429)!;
    expect(refused.headers.get("retry-after")).toBe("1");
    const body = (await refused.json()) as Loose;
    expect(body).toMatchObject({ success: false, code: "RATE_LIMIT_EXCEEDED", retryable: true });
    expect(body["error"]).toMatch(/at most 10 GET requests per second per API key/);
    const view = await limitsView(emulator);
    expect(view).toMatchObject({ plan: "payg", enabled: true });
    expect(view["counts"]).toEqual({
      get: { answered: 10, refused: 20 },
      write: { answered: 0, refused: 0 },
      run: { answered: 0, refused: 0 },
    });
    const journal = await adminOf(emulator).journal();
    expect(journal.filter((r) => r.rateLimited === "get")).toHaveLength(20);
  });

  it("refills on the emulator clock: one token per 100 ms at 10 req/s", async () => {
    const { emulator, api } = start({ limits: "payg" });
    await burst(10, () => api.request("GET", "/files"));
    expect((await api.request("GET", "/files")).status).toBe(429);
    await emulator.clock.advance(100);
    expect(statuses(await burst(2, () => api.request("GET", "/files")))).toEqual([200, 429]);
    await emulator.clock.advance(1000);
    expect(count(await burst(12, () => api.request("GET", "/files")), 200)).toBe(10);
  });

  it("keeps GET, WRITE and RUN apart, and maps each endpoint to its category", async () => {
    const { emulator, api } = start({ limits: "payg", processingSlots: 100 });
    await burst(10, () => api.request("GET", "/processor_runs"));
    expect((await api.request("GET", "/processor_runs/dpr_missing")).status).toBe(429);
    expect((await api.request("GET", "/batch_processor_runs/bpr_missing")).status).toBe(429);
    expect((await api.request("GET", "/files/file_missing")).status).toBe(429);
    // WRITE and RUN still have full buckets.
    const runs = await burst(10, (i) =>
      api.request("POST", "/processor_runs", { processorId: "dp_invoice_extractor", rawText: `n ${i}` }),
    );
    expect(count(runs, 200)).toBe(10);
    expect((await api.upload("text", "a.txt")).status).toBe(200);
    const ids = await Promise.all(runs.map(async (r) => ((await r.json()) as Loose)["processorRun"]["id"]));
    const writes = await burst(9, (i) => api.request("DELETE", `/processor_runs/${ids[i]}`));
    expect(count(writes, 200)).toBe(9);
    expect((await api.request("POST", `/processor_runs/${ids[9]}/cancel`)).status).toBe(429);
    expect((await api.upload("text", "b.txt")).status).toBe(429);
    expect((await limitsView(emulator))["counts"]).toEqual({
      get: { answered: 10, refused: 3 },
      write: { answered: 10, refused: 2 },
      run: { answered: 10, refused: 0 },
    });
  });

  it("creates nothing when a create or an upload is refused", async () => {
    const { emulator, api } = start({ limits: "payg" });
    const creates = await burst(15, (i) =>
      api.request("POST", "/processor_runs", {
        processorId: "dp_invoice_extractor",
        rawText: `${INVOICE_TEXT} ${i}`,
      }),
    );
    expect(count(creates, 429)).toBe(5);
    const uploads = await burst(12, (i) => api.upload(`file ${i}`, `f${i}.txt`));
    expect(count(uploads, 429)).toBe(2);
    await adminOf(emulator).resetLimits();
    const runs = await api.json("GET", "/processor_runs?maxPageSize=100");
    expect(runs.body["processorRuns"]).toHaveLength(10);
    const files = await api.json("GET", "/files?maxPageSize=100");
    expect(files.body["files"]).toHaveLength(10);
  });

  it("gives every API key its own buckets, and never shows a key in the admin view", async () => {
    const keys = ["sk_test_alpha_secret", "sk_test_beta_secret"];
    const { emulator, api } = start({ limits: "payg", apiKeys: keys });
    const as = (key: string) => ({ ...AUTH, authorization: `Bearer ${key}` });
    const alpha = await burst(11, () => api.request("GET", "/files", undefined, as(keys[0]!)));
    const beta = await burst(11, () => api.request("GET", "/files", undefined, as(keys[1]!)));
    expect([count(alpha, 429), count(beta, 429)]).toEqual([1, 1]);
    const view = await limitsView(emulator);
    expect(view["keys"].map((k: Loose) => [k["index"], k["buckets"]["get"]["tokens"]])).toEqual([
      [0, 0],
      [1, 0],
    ]);
    expect(JSON.stringify(view)).not.toContain("secret");
  });

  it("applies scale, enterprise and custom rates; off never refuses but still counts", async () => {
    for (const [limits, answered] of [
      ["scale", 25],
      ["enterprise", 75],
      [{ requestsPerSecond: { get: 3, write: 1, run: 1 }, filesPerMinute: 5 }, 3],
      [{ plan: "payg", burst: 20 }, 20],
    ] as const) {
      const { api } = start({ limits });
      expect(count(await burst(100, () => api.request("GET", "/files")), 200)).toBe(answered);
    }
    const { emulator, api } = start({ limits: "off" });
    expect(count(await burst(100, () => api.request("GET", "/files")), 200)).toBe(100);
    const view = await limitsView(emulator);
    expect(view).toMatchObject({ plan: "off", enabled: false, limits: null, keys: [] });
    expect(view["counts"]["get"]).toEqual({ answered: 100, refused: 0 });
  });

  it("does not spend tokens on unauthenticated requests or admin routes", async () => {
    const { emulator, api } = start({ limits: "payg" });
    await burst(20, () => api.request("GET", "/files", undefined, { "x-extend-api-version": "2025-04-21" }));
    await burst(20, () => emulator.fetch(`${BASE}/_emulator/health`));
    expect(count(await burst(10, () => api.request("GET", "/files")), 200)).toBe(10);
  });

  it("POST /_emulator/limits/reset refills buckets and zeroes counters; reset() does too", async () => {
    const { emulator, api } = start({ limits: "payg" });
    await burst(12, () => api.request("GET", "/files"));
    const after = (await adminOf(emulator).resetLimits()) as Loose;
    expect(after["counts"]["get"]).toEqual({ answered: 0, refused: 0 });
    expect(after["keys"][0]["buckets"]["get"]).toEqual({ tokens: 10, capacity: 10, ratePerSecond: 10 });
    await burst(12, () => api.request("GET", "/files"));
    emulator.reset();
    expect(count(await burst(10, () => api.request("GET", "/files")), 200)).toBe(10);
  });
});

describe("plan limits: admin client", () => {
  it("reads and resets the limits through EmulatorAdmin", async () => {
    const { emulator, api } = start({ limits: "payg" });
    const admin = new EmulatorAdmin("http://emulator.test", { fetch: emulator.fetch });
    await burst(11, () =>
      api.request("POST", "/processor_runs", { processorId: "dp_invoice_extractor", rawText: "x" }),
    );
    const view = await admin.limits();
    expect(view.counts.run).toEqual({ answered: 10, refused: 1 });
    expect(view.keys[0]?.buckets.run).toEqual({ tokens: 0, capacity: 10, ratePerSecond: 10 });
    expect(view.keys[0]?.files).toMatchObject({ used: 10, limit: 80, windowMs: 60_000, pending: 0 });
    expect((await admin.journal()).filter((entry) => entry.rateLimited === "run")).toHaveLength(1);
    expect((await admin.resetLimits()).counts.run).toEqual({ answered: 0, refused: 0 });
  });
});
