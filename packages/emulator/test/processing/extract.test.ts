import { describe, expect, it } from "vitest";
import { extractWithSchema, readDocument } from "../../src/processing/index.js";
import { utf8 } from "./pdf-fixtures.js";

const nullable = (type: string, extra: Record<string, unknown> = {}) => ({ type: [type, "null"], ...extra });

describe("EXTRACT with a JSON Schema", () => {
  it("fills properties from exact labels with citations and 0.95 confidence", () => {
    const schema = {
      type: "object",
      properties: { invoice_number: nullable("string"), total: nullable("number") },
    };
    const output = extractWithSchema(schema, ["ACME\nInvoice Number: INV-1\n", "Notes\nTotal: $1,234.50"]);
    expect(output).toEqual({
      value: { invoice_number: "INV-1", total: 1234.5 },
      metadata: {
        invoice_number: {
          ocrConfidence: 1,
          logprobsConfidence: 0.95,
          citations: [{ page: 1, referenceText: "Invoice Number: INV-1" }],
        },
        total: {
          ocrConfidence: 1,
          logprobsConfidence: 0.95,
          citations: [{ page: 2, referenceText: "Total: $1,234.50" }],
        },
      },
    });
  });

  it("matches labels case-, space- and underscore-insensitively and via # / No.", () => {
    const schema = {
      type: "object",
      properties: { invoice_number: nullable("string"), po_number: nullable("string") },
    };
    const output = extractWithSchema(schema, ["INVOICE #: 77\nPO No. 4411-B"]);
    expect(output.value).toEqual({ invoice_number: "77", po_number: "4411-B" });
    expect(output.metadata["invoice_number"]?.logprobsConfidence).toBe(0.95);
  });

  it("uses extend:name and title as exact labels", () => {
    const schema = {
      type: "object",
      properties: {
        ref: nullable("string", { "extend:name": "Order Reference" }),
        amt: nullable("number", { title: "Grand Sum" }),
      },
    };
    const output = extractWithSchema(schema, ["Order reference: ORD-9\nGrand sum: 12"]);
    expect(output.value).toEqual({ ref: "ORD-9", amt: 12 });
    expect(output.metadata["ref"]?.logprobsConfidence).toBe(0.95);
  });

  it("falls back to synonyms and description words with 0.8 confidence", () => {
    const schema = {
      type: "object",
      properties: {
        vendor: nullable("string"),
        invoice_date: nullable("string", { "extend:type": "date" }),
        total: nullable("number"),
        po: nullable("string", { description: "Purchase order, as referenced by the buyer" }),
      },
    };
    const output = extractWithSchema(schema, [
      "Supplier: Globex GmbH\nDate: 14.03.2025\nSubtotal: 10,00\nAmount Due: 12,50 €\nPurchase Order: PO-1",
    ]);
    expect(output.value).toEqual({
      vendor: "Globex GmbH",
      invoice_date: "2025-03-14",
      total: 12.5,
      po: "PO-1",
    });
    for (const key of ["vendor", "invoice_date", "total", "po"]) {
      expect(output.metadata[key]?.logprobsConfidence).toBe(0.8);
    }
  });

  it("prefers an exact label anywhere over an earlier synonym", () => {
    const schema = { type: "object", properties: { total: nullable("number") } };
    const output = extractWithSchema(schema, ["Amount Due: 5\nTotal: 7"]);
    expect(output.value).toEqual({ total: 7 });
  });

  it("coerces to each type and leaves absent fields null and out of the metadata", () => {
    const schema = {
      type: "object",
      properties: {
        quantity: nullable("integer"),
        paid: nullable("boolean"),
        due_date: nullable("string", { format: "date" }),
        status: nullable("string", { enum: ["open", "paid", "void"] }),
        note: nullable("string"),
        missing: nullable("string"),
      },
    };
    const output = extractWithSchema(schema, [
      "Quantity: 12 pcs\nPaid: Yes\nDue date: March 5, 2025\nStatus: PAID\nNote:   keep dry   ",
    ]);
    expect(output.value).toEqual({
      quantity: 12,
      paid: true,
      due_date: "2025-03-05",
      status: "paid",
      note: "keep dry",
      missing: null,
    });
    expect(Object.keys(output.metadata)).toEqual(["quantity", "paid", "due_date", "status", "note"]);
  });

  it("returns null with a low-confidence citation when a labelled value does not fit the type", () => {
    const schema = {
      type: "object",
      properties: { total: nullable("number"), issued: nullable("string", { "extend:type": "date" }) },
    };
    const output = extractWithSchema(schema, ["Total: to be confirmed\nIssued: someday"]);
    expect(output.value).toEqual({ total: null, issued: null });
    expect(output.metadata["total"]).toEqual({
      ocrConfidence: 1,
      logprobsConfidence: 0.3,
      citations: [{ page: 1, referenceText: "Total: to be confirmed" }],
    });
  });

  it("reads a value on the line after a label that ends its line", () => {
    const schema = { type: "object", properties: { bill_to: nullable("string") } };
    const output = extractWithSchema(schema, ["Bill To:\nWayne Logistics LLC\n88 Harbor Road"]);
    expect(output.value).toEqual({ bill_to: "Wayne Logistics LLC" });
    expect(output.metadata["bill_to"]?.citations).toEqual([
      { page: 1, referenceText: "Bill To:\nWayne Logistics LLC" },
    ]);
  });

  it("infers a currency code from the amounts when it is not labelled", () => {
    const schema = {
      type: "object",
      properties: { total: nullable("number"), currency: nullable("string") },
    };
    const output = extractWithSchema(schema, ["Invoice\nTotal: 1.234,00 €"]);
    expect(output.value).toEqual({ total: 1234, currency: "EUR" });
    expect(output.metadata["currency"]).toEqual({
      ocrConfidence: 1,
      logprobsConfidence: 0.6,
      citations: [{ page: 1, referenceText: "Total: 1.234,00 €" }],
    });
  });

  it("fills an extend:type currency object with amount and code", () => {
    const schema = {
      type: "object",
      properties: {
        total: {
          type: "object",
          "extend:type": "currency",
          properties: { amount: nullable("number"), iso_4217_currency_code: nullable("string") },
        },
      },
    };
    expect(extractWithSchema(schema, ["Total: GBP 99.90"]).value).toEqual({
      total: { amount: 99.9, iso_4217_currency_code: "GBP" },
    });
  });

  it("takes an unlabelled vendor from the letterhead, but not a title or an address", () => {
    const schema = {
      type: "object",
      properties: { vendor: nullable("string"), merchant_name: nullable("string") },
    };
    const output = extractWithSchema(schema, ["\nHarbor Street Coffee\n415 Harbor Street\nTotal: $5"]);
    expect(output.value).toEqual({ vendor: "Harbor Street Coffee", merchant_name: "Harbor Street Coffee" });
    expect(output.metadata["vendor"]).toEqual({
      ocrConfidence: 1,
      logprobsConfidence: 0.6,
      citations: [{ page: 1, referenceText: "Harbor Street Coffee" }],
    });
    expect(extractWithSchema(schema, ["INVOICE\nTotal: 5"]).value).toEqual({
      vendor: null,
      merchant_name: null,
    });
    expect(extractWithSchema(schema, ["415 Harbor Street\nTotal: 5"]).value).toEqual({
      vendor: null,
      merchant_name: null,
    });
  });

  it("extracts nested objects from a section, from prefixed labels, and as nulls when absent", () => {
    const schema = {
      type: "object",
      properties: {
        vendor: {
          type: "object",
          properties: { name: nullable("string"), city: nullable("string") },
        },
        customer: {
          type: "object",
          properties: { name: nullable("string"), city: nullable("string") },
        },
        shipping: { type: "object", properties: { carrier: nullable("string") } },
      },
    };
    const text =
      "Vendor:\nName: Acme Corp\nCity: Springfield\n\nCustomer Name: Wayne Logistics\nCustomer City: Gotham";
    const output = extractWithSchema(schema, [text]);
    expect(output.value).toEqual({
      vendor: { name: "Acme Corp", city: "Springfield" },
      customer: { name: "Wayne Logistics", city: "Gotham" },
      shipping: { carrier: null },
    });
    expect(output.metadata["vendor.name"]?.logprobsConfidence).toBe(0.95);
    expect(output.metadata["customer.city"]?.citations).toEqual([
      { page: 1, referenceText: "Customer City: Gotham" },
    ]);
  });

  it("reads a nested object under a heading line without a colon, and not under a labelled value", () => {
    const schema = {
      type: "object",
      properties: {
        shipping: {
          type: "object",
          properties: { carrier: nullable("string"), tracking: nullable("string") },
        },
        billing: { type: "object", properties: { carrier: nullable("string") } },
      },
    };
    const text =
      "Billing: by invoice\nCarrier: Own fleet\n\nSHIPPING\nCarrier: DHL Express\nTracking: 00340434\n";
    const output = extractWithSchema(schema, [text]);
    expect(output.value).toEqual({
      shipping: { carrier: "DHL Express", tracking: "00340434" },
      billing: { carrier: "Own fleet" },
    });
    expect(output.metadata["shipping.carrier"]?.logprobsConfidence).toBe(0.95);
    // "Billing: by invoice" has a value, so it is not a heading: billing.carrier is a guess from anywhere.
    expect(output.metadata["billing.carrier"]?.logprobsConfidence).toBe(0.6);
  });

  it("stops at the maximum depth of 5", () => {
    let node: Record<string, unknown> = { type: "object", properties: { leaf: nullable("string") } };
    for (let i = 0; i < 6; i++) node = { type: "object", properties: { level: node } };
    const output = extractWithSchema(node, ["Leaf: x"]);
    let value: unknown = output.value;
    let depth = 0;
    while (typeof value === "object" && value !== null && "level" in value) {
      value = (value as Record<string, unknown>)["level"];
      depth++;
    }
    expect(depth).toBeLessThanOrEqual(5);
    expect(JSON.stringify(output.value)).not.toContain('"x"');
  });

  it("reads arrays of objects from a table with aligned columns", () => {
    const schema = {
      type: "object",
      properties: {
        line_items: {
          type: "array",
          items: {
            type: "object",
            properties: {
              description: nullable("string"),
              quantity: nullable("integer"),
              unit_price: nullable("number"),
              amount: nullable("number"),
            },
          },
        },
      },
    };
    const text = [
      "Description                    Qty   Unit Price     Amount",
      "Safety gloves (box)             40       $18.50    $740.00",
      "Pallet wrap film, 500 m roll    12       $32.75    $393.00",
      "",
      "Total: $1,133.00",
    ].join("\n");
    const output = extractWithSchema(schema, [text]);
    expect(output.value).toEqual({
      line_items: [
        { description: "Safety gloves (box)", quantity: 40, unit_price: 18.5, amount: 740 },
        { description: "Pallet wrap film, 500 m roll", quantity: 12, unit_price: 32.75, amount: 393 },
      ],
    });
    expect(output.metadata["line_items[1].amount"]).toEqual({
      ocrConfidence: 1,
      logprobsConfidence: 0.9,
      citations: [{ page: 1, referenceText: "Pallet wrap film, 500 m roll    12       $32.75    $393.00" }],
    });
  });

  it("reads table rows whose spacing collapsed (PDF text) using the numeric trailing columns", () => {
    const schema = {
      type: "object",
      properties: {
        items: {
          type: "array",
          items: {
            type: "object",
            properties: {
              description: nullable("string"),
              qty: nullable("number"),
              amount: nullable("number"),
            },
          },
        },
      },
    };
    const text =
      "Description Qty Amount\nManaged hosting, March 2025 1 8.400,00 €\nSupport hours 12 1.740,00 €\nNet amount: 10.140,00 €";
    expect(extractWithSchema(schema, [text]).value).toEqual({
      items: [
        { description: "Managed hosting, March 2025", qty: 1, amount: 8400 },
        { description: "Support hours", qty: 12, amount: 1740 },
      ],
    });
  });

  it("reads arrays of objects from repeated label blocks", () => {
    const schema = {
      type: "object",
      properties: {
        parties: {
          type: "array",
          items: { type: "object", properties: { name: nullable("string"), role: nullable("string") } },
        },
      },
    };
    const text =
      "Parties:\nName: Initech Inc.\nRole: Client\n\nName: Northwind LLC\nRole: Provider\n\nGoverning Law: Texas";
    expect(extractWithSchema(schema, [text]).value).toEqual({
      parties: [
        { name: "Initech Inc.", role: "Client" },
        { name: "Northwind LLC", role: "Provider" },
      ],
    });
  });

  it("returns [] for an array it cannot find, and a single stray block is not a list", () => {
    const schema = {
      type: "object",
      properties: {
        items: {
          type: "array",
          items: { type: "object", properties: { sku: nullable("string"), price: nullable("number") } },
        },
      },
    };
    const output = extractWithSchema(schema, ["SKU: A-1\nPrice: 5"]);
    expect(output.value).toEqual({ items: [] });
    expect(output.metadata).toEqual({});
  });

  it("reads arrays of primitives from a comma-separated labelled value", () => {
    const schema = {
      type: "object",
      properties: {
        tags: { type: "array", items: { type: "string" } },
        amounts: { type: "array", items: { type: "number" } },
      },
    };
    expect(extractWithSchema(schema, ["Tags: urgent, q1; travel\nAmounts: 5, 7.5, x"]).value).toEqual({
      tags: ["urgent", "q1", "travel"],
      amounts: [5, 7.5],
    });
  });

  it("reads JSON text (a .txt file: .json is not a supported upload) and XML documents", async () => {
    const schema = {
      type: "object",
      properties: {
        invoice_number: nullable("string"),
        total: nullable("number"),
        vendor: nullable("string"),
      },
    };
    const json = await readDocument(
      utf8('{\n  "invoiceNumber": "J-1",\n  "total": 12.5,\n  "vendor": null\n}'),
      "i.txt",
    );
    const xml = await readDocument(
      utf8(
        '<invoice>\n  <InvoiceNumber>X-1</InvoiceNumber>\n  <Total currency="EUR">1.000,00</Total>\n</invoice>',
      ),
      "i.xml",
    );
    if (!json.ok || !xml.ok) throw new Error("unreadable");
    expect(extractWithSchema(schema, json.pages).value).toEqual({
      invoice_number: "J-1",
      total: 12.5,
      vendor: null,
    });
    expect(extractWithSchema(schema, xml.pages).value).toEqual({
      invoice_number: "X-1",
      total: 1000,
      vendor: null,
    });
  });

  it("keeps user keys such as __proto__ as own properties", () => {
    // JSON.parse (like a request body) creates "__proto__" as an own key; an object literal would not.
    const schema = JSON.parse(
      '{"type":"object","properties":{"__proto__":{"type":["string","null"]},"constructor":{"type":["string","null"]}}}',
    );
    const output = extractWithSchema(schema, ["__proto__: polluted\nConstructor: built"]);
    expect(Object.keys(output.value)).toEqual(["__proto__", "constructor"]);
    expect(JSON.stringify(output.value)).toBe('{"__proto__":"polluted","constructor":"built"}');
    expect(Object.getPrototypeOf(output.value)).toBe(Object.prototype);
  });

  it("is deterministic", () => {
    const schema = {
      type: "object",
      properties: { total: nullable("number"), currency: nullable("string") },
    };
    const pages = ["Total: $5", "Total: $6"];
    expect(extractWithSchema(schema, pages)).toEqual(extractWithSchema(schema, pages));
  });
});
