import { describe, expect, it } from "vitest";
import { validateProcessorConfig } from "../../src/processing/index.js";
import { INVOICE_TEXT, virtualEmulator } from "../support/api.js";

const nullable = (type: string) => ({ type: [type, "null"] });
const CURRENCY = {
  type: "object",
  "extend:type": "currency",
  properties: { amount: nullable("number"), iso_4217_currency_code: nullable("string") },
};
const schemaWith = (total: unknown) => ({
  type: "EXTRACT",
  schema: { type: "object", properties: { total } },
});

describe("currency fields (extend:type: currency)", () => {
  it("the default invoice processor returns total as { amount, iso_4217_currency_code }", async () => {
    const { emulator, api } = virtualEmulator({ latency: "instant", limits: "off" });
    const run = await api.createRun({ processorId: "dp_invoice_extractor", rawText: INVOICE_TEXT });
    await emulator.clock.advance(0);
    const done = await api.getRun(run["id"]);
    expect(done["output"]["value"]["total"]).toEqual({ amount: 1250, iso_4217_currency_code: "USD" });
  });

  it("accepts the documented object shape (integer amounts too)", () => {
    expect(validateProcessorConfig("EXTRACT", schemaWith(CURRENCY))).toBeNull();
    const integer = { ...CURRENCY, properties: { ...CURRENCY.properties, amount: nullable("integer") } };
    expect(validateProcessorConfig("EXTRACT", schemaWith(integer))).toBeNull();
  });

  it.each([
    ["a nullable number", { type: ["number", "null"], "extend:type": "currency" }],
    ["a string", { type: ["string", "null"], "extend:type": "currency" }],
    ["an object without properties", { type: "object", "extend:type": "currency" }],
    [
      "other property names",
      { ...CURRENCY, properties: { value: nullable("number"), currency: nullable("string") } },
    ],
    ["an extra property", { ...CURRENCY, properties: { ...CURRENCY.properties, note: nullable("string") } }],
    [
      "a non-nullable amount",
      { ...CURRENCY, properties: { ...CURRENCY.properties, amount: { type: "number" } } },
    ],
    ["a string amount", { ...CURRENCY, properties: { ...CURRENCY.properties, amount: nullable("string") } }],
  ])("refuses extend:type currency on %s", (_, total) => {
    expect(validateProcessorConfig("EXTRACT", schemaWith(total))).toMatch(
      /config\.schema\.properties\.total has "extend:type": "currency", which needs an object with exactly the properties amount .* and iso_4217_currency_code/,
    );
  });

  it("refuses it in a run config with a 400 and in a processor definition", async () => {
    const { api } = virtualEmulator({ limits: "off" });
    const response = await api.json("POST", "/processor_runs", {
      processorId: "dp_invoice_extractor",
      rawText: "Total: 5",
      config: schemaWith({ type: ["number", "null"], "extend:type": "currency" }),
    });
    expect(response.status).toBe(400);
    expect(response.body["error"]).toMatch(/"extend:type": "currency"/);
    const registered = api.admin.registerProcessor({
      name: "Bad currency",
      type: "EXTRACT",
      config: schemaWith({ type: ["number", "null"], "extend:type": "currency" }),
    });
    await expect(registered).rejects.toMatchObject({ status: 400 });
  });
});
