import { DEFAULT_PROCESSORS, seedProcessorRuns } from "@extendkit/emulator";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  AuthenticationError,
  BadRequestError,
  NotFoundError,
  type ProcessorRun,
  type ProcessorRunSummary,
} from "../../src/index.js";
import { type Harness, startHarness } from "../helpers/emulator.js";

const { invoiceExtractor, classifier, splitter } = DEFAULT_PROCESSORS;
let h: Harness;

beforeEach(() => {
  h = startHarness();
});
afterEach(async () => {
  await h.close();
});

describe("processorRuns.create / get", () => {
  it("creates a run from raw text and gets it back with the same fields", async () => {
    const created = await h.client.processorRuns.create({
      processorId: invoiceExtractor,
      rawText: "Invoice INV-7 from Acme, total $10.00",
      metadata: { orderId: "o-1", "extend:usage_tags": ["team-a", "cust 9!"] },
      priority: 10,
    });
    expect(created).toMatchObject({
      object: "document_processor_run",
      processorId: invoiceExtractor,
      type: "EXTRACT",
      metadata: { orderId: "o-1" },
    });
    expect(created.id).toMatch(/^dpr_/);
    expect(["PENDING", "PROCESSING"]).toContain(created.status);
    // The server strips characters outside [A-Za-z0-9_-] from usage tags.
    expect(created.metadata?.["extend:usage_tags"]).toEqual(["team-a", "cust9"]);

    const done = await h.client.processorRuns.wait(created.id, { pollIntervalMs: 5 });
    const fetched = await h.client.processorRuns.get(done.id);
    expect(fetched).toEqual(done);
    expect(fetched.status).toBe("PROCESSED");
    if (fetched.type === "EXTRACT" && "value" in fetched.output) {
      expect(typeof fetched.output.value).toBe("object");
    } else {
      throw new Error("expected an EXTRACT run with a JSON-schema output");
    }
  });

  it("creates runs of every processor type, typed by `type`", async () => {
    const runs: ProcessorRun[] = [];
    for (const processorId of [invoiceExtractor, classifier, splitter]) {
      runs.push(
        await h.client.processorRuns.createAndWait(
          { processorId, rawText: "Invoice 1" },
          { pollIntervalMs: 5 },
        ),
      );
    }
    expect(runs.map((r) => r.type)).toEqual(["EXTRACT", "CLASSIFY", "SPLITTER"]);
    const [extract, classify, split] = runs;
    for (const run of runs) expect(run.status).toBe("PROCESSED");
    if (extract?.type !== "EXTRACT" || !("value" in extract.output)) throw new Error("no EXTRACT output");
    expect(extract.output.metadata).toBeTypeOf("object");
    if (classify?.type !== "CLASSIFY" || !("confidence" in classify.output))
      throw new Error("no CLASSIFY output");
    expect(classify.output.confidence).toBeGreaterThanOrEqual(0);
    expect(classify.config.classifications.map((c) => c.id)).toContain(classify.output.id);
    if (split?.type !== "SPLITTER" || !("splits" in split.output)) throw new Error("no SPLITTER output");
    expect(Array.isArray(split.output.splits)).toBe(true);
  });

  it("creates a run from an uploaded file (fileId) and a sync run", async () => {
    const file = await h.client.files.upload(new TextEncoder().encode("Invoice INV-9 total $5"), {
      fileName: "inv.txt",
    });
    const run = await h.client.processorRuns.create({
      processorId: invoiceExtractor,
      file: { fileId: file.id },
      sync: true,
    });
    expect(run.status).toBe("PROCESSED");
    expect(run.files.map((f) => f.id)).toContain(file.id);
  });

  it("applies a version and a config override", async () => {
    const run = await h.client.processorRuns.create({
      processorId: classifier,
      version: "draft",
      rawText: "hello",
      config: { type: "CLASSIFY", classifications: [{ id: "x", type: "letter", description: "A letter" }] },
    });
    expect(run.config).toMatchObject({ type: "CLASSIFY", classifications: [{ id: "x" }] });
  });

  it("maps server-side rejections to error classes", async () => {
    await expect(
      h.client.processorRuns.create({ processorId: "dp_missing", rawText: "x" }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      h.client.processorRuns.create({
        processorId: invoiceExtractor,
        rawText: "x",
        config: { type: "CLASSIFY", classifications: [] },
      }),
    ).rejects.toBeInstanceOf(BadRequestError);
    await expect(h.client.processorRuns.get("dpr_missing")).rejects.toMatchObject({
      name: "NotFoundError",
      status: 404,
      code: "NOT_FOUND",
    });
    const wrongKey = h.clientWithKey("sk_wrong_key_123");
    const error = await wrongKey.processorRuns.get("dpr_x").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as Error).message).not.toContain("sk_wrong_key_123");
  });
});

describe("processorRuns.list", () => {
  it("pages lazily across many pages with for await", async () => {
    const ids = seedProcessorRuns(h.emulator, 57);
    const seen: string[] = [];
    for await (const run of h.client.processorRuns.list({
      maxPageSize: 5,
      sortBy: "createdAt",
      sortDir: "asc",
    })) {
      seen.push(run.id);
    }
    expect(seen).toEqual(ids);
    const requests = await h.admin.journal();
    expect(requests.filter((r) => r.path === "/processor_runs")).toHaveLength(12);
  });

  it("returns a page with data, nextPageToken and getNextPage", async () => {
    seedProcessorRuns(h.emulator, 3);
    const first = await h.client.processorRuns.list({ maxPageSize: 2 });
    expect(first.data).toHaveLength(2);
    expect(first.hasNextPage()).toBe(true);
    expect(typeof first.nextPageToken).toBe("string");
    const second = await first.getNextPage();
    expect(second.data).toHaveLength(1);
    expect(second.hasNextPage()).toBe(false);
    expect(second.nextPageToken).toBeNull();
    const ids = new Set([...first.data, ...second.data].map((r) => r.id));
    expect(ids.size).toBe(3);
  });

  it("filters by processor, status, type, source and file name", async () => {
    seedProcessorRuns(h.emulator, 4, { processorId: classifier, fileName: (i) => `letter-${i}.pdf` });
    seedProcessorRuns(h.emulator, 3, { processorId: invoiceExtractor, status: "FAILED" });
    seedProcessorRuns(h.emulator, 2, { processorId: invoiceExtractor, source: "STUDIO" });
    const all = async (params: Parameters<typeof h.client.processorRuns.list>[0]) => {
      const out: ProcessorRunSummary[] = [];
      for await (const r of h.client.processorRuns.list(params)) out.push(r);
      return out;
    };
    expect(await all({ processorId: classifier })).toHaveLength(4);
    expect(await all({ status: "FAILED" })).toHaveLength(3);
    expect(await all({ processorType: "CLASSIFY" })).toHaveLength(4);
    expect(await all({ source: "STUDIO" })).toHaveLength(2);
    const byName = await all({ fileNameContains: "letter-2" });
    expect(byName.map((r) => r.fileName)).toEqual(["letter-2.pdf"]);
    for (const run of await all({ processorId: invoiceExtractor, status: "FAILED" })) {
      expect(run).toMatchObject({ processorId: invoiceExtractor, status: "FAILED" });
      expect(typeof run.createdAt).toBe("string");
    }
  });

  it("rejects a bad filter value from the server", async () => {
    await expect(h.client.processorRuns.list({ status: "NOT_A_STATUS" })).rejects.toBeInstanceOf(
      BadRequestError,
    );
  });
});

describe("processorRuns.cancel / delete", () => {
  it("cancels a processing run", async () => {
    const run = await h.client.processorRuns.create({
      processorId: invoiceExtractor,
      rawText: "extendkit-stuck",
    });
    const cancelled = await h.client.processorRuns.cancel(run.id);
    expect(cancelled).toMatchObject({ id: run.id, status: "CANCELLED" });
    await expect(h.client.processorRuns.cancel(run.id)).rejects.toBeInstanceOf(BadRequestError);
    await expect(h.client.processorRuns.cancel("dpr_missing")).rejects.toBeInstanceOf(NotFoundError);
  });

  it("deletes a run; getting it afterwards is a 404", async () => {
    const run = await h.client.processorRuns.createAndWait(
      { processorId: invoiceExtractor, rawText: "a" },
      { pollIntervalMs: 5 },
    );
    const result = await h.client.processorRuns.delete(run.id);
    expect(result.id).toBe(run.id);
    expect(typeof result.message).toBe("string");
    await expect(h.client.processorRuns.get(run.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(h.client.processorRuns.delete(run.id)).rejects.toBeInstanceOf(NotFoundError);
  });
});
