import { describe, expect, it } from "vitest";
import type { Emulator } from "../src/index.js";
import { INVOICE_TEXT, virtualEmulator } from "./support/api.js";

describe("run lifecycle on the virtual clock", () => {
  it("PROCESSING → PROCESSED after the latency, with output computed from the text", async () => {
    const { emulator, api } = virtualEmulator({ latency: { minMs: 1000, maxMs: 1000 } });
    const created = await api.createRun({ processorId: "dp_invoice_extractor", rawText: INVOICE_TEXT });
    expect(created).toMatchObject({
      object: "document_processor_run",
      status: "PROCESSING",
      output: {},
      initialOutput: {},
      reviewed: false,
      edited: false,
      edits: {},
      type: "EXTRACT",
      files: [],
      mergedProcessors: [],
      processorId: "dp_invoice_extractor",
      processorName: "Invoice Extractor",
    });
    expect(created["id"]).toMatch(/^dpr_/);
    expect(created["url"]).toBe(`https://dashboard.extend.ai/runs/${created["id"]}`);
    expect(created["config"]["type"]).toBe("EXTRACT");
    expect(created["usage"]).toEqual({ credits: 0 });
    await emulator.clock.advance(999);
    expect((await api.getRun(created["id"]))["status"]).toBe("PROCESSING");
    await emulator.clock.advance(1);
    const done = await api.getRun(created["id"]);
    expect(done["status"]).toBe("PROCESSED");
    expect(done["output"]["value"]).toMatchObject({
      invoice_number: "INV-1042",
      vendor: "Acme Corp",
      currency: "USD",
    });
    expect(done["initialOutput"]).toEqual(done["output"]);
    expect(done["usage"]["credits"]).toBeGreaterThan(0);
    const summary = await api.getSummary(created["id"]);
    expect(Date.parse(summary["updatedAt"]) - Date.parse(summary["createdAt"])).toBe(1000);
  });

  it("instant latency finishes on the next tick", async () => {
    const { emulator, api } = virtualEmulator({ latency: "instant" });
    const run = await api.createRun({ processorId: "dp_document_classifier", rawText: "RECEIPT thank you" });
    await emulator.clock.advance(0);
    const done = await api.getRun(run["id"]);
    expect(done["status"]).toBe("PROCESSED");
    expect(typeof done["output"]["type"]).toBe("string");
    expect(done["output"]["confidence"]).toBeGreaterThanOrEqual(0);
  });

  it("fast latency finishes within 0.5–2 s and the same seed gives the same timings", async () => {
    const durations: number[][] = [];
    for (let round = 0; round < 2; round++) {
      const { emulator, api } = virtualEmulator({ seed: 42 });
      const ids: string[] = [];
      for (let i = 0; i < 5; i++)
        ids.push((await api.createRun({ processorId: "dp_invoice_extractor", rawText: "Total: 1" }))["id"]);
      await emulator.clock.advance(499);
      for (const id of ids) expect((await api.getRun(id))["status"]).toBe("PROCESSING");
      await emulator.clock.advance(1501);
      const finished = await Promise.all(ids.map((id) => api.getSummary(id)));
      durations.push(finished.map((run) => Date.parse(run["updatedAt"]) - Date.parse(run["createdAt"])));
      for (const run of finished) expect(run["status"]).toBe("PROCESSED");
    }
    expect(durations[0]).toEqual(durations[1]);
  });

  it("reset() restarts the seeded timings", async () => {
    const { emulator, api } = virtualEmulator({ seed: 5 });
    const timings = async () => {
      const run = await api.createRun({ processorId: "dp_invoice_extractor", rawText: "Total: 1" });
      await emulator.clock.advance(2000);
      const done = await api.getSummary(run["id"]);
      return Date.parse(done["updatedAt"]) - Date.parse(done["createdAt"]);
    };
    const first = [await timings(), await timings(), await timings()];
    emulator.reset();
    expect([await timings(), await timings(), await timings()]).toEqual(first);
    expect(new Set(first).size).toBeGreaterThan(1);
  });

  it("realistic latency takes several seconds", async () => {
    const { emulator, api } = virtualEmulator({ latency: "realistic" });
    const run = await api.createRun({ processorId: "dp_invoice_extractor", rawText: "Total: 1" });
    await emulator.clock.advance(2999);
    expect((await api.getRun(run["id"]))["status"]).toBe("PROCESSING");
    await emulator.clock.advance(27_001);
    expect((await api.getRun(run["id"]))["status"]).toBe("PROCESSED");
  });

  it("input without readable text ends FAILED with failureReason and failureMessage", async () => {
    const { emulator, api } = virtualEmulator({ latency: "instant" });
    const run = await api.createRun({ processorId: "dp_invoice_extractor", rawText: "   " });
    await emulator.clock.advance(0);
    const failed = await api.getRun(run["id"]);
    expect(failed["status"]).toBe("FAILED");
    expect(typeof failed["failureReason"]).toBe("string");
    expect(failed["failureMessage"]).toBeTruthy();
    expect(failed["output"]).toEqual({});
  });
});

describe("cancel and delete", () => {
  it("cancels a PROCESSING run; 400 for terminal or pending runs; 404 for unknown ids", async () => {
    const { emulator, api } = virtualEmulator({ latency: { minMs: 1000, maxMs: 1000 }, processingSlots: 1 });
    const first = await api.createRun({ processorId: "dp_invoice_extractor", rawText: "Total: 1" });
    const queued = await api.createRun({ processorId: "dp_invoice_extractor", rawText: "Total: 2" });
    expect(queued["status"]).toBe("PENDING");
    const pendingCancel = await api.json("POST", `/processor_runs/${queued["id"]}/cancel`);
    expect(pendingCancel.status).toBe(400);
    expect(pendingCancel.body["message"]).toContain("PENDING");
    const cancelled = await api.json("POST", `/processor_runs/${first["id"]}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body["processorRun"]["status"]).toBe("CANCELLED");
    // The freed slot goes to the queued run.
    expect((await api.getRun(queued["id"]))["status"]).toBe("PROCESSING");
    const again = await api.json("POST", `/processor_runs/${first["id"]}/cancel`);
    expect(again.status).toBe(400);
    expect(again.body["message"]).toContain("CANCELLED");
    await emulator.clock.advance(5000);
    expect((await api.getRun(first["id"]))["status"]).toBe("CANCELLED");
    expect((await api.getRun(queued["id"]))["status"]).toBe("PROCESSED");
    expect((await api.json("POST", `/processor_runs/${queued["id"]}/cancel`)).status).toBe(400);
    expect((await api.json("POST", "/processor_runs/dpr_nope/cancel")).status).toBe(404);
  });

  it("deletes a run, after which it is 404 everywhere", async () => {
    const { emulator, api } = virtualEmulator({ latency: "instant" });
    const run = await api.createRun({ processorId: "dp_invoice_extractor", rawText: "Total: 1" });
    const deleted = await api.json("DELETE", `/processor_runs/${run["id"]}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toMatchObject({ success: true, documentProcessorRunId: run["id"] });
    expect(typeof deleted.body["message"]).toBe("string");
    expect((await api.json("GET", `/processor_runs/${run["id"]}`)).status).toBe(404);
    expect((await api.json("DELETE", `/processor_runs/${run["id"]}`)).status).toBe(404);
    expect((await api.json("POST", `/processor_runs/${run["id"]}/cancel`)).status).toBe(404);
    const list = await api.json("GET", "/processor_runs");
    expect(list.body["processorRuns"]).toEqual([]);
    await emulator.clock.advance(1000);
  });

  it("deleting a processing run frees its slot", async () => {
    const { emulator, api } = virtualEmulator({ latency: { minMs: 1000, maxMs: 1000 }, processingSlots: 1 });
    const first = await api.createRun({ processorId: "dp_invoice_extractor", rawText: "Total: 1" });
    const second = await api.createRun({ processorId: "dp_invoice_extractor", rawText: "Total: 2" });
    expect(second["status"]).toBe("PENDING");
    await api.json("DELETE", `/processor_runs/${first["id"]}`);
    expect((await api.getRun(second["id"]))["status"]).toBe("PROCESSING");
    await emulator.clock.advance(1000);
    expect((await api.getRun(second["id"]))["status"]).toBe("PROCESSED");
  });
});

describe("priority queueing", () => {
  it("queues beyond the slots and starts lower priority values first, FIFO within a priority", async () => {
    const { emulator, api } = virtualEmulator({ latency: { minMs: 1000, maxMs: 1000 }, processingSlots: 1 });
    const running = await api.createRun({ processorId: "dp_invoice_extractor", rawText: "Total: 0" });
    expect(running["status"]).toBe("PROCESSING");
    const low = await api.createRun({
      processorId: "dp_invoice_extractor",
      rawText: "Total: 1",
      priority: 90,
    });
    const highA = await api.createRun({
      processorId: "dp_invoice_extractor",
      rawText: "Total: 2",
      priority: 5,
    });
    const mid = await api.createRun({ processorId: "dp_invoice_extractor", rawText: "Total: 3" });
    const highB = await api.createRun({
      processorId: "dp_invoice_extractor",
      rawText: "Total: 4",
      priority: 5,
    });
    for (const run of [low, highA, mid, highB]) expect(run["status"]).toBe("PENDING");
    const order: string[] = [];
    for (let step = 0; step < 5; step++) {
      await emulator.clock.advance(1000);
      for (const run of [low, highA, mid, highB]) {
        const current = await api.getRun(run["id"]);
        if (current["status"] !== "PENDING" && !order.includes(run["id"])) order.push(run["id"]);
      }
    }
    expect(order).toEqual([highA["id"], highB["id"], mid["id"], low["id"]]);
  });
});

describe("sync", () => {
  it("sync:true returns the terminal run", async () => {
    const { api } = virtualEmulator({ clock: "real", latency: { minMs: 20, maxMs: 40 } });
    const run = await api.createRun({
      processorId: "dp_invoice_extractor",
      rawText: INVOICE_TEXT,
      sync: true,
    });
    expect(run["status"]).toBe("PROCESSED");
    expect(run["output"]["value"]["invoice_number"]).toBe("INV-1042");
  });

  it("sync:true returns the run as it is once syncTimeoutMs passes", async () => {
    const { emulator, api } = virtualEmulator({
      latency: { minMs: 10_000, maxMs: 10_000 },
      syncTimeoutMs: 3000,
    });
    const pending = api.createRun({ processorId: "dp_invoice_extractor", rawText: "Total: 3", sync: true });
    let settled = false;
    void pending.then(() => {
      settled = true;
    });
    // The request body is read asynchronously: let the run (and its sync deadline) exist before moving the
    // virtual clock, or the deadline would be set from an already-advanced "now".
    await untilRunsExist(emulator, 1);
    await emulator.clock.advance(2999);
    expect(settled).toBe(false);
    await emulator.clock.advance(1);
    const run = await pending;
    expect(run["status"]).toBe("PROCESSING");
    await emulator.clock.advance(7000);
    expect((await api.getRun(run["id"]))["status"]).toBe("PROCESSED");
  });

  it("sync waits through PENDING when queued", async () => {
    const { emulator, api } = virtualEmulator({ latency: { minMs: 100, maxMs: 100 }, processingSlots: 1 });
    await api.createRun({ processorId: "dp_invoice_extractor", rawText: "Total: 1" });
    const pending = api.createRun({ processorId: "dp_invoice_extractor", rawText: "Total: 2", sync: true });
    await emulator.clock.advance(200);
    expect((await pending)["status"]).toBe("PROCESSED");
  });
});

describe("test triggers", () => {
  it("extendkit-fail in the text ends FAILED with PROCESSING_ERROR", async () => {
    const { emulator, api } = virtualEmulator({ latency: "instant" });
    const run = await api.createRun({
      processorId: "dp_invoice_extractor",
      rawText: "Total: 1\nextendkit-fail",
    });
    await emulator.clock.advance(0);
    const failed = await api.getRun(run["id"]);
    expect(failed).toMatchObject({ status: "FAILED", failureReason: "PROCESSING_ERROR" });
    expect(failed["failureMessage"]).toContain("extendkit-fail");
  });

  it("extendkit-fail in the file name ends FAILED", async () => {
    const { emulator, api } = virtualEmulator({ latency: "instant" });
    const upload = await (await api.upload("Total: 1", "invoice-extendkit-fail.txt")).json();
    const run = await api.createRun({
      processorId: "dp_invoice_extractor",
      file: { fileId: upload.file.id },
    });
    await emulator.clock.advance(0);
    expect((await api.getRun(run["id"]))["status"]).toBe("FAILED");
  });

  it("extendkit-slow takes ten times the latency", async () => {
    const { emulator, api } = virtualEmulator({ latency: { minMs: 1000, maxMs: 1000 } });
    const run = await api.createRun({
      processorId: "dp_invoice_extractor",
      rawText: "Total: 1 extendkit-slow",
    });
    await emulator.clock.advance(9999);
    expect((await api.getRun(run["id"]))["status"]).toBe("PROCESSING");
    await emulator.clock.advance(1);
    expect((await api.getRun(run["id"]))["status"]).toBe("PROCESSED");
  });

  it("extendkit-stuck stays PROCESSING until cancelled, without blocking other runs", async () => {
    const { emulator, api } = virtualEmulator({ latency: "instant", processingSlots: 1 });
    const { file } = await (await api.upload("Total: 1", "upload.txt")).json();
    const stuck = await api.createRun({
      processorId: "dp_invoice_extractor",
      file: { fileId: file.id, fileName: "extendkit-stuck.txt" },
    });
    const other = await api.createRun({ processorId: "dp_invoice_extractor", rawText: "Total: 2" });
    await emulator.clock.advance(3_600_000);
    expect((await api.getRun(stuck["id"]))["status"]).toBe("PROCESSING");
    expect((await api.getRun(other["id"]))["status"]).toBe("PROCESSED");
    const cancelled = await api.json("POST", `/processor_runs/${stuck["id"]}/cancel`);
    expect(cancelled.body["processorRun"]["status"]).toBe("CANCELLED");
  });
});

/** Waits (in real time, briefly) until the emulator holds `count` runs. */
async function untilRunsExist(emulator: Emulator, count: number): Promise<void> {
  for (let attempt = 0; attempt < 400; attempt++) {
    const response = await emulator.fetch(
      new Request("http://emulator.test/processor_runs?maxPageSize=1000", {
        headers: { authorization: "Bearer sk_test_emulator", "x-extend-api-version": "2025-04-21" },
      }),
    );
    const body = (await response.json()) as { processorRuns: unknown[] };
    if (body.processorRuns.length >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`the emulator never held ${count} run(s)`);
}
