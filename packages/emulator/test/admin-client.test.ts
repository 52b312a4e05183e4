import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmulatorAdmin, EmulatorAdminError } from "../src/admin/index.js";
import { createEmulator, type Emulator, type StartedEmulator, startEmulator } from "../src/index.js";
import { AUTH, INVOICE_TEXT } from "./support/api.js";

const CUSTOM = {
  id: "dp_admin_client",
  name: "Admin client classifier",
  type: "CLASSIFY",
  config: { classifications: [{ id: "a", type: "a", description: "A" }] },
} as const;

/** Creates a tagged run through the public API (with the given fetch) and returns its id. */
async function createRun(fetch: Emulator["fetch"], baseUrl: string, tag: string): Promise<string> {
  const response = await fetch(`${baseUrl}/processor_runs`, {
    method: "POST",
    headers: { ...AUTH, "content-type": "application/json" },
    body: JSON.stringify({
      processorId: "dp_invoice_extractor",
      rawText: INVOICE_TEXT,
      metadata: { "extend:usage_tags": [tag] },
    }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { processorRun: { id: string } }).processorRun.id;
}

/** Every admin route through the client, against an emulator reached by `fetch` at `baseUrl`. */
async function exerciseEveryRoute(admin: EmulatorAdmin, fetch: Emulator["fetch"], virtual: boolean) {
  const health = await admin.health();
  expect(health.ok).toBe(true);
  expect(health.apiVersion).toBe("2025-04-21");
  expect(health.processors.map((p) => p.id)).toContain("dp_invoice_extractor");

  const processor = await admin.registerProcessor(CUSTOM);
  expect(processor).toMatchObject({ object: "document_processor", id: CUSTOM.id, type: "CLASSIFY" });
  expect(processor.versions.map((v) => v.version)).toEqual(["draft", "1.0"]);
  expect((await admin.processors()).map((p) => p.id)).toContain(CUSTOM.id);

  const ids = await admin.addFaults({ method: "GET", path: "/files", status: 503, count: 1 });
  const more = await admin.addFaults([
    { path: "/nothing", status: 500 },
    { path: "/never", drop: true },
  ]);
  expect(ids).toHaveLength(1);
  expect(more).toHaveLength(2);
  const faults = await admin.faults();
  expect(faults.map((f) => f.id)).toEqual([...ids, ...more]);
  expect(faults[0]).toMatchObject({ method: "GET", path: "/files", status: 503, remaining: 1 });
  const faulted = await fetch(`${admin.baseUrl}/files`, { headers: AUTH });
  expect(faulted.status).toBe(503);
  await admin.clearFaults();
  expect(await admin.faults()).toEqual([]);

  const runId = await createRun(fetch, admin.baseUrl, "team-a");
  const journal = await admin.journal();
  expect(journal.map((entry) => [entry.method, entry.path, entry.status])).toEqual([
    ["GET", "/files", 503],
    ["POST", "/processor_runs", 200],
  ]);
  expect(journal[0]?.fault).toBe("status:503");
  expect(journal[1]).toMatchObject({ seq: 2, runId, headers: { authorization: "Bearer [redacted]" } });
  expect((await admin.usage()).tags).toMatchObject({ "team-a": { runs: 1 } });

  const batch = await admin.createBatchRun({ processorId: "dp_invoice_extractor", runIds: [runId] });
  expect(batch).toMatchObject({ object: "batch_processor_run", runCount: 1, source: "STUDIO" });
  expect(batch.id).toMatch(/^bpr_/);
  expect(batch.metrics.type).toBe("EXTRACT");

  const clock = await admin.clock();
  expect(clock.virtual).toBe(virtual);
  if (virtual) {
    expect(await admin.advanceClock(250)).toBe(clock.now + 250);
  } else {
    const refused = await admin.advanceClock(10).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(EmulatorAdminError);
    expect(refused).toMatchObject({ status: 400, method: "POST", path: "/_emulator/clock/advance" });
    expect((refused as Error).message).toContain("virtual");
  }

  await admin.clearJournal();
  expect(await admin.journal()).toEqual([]);
  await admin.reset();
  expect((await admin.usage()).total).toEqual({ runs: 0, credits: 0 });
  expect((await admin.processors()).map((p) => p.id)).toContain(CUSTOM.id);
}

describe("EmulatorAdmin in process (the emulator's fetch)", () => {
  it("covers every admin route", async () => {
    const emulator = createEmulator({ clock: "virtual", latency: "instant", limits: "off" });
    try {
      const admin = new EmulatorAdmin("http://emulator.test/", { fetch: emulator.fetch });
      expect(admin.baseUrl).toBe("http://emulator.test");
      await exerciseEveryRoute(admin, emulator.fetch, true);
    } finally {
      await emulator.close();
    }
  });

  it("throws EmulatorAdminError with the parsed body on 4xx", async () => {
    const emulator = createEmulator({ latency: "instant", limits: "off" });
    try {
      const admin = new EmulatorAdmin("http://emulator.test", { fetch: emulator.fetch });
      const error = await admin
        .createBatchRun({ processorId: "dp_nope", runIds: [] })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(EmulatorAdminError);
      expect(error).toMatchObject({ status: 404, body: { success: false } });
      const badRule = await admin.addFaults({ path: "/_emulator/health", status: 500 }).catch((e) => e);
      expect(badRule).toMatchObject({ status: 400 });
      expect((badRule as Error).message).toContain("path");
    } finally {
      await emulator.close();
    }
  });
});

describe("EmulatorAdmin over 127.0.0.1", () => {
  let server: StartedEmulator;
  beforeAll(async () => {
    server = await startEmulator({ latency: "instant", limits: "off" });
  });
  afterAll(() => server.stop());

  it("covers every admin route with the global fetch", async () => {
    const admin = new EmulatorAdmin(server.url);
    await exerciseEveryRoute(admin, (input, init) => fetch(input, init), false);
  });

  it("fileContent returns the uploaded bytes with their media type", async () => {
    const admin = new EmulatorAdmin(new URL(server.url));
    const form = new FormData();
    form.append("file", new File(["Invoice Number: ADMIN-1"], "admin.txt", { type: "text/plain" }));
    const upload = await fetch(`${server.url}/files/upload`, { method: "POST", headers: AUTH, body: form });
    const { file } = (await upload.json()) as { file: { id: string } };
    const blob = await admin.fileContent(file.id);
    expect(blob.type).toContain("text/plain");
    expect(await blob.text()).toBe("Invoice Number: ADMIN-1");
    await expect(admin.fileContent("file_missing")).rejects.toMatchObject({ status: 404 });
  });
});
