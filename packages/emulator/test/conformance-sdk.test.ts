// Drives the CLI server over 127.0.0.1 with the official SDK for API 2025-04-21 (extend-ai 0.0.12):
// every call must succeed and every documented field must be present.
import { Extend, ExtendClient } from "extend-ai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmulatorAdmin } from "../src/admin/index.js";
import { type SpawnedEmulator, spawnEmulator } from "../src/process.js";
import { SUMMARY_FIELDS } from "./support/summary-fields.js";

const RUN_FIELDS = [
  "object",
  "id",
  "processorId",
  "processorVersionId",
  "processorName",
  "status",
  "output",
  "initialOutput",
  "reviewed",
  "edited",
  "edits",
  "type",
  "config",
  "files",
  "mergedProcessors",
  "url",
  "usage",
] as const;
const FILE_FIELDS = [
  "object",
  "id",
  "name",
  "type",
  "presignedUrl",
  "metadata",
  "createdAt",
  "updatedAt",
  "usage",
] as const;
const BATCH_FIELDS = [
  "object",
  "id",
  "processorId",
  "processorVersionId",
  "processorName",
  "metrics",
  "status",
  "source",
  "sourceId",
  "runCount",
  "options",
  "createdAt",
  "updatedAt",
] as const;

let cli: SpawnedEmulator;
let client: ExtendClient;

beforeAll(async () => {
  cli = await spawnEmulator({
    args: ["--port", "0", "--latency", "instant", "--seed", "3", "--limits", "off"],
  });
  client = new ExtendClient({ token: "sk_test_emulator", baseUrl: cli.url });
});
afterAll(async () => {
  expect(await cli.stop()).toBe(0);
});

function expectFields(object: object, fields: readonly string[]) {
  for (const field of fields) expect(object, `missing ${field}`).toHaveProperty(field);
}

async function listAll(request: Extend.ProcessorRunListRequest) {
  const runs: Extend.ProcessorRunListResponse["processorRuns"] = [];
  let nextPageToken: string | undefined;
  let pages = 0;
  do {
    const page = await client.processorRun.list({ ...request, ...(nextPageToken ? { nextPageToken } : {}) });
    expect(page.success).toBe(true);
    runs.push(...page.processorRuns);
    nextPageToken = page.nextPageToken ?? undefined;
    pages++;
  } while (nextPageToken && pages < 100);
  return { runs, pages };
}

describe("official SDK extend-ai@0.0.12 against the CLI server", () => {
  const created: Extend.ProcessorRun[] = [];
  let uploaded: Extend.File_;

  it("uploads, gets and lists files", async () => {
    const upload = await client.file.upload(
      new File(["Invoice Number: SDK-1\nVendor: Fern Inc\nTotal: 42.00\nCurrency: EUR"], "sdk-invoice.txt", {
        type: "text/plain",
      }),
    );
    expect(upload.success).toBe(true);
    uploaded = upload.file;
    expectFields(uploaded, FILE_FIELDS);
    expect(uploaded.id).toMatch(/^file_/);
    const got = await client.file.get(uploaded.id, { rawText: true });
    expect(got.file.contents?.rawText).toContain("SDK-1");
    const second = await client.file.upload(new File(["Total: 1"], "other.txt", { type: "text/plain" }));
    const list = await client.file.list({ nameContains: "sdk-", sortDir: "asc", maxPageSize: 1 });
    expect(list.files.map((file) => file.id)).toEqual([uploaded.id]);
    const all: string[] = [];
    let token: string | undefined;
    do {
      const page = await client.file.list({
        maxPageSize: 1,
        sortDir: "desc",
        ...(token ? { nextPageToken: token } : {}),
      });
      all.push(...page.files.map((file) => file.id));
      token = page.nextPageToken ?? undefined;
    } while (token);
    expect(all).toEqual([second.file.id, uploaded.id]);
  });

  it("creates runs (file, rawText, sync, priority, metadata, version, config) and gets them", async () => {
    const fromFile = await client.processorRun.create({
      processorId: "dp_invoice_extractor",
      file: { fileId: uploaded.id },
      sync: true,
      priority: 10,
      metadata: { "extend:usage_tags": ["sdk test"], ticket: "T-1" },
    });
    expect(fromFile.success).toBe(true);
    const run = fromFile.processorRun;
    expectFields(run, RUN_FIELDS);
    expect(run.status).toBe("PROCESSED");
    expect(run.metadata).toEqual({ "extend:usage_tags": ["sdktest"], ticket: "T-1" });
    expect(run.files[0]?.id).toBe(uploaded.id);
    expect((run.output as { value: Record<string, unknown> }).value["invoice_number"]).toBe("SDK-1");
    created.push(run);
    const texts = [
      ["dp_document_classifier", "RECEIPT\nThanks for shopping"],
      ["dp_packet_splitter", "INVOICE 1\fRECEIPT 2"],
      ["dp_invoice_extractor", "no text here extendkit-fail"],
      ["dp_invoice_extractor", "Invoice Number: draft-1"],
    ] as const;
    for (const [processorId, rawText] of texts) {
      const response = await client.processorRun.create({
        processorId,
        rawText,
        sync: true,
        ...(rawText.includes("draft") ? { version: "draft" } : {}),
      });
      created.push(response.processorRun);
    }
    const withConfig = await client.processorRun.create({
      processorId: "dp_document_classifier",
      rawText: "CONTRACT between parties",
      version: "1.0",
      config: {
        type: "CLASSIFY",
        classifications: [{ id: "contract", type: "contract", description: "A contract" }],
      },
      sync: true,
    });
    created.push(withConfig.processorRun);
    const stuck = await client.processorRun.create({
      processorId: "dp_invoice_extractor",
      rawText: "Total: 1 extendkit-stuck",
    });
    expect(stuck.processorRun.status).toBe("PROCESSING");
    created.push(stuck.processorRun);
    expect(created.map((r) => r.status)).toEqual([
      "PROCESSED",
      "PROCESSED",
      "PROCESSED",
      "FAILED",
      "PROCESSED",
      "PROCESSED",
      "PROCESSING",
    ]);
    expect(created[3]?.failureReason).toBe("PROCESSING_ERROR");
    expect(created[3]?.failureMessage).toEqual(expect.any(String));
    for (const run of created) {
      const got = await client.processorRun.get(run.id);
      expectFields(got.processorRun, RUN_FIELDS);
      expect(got.processorRun.id).toBe(run.id);
    }
  });

  it("cancels a processing run", async () => {
    const stuck = created[6]!;
    const cancelled = await client.processorRun.cancel(stuck.id);
    expect(cancelled.processorRun.status).toBe("CANCELLED");
    expectFields(cancelled.processorRun, RUN_FIELDS);
    await expect(client.processorRun.cancel(stuck.id)).rejects.toBeInstanceOf(Extend.BadRequestError);
  });

  it("lists with every filter, both sort orders and pagination across pages", async () => {
    const everything = await listAll({ maxPageSize: 2 });
    expect(everything.runs).toHaveLength(7);
    expect(everything.pages).toBe(4);
    for (const run of everything.runs) expectFields(run, SUMMARY_FIELDS);
    const ascending = await listAll({ sortBy: "createdAt", sortDir: "asc", maxPageSize: 3 });
    expect(ascending.runs.map((run) => run.id)).toEqual(created.map((run) => run.id));
    const descending = await listAll({ sortBy: "createdAt", sortDir: "desc", maxPageSize: 3 });
    expect(descending.runs.map((run) => run.id)).toEqual(created.map((run) => run.id).reverse());
    const byUpdated = await listAll({ sortBy: "updatedAt", sortDir: "asc", maxPageSize: 2 });
    expect(byUpdated.runs.at(-1)?.id).toBe(created[6]!.id);
    expect((await listAll({ status: "FAILED" })).runs.map((r) => r.id)).toEqual([created[3]!.id]);
    expect((await listAll({ status: "CANCELLED" })).runs.map((r) => r.id)).toEqual([created[6]!.id]);
    expect((await listAll({ processorId: "dp_document_classifier", maxPageSize: 1 })).runs).toHaveLength(2);
    expect((await listAll({ processorType: "SPLITTER" })).runs.map((r) => r.id)).toEqual([created[2]!.id]);
    expect((await listAll({ source: "API", maxPageSize: 5 })).runs).toHaveLength(7);
    expect((await listAll({ source: "STUDIO" })).runs).toHaveLength(0);
    expect((await listAll({ sourceId: "workflow_run_x" })).runs).toHaveLength(0);
    expect((await listAll({ fileNameContains: "SDK-INV" })).runs.map((r) => r.id)).toEqual([created[0]!.id]);
  });

  it("gets a batch processor run created through the admin API", async () => {
    const batchProcessorRun = await new EmulatorAdmin(cli.url).createBatchRun({
      processorId: "dp_invoice_extractor",
      runIds: [created[0]!.id, created[3]!.id],
    });
    const batch = await client.batchProcessorRun.get(batchProcessorRun.id);
    expect(batch.success).toBe(true);
    expectFields(batch.batchProcessorRun, BATCH_FIELDS);
    expect(batch.batchProcessorRun.metrics).toMatchObject({ numFiles: 2, type: "EXTRACT" });
    expect(batch.batchProcessorRun.runCount).toBe(2);
  });

  it("deletes runs and files", async () => {
    const run = created[1]!;
    const deleted = await client.processorRun.delete(run.id);
    expect(deleted).toMatchObject({ success: true, documentProcessorRunId: run.id });
    await expect(client.processorRun.get(run.id)).rejects.toBeInstanceOf(Extend.NotFoundError);
    const file = await client.file.delete(uploaded.id);
    expect(file).toMatchObject({ success: true, fileId: uploaded.id });
    await expect(client.file.get(uploaded.id)).rejects.toBeInstanceOf(Extend.NotFoundError);
  });

  it("maps errors to the SDK's classes", async () => {
    await expect(
      client.processorRun.create({ processorId: "dp_missing", rawText: "x" }),
    ).rejects.toBeInstanceOf(Extend.NotFoundError);
    await expect(
      client.processorRun.create({ processorId: "dp_invoice_extractor", rawText: "x", priority: 0 }),
    ).rejects.toBeInstanceOf(Extend.BadRequestError);
    const wrongKey = new ExtendClient({ token: "nope", baseUrl: cli.url });
    await expect(wrongKey.processorRun.list()).rejects.toBeInstanceOf(Extend.UnauthorizedError);
  });

  it("the journal shows each create exactly once", async () => {
    const journal = await new EmulatorAdmin(cli.url).journal();
    const creates = journal.filter((r) => r.method === "POST" && r.path === "/processor_runs" && r.runId);
    expect(creates.map((r) => r.runId)).toEqual(created.map((run) => run.id));
    expect(creates[0]?.headers["x-fern-sdk-name"]).toBe("extend-ai");
    expect(creates[0]?.headers["authorization"]).toBe("Bearer [redacted]");
  });
});
