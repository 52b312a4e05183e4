import { DEFAULT_PROCESSORS } from "@extendkit/emulator";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { NotFoundError } from "../../src/index.js";
import { type Harness, startHarness } from "../helpers/emulator.js";

let h: Harness;
beforeEach(() => {
  h = startHarness();
});
afterEach(async () => {
  await h.close();
});

describe("batchProcessorRuns.get", () => {
  it("gets a batch run created through the emulator's admin route, with metrics", async () => {
    const runIds: string[] = [];
    for (const text of ["Invoice A total $1", "Invoice B total $2", "extendkit-fail"]) {
      const run = await h.client.processorRuns.createAndWait(
        { processorId: DEFAULT_PROCESSORS.invoiceExtractor, rawText: text },
        { pollIntervalMs: 5 },
      );
      runIds.push(run.id);
    }
    const created = await h.admin.createBatchRun({
      processorId: DEFAULT_PROCESSORS.invoiceExtractor,
      runIds,
      source: "EVAL_SET",
      sourceId: "ev_test",
      options: { fuzzyMatchFields: ["vendor"] },
    });
    const batch = await h.client.batchProcessorRuns.get(created.id);
    expect(batch).toMatchObject({
      object: "batch_processor_run",
      id: created.id,
      processorId: DEFAULT_PROCESSORS.invoiceExtractor,
      source: "EVAL_SET",
      sourceId: "ev_test",
      runCount: 3,
      options: { fuzzyMatchFields: ["vendor"] },
    });
    expect(batch.id).toMatch(/^bpr_/);
    expect(batch.metrics.type).toBe("EXTRACT");
    expect(batch.metrics.numFiles).toBe(3);
    expect(typeof batch.createdAt).toBe("string");
  });

  it("404 for an unknown batch run", async () => {
    await expect(h.client.batchProcessorRuns.get("bpr_missing")).rejects.toBeInstanceOf(NotFoundError);
  });
});
