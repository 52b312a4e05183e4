import { describe, expect, it } from "vitest";
import { runProcessor } from "../../src/processing/index.js";

const pages = [
  "INVOICE\nInvoice #: INV-300\nIssue date: 2025-02-01\nPaid: no\nStatus: Overdue",
  "Total Amount: EUR 1.500,00\nNotes:\nName: Widget\nPrice: 10\nName: Gadget\nPrice: 20",
];

const fields = [
  { id: "inv", name: "Invoice Number", type: "string", description: "The invoice number" },
  { id: "date", name: "Invoice Date", type: "date", description: "Issue date of the invoice" },
  { id: "total", name: "Total Amount", type: "currency", description: "Grand total" },
  { id: "paid", name: "Paid", type: "boolean", description: "" },
  {
    id: "status",
    name: "Status",
    type: "enum",
    description: "Payment status",
    enum: [
      { value: "paid", description: "Settled" },
      { value: "overdue", description: "Late" },
    ],
  },
  { id: "po", name: "PO Number", type: "string", description: "Purchase order" },
  {
    id: "items",
    name: "Line Items",
    type: "array",
    description: "Items",
    schema: [
      { id: "name", name: "Name", type: "string", description: "" },
      { id: "price", name: "Price", type: "number", description: "" },
    ],
  },
];

describe("EXTRACT with legacy fields", () => {
  it("maps each field id to {id, type, value, confidence, references}", () => {
    const result = runProcessor({ type: "EXTRACT", config: { type: "EXTRACT", fields }, pages });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.output).toEqual({
      inv: {
        id: "inv",
        type: "string",
        value: "INV-300",
        confidence: 0.95,
        references: [{ id: "ref_inv", fieldName: "Invoice Number", page: 1, boundingBoxes: [] }],
      },
      date: {
        id: "date",
        type: "date",
        value: "2025-02-01",
        confidence: 0.8,
        references: [{ id: "ref_date", fieldName: "Invoice Date", page: 1, boundingBoxes: [] }],
      },
      total: {
        id: "total",
        type: "currency",
        value: { amount: 1500, iso_4217_currency_code: "EUR" },
        confidence: 0.95,
        references: [{ id: "ref_total", fieldName: "Total Amount", page: 2, boundingBoxes: [] }],
      },
      paid: {
        id: "paid",
        type: "boolean",
        value: false,
        confidence: 0.95,
        references: [{ id: "ref_paid", fieldName: "Paid", page: 1, boundingBoxes: [] }],
      },
      status: {
        id: "status",
        type: "enum",
        value: "overdue",
        confidence: 0.95,
        references: [{ id: "ref_status", fieldName: "Status", page: 1, boundingBoxes: [] }],
        enum: [
          { value: "paid", description: "Settled" },
          { value: "overdue", description: "Late" },
        ],
      },
      po: { id: "po", type: "string", value: null, confidence: 0, references: [] },
      items: {
        id: "items",
        type: "array",
        value: [
          { name: "Widget", price: 10 },
          { name: "Gadget", price: 20 },
        ],
        confidence: 0.95,
        references: [{ id: "ref_items", fieldName: "Line Items", page: 2, boundingBoxes: [] }],
      },
    });
  });
});
