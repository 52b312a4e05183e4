import { afterAll, describe, expect, it } from "vitest";
import { virtualEmulator } from "./support/api.js";

const { emulator, api } = virtualEmulator();
afterAll(() => emulator.close());

async function rejects(body: unknown, field: string, status = 400) {
  const response = await api.json("POST", "/processor_runs", body);
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.body["message"]).toContain(field);
  expect(response.body["success"]).toBe(false);
  return response.body;
}

const base = { processorId: "dp_invoice_extractor", rawText: "Total: 10" };

describe("POST /processor_runs validation", () => {
  it("requires processorId", async () => {
    await rejects({ rawText: "x" }, "processorId");
    await rejects({ processorId: 42, rawText: "x" }, "processorId");
    await rejects({ processorId: "", rawText: "x" }, "processorId");
  });

  it("404 for an unknown processor", async () => {
    const body = await rejects({ processorId: "dp_missing", rawText: "x" }, "dp_missing", 404);
    expect(body["code"]).toBe("NOT_FOUND");
  });

  it("needs exactly one of file and rawText", async () => {
    await rejects({ processorId: "dp_invoice_extractor" }, "rawText");
    await rejects({ processorId: "dp_invoice_extractor", rawText: "a", file: { fileId: "file_x" } }, "file");
    await rejects({ processorId: "dp_invoice_extractor", rawText: 5 }, "rawText");
  });

  it("validates the file object", async () => {
    await rejects({ processorId: "dp_invoice_extractor", file: {} }, "file.fileId");
    await rejects({ processorId: "dp_invoice_extractor", file: "file_1" }, "file");
    await rejects({ processorId: "dp_invoice_extractor", file: { fileId: 1 } }, "file.fileId");
    await rejects({ processorId: "dp_invoice_extractor", file: { fileUrl: "not a url" } }, "file.fileUrl");
    await rejects(
      { processorId: "dp_invoice_extractor", file: { fileId: "file_a", fileUrl: "data:text/plain,x" } },
      "file.fileId",
    );
    await rejects(
      { processorId: "dp_invoice_extractor", file: { fileId: "file_a", fileName: 3 } },
      "file.fileName",
    );
    await rejects(
      { processorId: "dp_invoice_extractor", file: { fileId: "file_unknown" } },
      "file_unknown",
      404,
    );
  });

  it("checks priority is an integer from 1 to 100", async () => {
    for (const priority of [0, 101, 1.5, "10", -3]) await rejects({ ...base, priority }, "priority");
    expect((await api.createRun({ ...base, priority: 1 }))["status"]).toBe("PROCESSING");
    expect((await api.createRun({ ...base, priority: 100 }))["status"]).toBe("PROCESSING");
  });

  it("checks sync is a boolean", async () => {
    await rejects({ ...base, sync: "yes" }, "sync");
  });

  it("resolves version latest, draft and published numbers; 400 for unknown versions", async () => {
    const latest = await api.createRun({ ...base });
    const published = await api.createRun({ ...base, version: "1.0" });
    const draft = await api.createRun({ ...base, version: "draft" });
    expect(latest["processorVersionId"]).toMatch(/^dpv_/);
    expect(published["processorVersionId"]).toBe(latest["processorVersionId"]);
    expect(draft["processorVersionId"]).not.toBe(latest["processorVersionId"]);
    await rejects({ ...base, version: "9.9" }, "version");
    await rejects({ ...base, version: 2 }, "version");
  });

  it("requires config.type to match the processor type and validates the config", async () => {
    await rejects({ ...base, config: { type: "CLASSIFY", classifications: [] } }, "config.type");
    await rejects({ ...base, config: { schema: { type: "object", properties: {} } } }, "config.type");
    await rejects({ ...base, config: "EXTRACT" }, "config");
    const invalid = await api.json("POST", "/processor_runs", {
      processorId: "dp_document_classifier",
      rawText: "x",
      config: { type: "CLASSIFY" },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body["message"]).toContain("classifications");
    const ok = await api.createRun({
      processorId: "dp_document_classifier",
      rawText: "This is a receipt",
      config: {
        type: "CLASSIFY",
        classifications: [{ id: "receipt", type: "receipt", description: "A receipt" }],
      },
    });
    expect(ok["config"]["classifications"]).toHaveLength(1);
  });

  it("requires metadata to be an object and sanitises extend:usage_tags", async () => {
    await rejects({ ...base, metadata: ["a"] }, "metadata");
    await rejects({ ...base, metadata: "x" }, "metadata");
    await rejects({ ...base, metadata: { "extend:usage_tags": "prod" } }, "extend:usage_tags");
    await rejects({ ...base, metadata: { "extend:usage_tags": ["ok", 3] } }, "extend:usage_tags");
    const run = await api.createRun({
      ...base,
      metadata: {
        customer: { id: 7 },
        "extend:usage_tags": ["team eng", "prod!", "###", "customer-123_x", "é"],
      },
    });
    expect(run["metadata"]).toEqual({
      customer: { id: 7 },
      "extend:usage_tags": ["teameng", "prod", "customer-123_x"],
    });
  });
});
