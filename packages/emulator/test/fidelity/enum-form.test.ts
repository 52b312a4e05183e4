import { describe, expect, it } from "vitest";
import { validateProcessorConfig } from "../../src/processing/index.js";
import { virtualEmulator } from "../support/api.js";

// The documented form: no `type`, null among the values, descriptions per value.
const STATUS_ENUM = {
  enum: ["paid", "unpaid", "overdue", null],
  "extend:descriptions": ["Settled in full", "Not yet paid", "Past its due date"],
  description: "Payment status of the invoice.",
};
const config = (status: unknown) => ({
  type: "EXTRACT",
  schema: {
    type: "object",
    properties: { invoice_number: { type: ["string", "null"] }, status },
  },
});

describe('the documented enum form {"enum": [..., null], "extend:descriptions": [...]} without type', () => {
  it("is valid in a config", () => {
    expect(validateProcessorConfig("EXTRACT", config(STATUS_ENUM))).toBeNull();
  });

  it.each([
    [{ enum: ["paid", "unpaid"] }, /must include null/],
    [{ enum: [null] }, /array of strings/],
    [{ enum: ["paid", 3, null] }, /only strings and null/],
    [{ enum: ["paid", null], "extend:descriptions": "Paid" }, /extend:descriptions/],
  ])("refuses %j", (status, message) => {
    expect(validateProcessorConfig("EXTRACT", config(status))).toMatch(message);
  });

  it("is accepted in a run config and extracts one of its values", async () => {
    const { emulator, api } = virtualEmulator({ latency: "instant", limits: "off" });
    const run = await api.createRun({
      processorId: "dp_invoice_extractor",
      rawText: "Invoice Number: E-1\nStatus: Overdue",
      config: config(STATUS_ENUM),
    });
    await emulator.clock.advance(0);
    const done = await api.getRun(run["id"]);
    expect(done["status"]).toBe("PROCESSED");
    expect(done["output"]["value"]).toEqual({ invoice_number: "E-1", status: "overdue" });
  });

  it("is accepted in a processor definition (admin route and createEmulator option)", async () => {
    const { api } = virtualEmulator({
      limits: "off",
      processors: [
        { id: "dp_enum_option", name: "Enum option", type: "EXTRACT", config: config(STATUS_ENUM) },
      ],
    });
    const registered = await api.admin.registerProcessor({
      name: "Enum processor",
      type: "EXTRACT",
      config: config(STATUS_ENUM),
    });
    expect(registered.id).toMatch(/^dp_/);
    const run = await api.createRun({ processorId: "dp_enum_option", rawText: "Status: paid" });
    expect(run["status"]).not.toBe("FAILED");
  });
});
