import { describe, expect, it } from "vitest";
import { type Loose, virtualEmulator } from "../support/api.js";

const TIMESTAMPS = ["createdAt", "updatedAt"];

function expectNoTimestamps(run: Loose) {
  for (const field of TIMESTAMPS) expect(run, `${field} on a full ProcessorRun`).not.toHaveProperty(field);
}

describe("the full ProcessorRun object (2025-04-21)", () => {
  it("has no createdAt/updatedAt on create, get and cancel, while list summaries keep them", async () => {
    const { emulator, api } = virtualEmulator({ latency: { minMs: 1000, maxMs: 1000 }, limits: "off" });
    const created = await api.createRun({ processorId: "dp_invoice_extractor", rawText: "Total: 5" });
    expectNoTimestamps(created);
    expectNoTimestamps(await api.getRun(created["id"]));
    await emulator.clock.advance(0);
    const cancelled = await api.json("POST", `/processor_runs/${created["id"]}/cancel`);
    expect(cancelled.status).toBe(200);
    expectNoTimestamps(cancelled.body["processorRun"]);
    const summary = await api.getSummary(created["id"]);
    expect(Date.parse(summary["createdAt"])).toBe(emulator.clock.now());
    expect(Date.parse(summary["updatedAt"])).toBe(emulator.clock.now());
  });
});
