import { describe, expect, it } from "vitest";
import { EmulatorAdmin, EmulatorAdminError } from "../src/admin/index.js";
import {
  createEmulator,
  DEFAULT_API_KEY,
  DEFAULT_PROCESSORS,
  type ProcessorDefinition,
} from "../src/index.js";
import { AUTH, INVOICE_TEXT, TestApi, virtualEmulator } from "./support/api.js";

describe("admin: health, reset, clock", () => {
  it("health lists the three default processors", async () => {
    const { api } = virtualEmulator();
    const body = await api.admin.health();
    expect(body.ok).toBe(true);
    expect(body.apiVersion).toBe("2025-04-21");
    expect(body.processors).toEqual(
      expect.arrayContaining([
        { id: DEFAULT_PROCESSORS.invoiceExtractor, name: expect.any(String), type: "EXTRACT" },
        { id: DEFAULT_PROCESSORS.classifier, name: expect.any(String), type: "CLASSIFY" },
        { id: DEFAULT_PROCESSORS.splitter, name: expect.any(String), type: "SPLITTER" },
      ]),
    );
  });

  it("reset drops runs, files, journal, faults and usage but keeps processors", async () => {
    const { api } = virtualEmulator();
    await api.admin.registerProcessor({
      id: "dp_custom",
      name: "Custom",
      type: "CLASSIFY",
      config: { classifications: [{ id: "a", type: "a", description: "A" }] },
    });
    await api.createRun({ processorId: "dp_custom", rawText: "a" });
    await api.upload("Total: 1", "x.txt");
    await api.admin.addFaults({ path: "/nothing", status: 500 });
    await api.admin.reset();
    expect((await api.json("GET", "/processor_runs")).body["processorRuns"]).toEqual([]);
    expect((await api.json("GET", "/files")).body["files"]).toEqual([]);
    expect(await api.admin.faults()).toEqual([]);
    const requests = await api.admin.journal();
    expect(requests.map((r) => r.path)).toEqual(["/processor_runs", "/files"]);
    expect((await api.admin.usage()).total).toEqual({ runs: 0, credits: 0 });
    expect((await api.createRun({ processorId: "dp_custom", rawText: "a" }))["processorName"]).toBe("Custom");
  });

  it("clock/advance moves the virtual clock; 400 on the real clock or a bad ms", async () => {
    const { emulator, api } = virtualEmulator({ latency: { minMs: 500, maxMs: 500 } });
    const run = await api.createRun({ processorId: "dp_invoice_extractor", rawText: "Total: 1" });
    const before = emulator.clock.now();
    expect(await api.admin.advanceClock(500)).toBe(before + 500);
    expect(await api.admin.clock()).toEqual({ virtual: true, now: before + 500 });
    expect((await api.getRun(run["id"]))["status"]).toBe("PROCESSED");
    await expect(api.admin.advanceClock(-1)).rejects.toMatchObject({ status: 400 });
    const real = new TestApi(createEmulator({ limits: "off" }));
    const refused = await real.admin.advanceClock(10).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(EmulatorAdminError);
    expect(refused).toMatchObject({ status: 400, body: { message: expect.stringContaining("virtual") } });
    await expect(real.emulator.clock.advance(5)).rejects.toThrow("virtual");
  });
});

describe("admin: processors", () => {
  it("registers a processor with draft and 1.0 versions", async () => {
    const { emulator, api } = virtualEmulator({ latency: "instant" });
    const processor = await api.admin.registerProcessor({
      name: "PO extractor",
      type: "EXTRACT",
      config: { schema: { type: "object", properties: { po_number: { type: ["string", "null"] } } } },
      draftConfig: {
        schema: {
          type: "object",
          properties: { po_number: { type: ["string", "null"] }, buyer: { type: ["string", "null"] } },
        },
      },
    });
    expect(processor.id).toMatch(/^dp_/);
    expect(processor.versions.map((v) => v.version)).toEqual(["draft", "1.0"]);
    const listed = await api.admin.processors();
    expect(listed.map((p) => p.id)).toContain(processor.id);
    expect(listed).toHaveLength(4);
    const published = await api.createRun({
      processorId: processor.id,
      rawText: "PO Number: 77\nBuyer: Bob",
    });
    const draft = await api.createRun({
      processorId: processor.id,
      rawText: "PO Number: 77\nBuyer: Bob",
      version: "draft",
    });
    await emulator.clock.advance(0);
    expect(Object.keys((await api.getRun(published["id"]))["output"]["value"])).toEqual(["po_number"]);
    expect((await api.getRun(draft["id"]))["output"]["value"]).toMatchObject({
      po_number: "77",
      buyer: "Bob",
    });
  });

  it("rejects invalid definitions naming the field", async () => {
    const { api } = virtualEmulator();
    for (const [definition, field] of [
      [{ type: "EXTRACT", config: {} }, "name"],
      [{ name: "x", type: "PARSE", config: {} }, "type"],
      [{ name: "x", type: "CLASSIFY", config: [] }, "config"],
      [{ name: "x", type: "CLASSIFY", config: { type: "EXTRACT" } }, "config.type"],
      [{ name: "x", type: "CLASSIFY", config: {} }, "classifications"],
    ] as const) {
      const refused = await api.admin
        .registerProcessor(definition as unknown as ProcessorDefinition)
        .catch((error: unknown) => error);
      expect(refused, JSON.stringify(definition)).toMatchObject({ status: 400 });
      expect((refused as EmulatorAdminError).message).toContain(field);
    }
  });

  it("options.processors registers at creation", async () => {
    const emulator = createEmulator({
      limits: "off",
      processors: [
        {
          id: "dp_split2",
          name: "Splitter 2",
          type: "SPLITTER",
          config: { splitClassifications: [{ id: "a", type: "a", description: "A" }] },
        },
      ],
    });
    const health = await new EmulatorAdmin("http://x", { fetch: emulator.fetch }).health();
    expect(health.processors.map((p) => p.id)).toContain("dp_split2");
    await emulator.close();
  });
});

describe("journal and usage", () => {
  it("journals every API request with Authorization redacted and what creates made", async () => {
    const { api } = virtualEmulator();
    const upload = await (await api.upload("Total: 1", "journal.txt")).json();
    const run = await api.createRun({
      processorId: "dp_invoice_extractor",
      file: { fileId: upload.file.id },
    });
    const listed = await api.request("GET", "/processor_runs?status=PROCESSING");
    await api.request("GET", "/processor_runs", undefined, { authorization: "Bearer wrong-key-123" });
    const entries = await api.admin.journal();
    expect(entries).toHaveLength(4);
    expect(entries[0]).toMatchObject({
      seq: 1,
      method: "POST",
      path: "/files/upload",
      status: 200,
      fileId: upload.file.id,
      fileName: "journal.txt",
    });
    expect(entries[1]).toMatchObject({
      method: "POST",
      path: "/processor_runs",
      runId: run["id"],
      fileId: upload.file.id,
    });
    expect(entries[2]).toMatchObject({
      method: "GET",
      query: { status: "PROCESSING" },
      requestId: listed.headers.get("x-request-id"),
    });
    expect(entries[3]).toMatchObject({ status: 401 });
    for (const entry of entries) {
      expect(typeof entry.at).toBe("string");
      expect(entry.headers.authorization).toBe("Bearer [redacted]");
    }
    const text = JSON.stringify(entries);
    expect(text).not.toContain(DEFAULT_API_KEY);
    expect(text).not.toContain("wrong-key-123");
    expect(entries[0]!.headers["x-extend-api-version"]).toBe(AUTH["x-extend-api-version"]);
  });

  it("lists requests in arrival order even when an earlier one (sync create) answers last", async () => {
    const { emulator, api } = virtualEmulator({ latency: { minMs: 1000, maxMs: 1000 } });
    const pending = api.createRun({ processorId: "dp_invoice_extractor", rawText: "Total: 1", sync: true });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await api.request("GET", "/files");
    await emulator.clock.advance(1000);
    const run = await pending;
    const entries = await api.admin.journal();
    expect(entries.map((e) => e.path)).toEqual(["/processor_runs", "/files"]);
    expect(entries[0]).toMatchObject({ seq: 1, runId: run["id"] });
    expect(entries[1]).toMatchObject({ seq: 2 });
    expect(Date.parse(entries[0]!.at)).toBeLessThan(
      Date.parse((await api.getSummary(run["id"]))["updatedAt"]),
    );
  });

  it("counts runs per usage tag on create and credits when processed", async () => {
    const { emulator, api } = virtualEmulator({ latency: { minMs: 100, maxMs: 100 } });
    const tagged = await api.createRun({
      processorId: "dp_invoice_extractor",
      rawText: INVOICE_TEXT,
      metadata: { "extend:usage_tags": ["team-a", "prod!"] },
    });
    await api.createRun({
      processorId: "dp_invoice_extractor",
      rawText: INVOICE_TEXT,
      metadata: { "extend:usage_tags": ["team-a"] },
    });
    await api.createRun({ processorId: "dp_invoice_extractor", rawText: INVOICE_TEXT });
    let usage = await api.admin.usage();
    expect(usage.tags).toEqual({ prod: { runs: 1, credits: 0 }, "team-a": { runs: 2, credits: 0 } });
    expect(usage.untagged).toEqual({ runs: 1, credits: 0 });
    expect(usage.total).toEqual({ runs: 3, credits: 0 });
    await emulator.clock.advance(100);
    const credits = (await api.getRun(tagged["id"]))["usage"]["credits"];
    expect(credits).toBeGreaterThan(0);
    usage = await api.admin.usage();
    expect(usage.tags["team-a"]).toEqual({ runs: 2, credits: credits * 2 });
    expect(usage.tags["prod"]).toEqual({ runs: 1, credits });
    expect(usage.total).toEqual({ runs: 3, credits: credits * 3 });
  });
});

describe("batch processor runs", () => {
  it("creates a batch over runs and computes metrics per type", async () => {
    const { emulator, api } = virtualEmulator({ latency: { minMs: 200, maxMs: 200 } });
    const runs = [];
    for (const text of [INVOICE_TEXT, "Invoice Number: 2\nTotal: 3", "Vendor: Solo"]) {
      runs.push(await api.createRun({ processorId: "dp_invoice_extractor", rawText: text }));
    }
    const created = await api.admin.createBatchRun({
      processorId: "dp_invoice_extractor",
      runIds: runs.map((run) => run["id"]),
      options: { fuzzyMatchFields: ["vendor"] },
    });
    const batchId = created.id;
    expect(batchId).toMatch(/^bpr_/);
    expect(created.status).toBe("PROCESSING");
    await emulator.clock.advance(200);
    const { status, body } = await api.json("GET", `/batch_processor_runs/${batchId}`);
    expect(status).toBe(200);
    const batch = body["batchProcessorRun"];
    expect(batch).toMatchObject({
      object: "batch_processor_run",
      id: batchId,
      processorId: "dp_invoice_extractor",
      status: "PROCESSED",
      source: "STUDIO",
      sourceId: "dp_invoice_extractor",
      runCount: 3,
      options: { fuzzyMatchFields: ["vendor"] },
    });
    expect(batch.processorVersionId).toMatch(/^dpv_/);
    expect(batch.metrics).toMatchObject({ numFiles: 3, numPages: 3, type: "EXTRACT", meanRunTimeMs: 200 });
    expect(batch.metrics.fieldMetrics.invoice_number.meanConfidence).toBeGreaterThan(0);
    expect(batch.metrics.fieldMetrics).toHaveProperty("vendor");
  });

  it("classify and splitter metrics", async () => {
    const { emulator, api } = virtualEmulator({ latency: "instant" });
    const classify = [
      await api.createRun({
        processorId: "dp_document_classifier",
        rawText: "INVOICE\nInvoice Number: 1\nTotal due: 5",
      }),
      await api.createRun({
        processorId: "dp_document_classifier",
        rawText: "RECEIPT\nThank you for your purchase",
      }),
    ];
    const split = await api.createRun({
      processorId: "dp_packet_splitter",
      rawText: "INVOICE 1\fRECEIPT\fCONTRACT agreement",
    });
    await emulator.clock.advance(0);
    const c = await api.admin.createBatchRun({
      processorId: "dp_document_classifier",
      runIds: classify.map((run) => run["id"]),
      source: "EVAL_SET",
      sourceId: "ev_123",
    });
    const cm = c.metrics;
    expect(cm.type).toBe("CLASSIFY");
    expect(Object.values(cm.distribution as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(2);
    expect(cm.meanConfidence).toBeGreaterThan(0);
    expect(c).toMatchObject({ source: "EVAL_SET", sourceId: "ev_123" });
    const s = await api.admin.createBatchRun({
      processorId: "dp_packet_splitter",
      runIds: [split["id"]],
    });
    expect(s.metrics).toMatchObject({ type: "SPLITTER", numPages: 3 });
    expect(s.metrics["numPredictedDocs"]).toBeGreaterThan(0);
  });

  it("validates the batch request and 404s unknown batch ids", async () => {
    const { api } = virtualEmulator();
    await expect(api.admin.createBatchRun({ processorId: "dp_nope", runIds: [] })).rejects.toMatchObject({
      status: 404,
    });
    const bad = await api.admin
      .createBatchRun({ processorId: "dp_invoice_extractor", runIds: ["dpr_x"] })
      .catch((error: unknown) => error);
    expect(bad).toMatchObject({ status: 400 });
    expect((bad as EmulatorAdminError).message).toContain("runIds");
    expect((await api.json("GET", "/batch_processor_runs/bpr_missing")).status).toBe(404);
  });
});
