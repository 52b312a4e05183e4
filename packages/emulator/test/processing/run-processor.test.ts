import { describe, expect, it } from "vitest";
import {
  DEFAULT_PROCESSOR_DEFINITIONS,
  fileCredits,
  INVALID_CONFIG,
  NO_READABLE_TEXT,
  runCredits,
  runProcessor,
} from "../../src/processing/index.js";

const byId = (id: string) => {
  const processor = DEFAULT_PROCESSOR_DEFINITIONS.find((p) => p.id === id);
  if (!processor) throw new Error(`missing ${id}`);
  return processor;
};

describe("credits", () => {
  it("bills runs per page by type, at least one page", () => {
    expect(runCredits("EXTRACT", 3)).toBe(3);
    expect(runCredits("CLASSIFY", 3)).toBe(1.5);
    expect(runCredits("SPLITTER", 5)).toBe(2.5);
    expect(runCredits("EXTRACT", 0)).toBe(1);
    expect(runCredits("CLASSIFY", 0)).toBe(0.5);
  });

  it("bills file parsing one credit per page, at least one", () => {
    expect(fileCredits(4)).toBe(4);
    expect(fileCredits(0)).toBe(1);
  });

  it("reports credits with the run output", () => {
    const extractor = byId("dp_invoice_extractor");
    const result = runProcessor({ type: "EXTRACT", config: extractor.config, pages: ["Total: 5", "x", "y"] });
    expect(result).toMatchObject({ ok: true, credits: 3 });
  });
});

describe("runProcessor failures", () => {
  it.each(["EXTRACT", "CLASSIFY", "SPLITTER"] as const)(
    "%s fails with NO_READABLE_TEXT on blank pages",
    (type) => {
      const processor = DEFAULT_PROCESSOR_DEFINITIONS.find((p) => p.type === type);
      const result = runProcessor({ type, config: processor?.config ?? {}, pages: ["", "  \n\t ", "\f"] });
      expect(result).toMatchObject({ ok: false, failureReason: NO_READABLE_TEXT });
      if (!result.ok) expect(result.failureMessage).toMatch(/no readable text/);
    },
  );

  it("fails with INVALID_CONFIG naming the field", () => {
    const result = runProcessor({ type: "CLASSIFY", config: { classifications: [] }, pages: ["x"] });
    expect(result).toEqual({
      ok: false,
      failureReason: INVALID_CONFIG,
      failureMessage: "config.classifications must be a non-empty array of {id, type, description}",
    });
  });
});

describe("default processors", () => {
  it("are the invoice extractor, classifier and packet splitter", () => {
    expect(DEFAULT_PROCESSOR_DEFINITIONS.map((p) => [p.id, p.name, p.type])).toEqual([
      ["dp_invoice_extractor", "Invoice Extractor", "EXTRACT"],
      ["dp_document_classifier", "Document Classifier", "CLASSIFY"],
      ["dp_packet_splitter", "Packet Splitter", "SPLITTER"],
    ]);
  });

  it("extract invoice number, vendor, date, total and currency with nullable primitives and descriptions", () => {
    const schema = byId("dp_invoice_extractor").config["schema"] as {
      properties: Record<string, { type: string[]; description: string; "extend:type"?: string }>;
    };
    expect(Object.keys(schema.properties)).toEqual([
      "invoice_number",
      "vendor",
      "invoice_date",
      "total",
      "currency",
    ]);
    for (const [name, property] of Object.entries(schema.properties)) {
      // Primitives are nullable; the currency object is not (objects never are).
      expect(property.type).toEqual(name === "total" ? "object" : expect.arrayContaining(["null"]));
      expect(property.description.length).toBeGreaterThan(10);
    }
    expect(schema.properties["invoice_date"]?.["extend:type"]).toBe("date");
    expect(schema.properties["total"]).toMatchObject({
      type: "object",
      "extend:type": "currency",
      properties: {
        amount: { type: ["number", "null"] },
        iso_4217_currency_code: { type: ["string", "null"] },
      },
    });
  });

  it("classify and split into invoice, receipt, contract and other", () => {
    const types = (list: unknown) => (list as Array<{ type: string }>).map((c) => c.type);
    expect(types(byId("dp_document_classifier").config["classifications"])).toEqual([
      "invoice",
      "receipt",
      "contract",
      "other",
    ]);
    expect(types(byId("dp_packet_splitter").config["splitClassifications"])).toEqual([
      "invoice",
      "receipt",
      "contract",
      "other",
    ]);
  });
});
