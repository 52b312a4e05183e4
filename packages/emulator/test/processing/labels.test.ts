import { describe, expect, it } from "vitest";
import { derivedLabels } from "../../src/processing/label-synonyms.js";
import { documentLines, normaliseLabel, parseLabelLine } from "../../src/processing/labels.js";

describe("normaliseLabel", () => {
  it.each([
    ["invoice_number", "invoice number"],
    ["invoiceNumber", "invoice number"],
    ["Invoice #", "invoice number"],
    ["Invoice No.", "invoice number"],
    ["INVOICE-NUM", "invoice number"],
    ["  Total   Amt ", "total amount"],
    ["Vendor's Name", "vendor name"],
    ["Qty", "quantity"],
    ["Sales Tax (6.25%)", "sales tax"],
    ["Total (EUR)", "total"],
  ])("%s → %s", (raw, normalised) => {
    expect(normaliseLabel(raw)).toBe(normalised);
  });
});

describe("parseLabelLine", () => {
  it.each([
    ["Invoice Number: INV-1", { label: "Invoice Number", value: "INV-1" }],
    ["  Total :  $5.00 ", { label: "Total", value: "$5.00" }],
    ["Bill To:", { label: "Bill To", value: "" }],
    ["Date: 10:30 today", { label: "Date", value: "10:30 today" }],
    ["Invoice No. 4411", { label: "Invoice No.", value: "4411" }],
    ["Receipt # 99", { label: "Receipt #", value: "99" }],
    ["TOTAL      $31.25", { label: "TOTAL", value: "$31.25" }],
    ["Vendor\tAcme", { label: "Vendor", value: "Acme" }],
    ["Date: April 24, 2025 Date: April 25, 2025", { label: "Date", value: "April 24, 2025" }],
    ["Name: A. Smith Title: CFO", { label: "Name", value: "A. Smith Title: CFO" }],
    ['"invoice_number": "INV-1",', { label: "invoice_number", value: "INV-1" }],
    ['  "total": 12.5', { label: "total", value: "12.5" }],
    ['"note": "say \\"hi\\""', { label: "note", value: 'say "hi"' }],
    ['"vendor": null,', { label: "vendor", value: "" }],
    ['"items": [', { label: "items", value: "" }],
    ["<InvoiceNumber>INV-2</InvoiceNumber>", { label: "InvoiceNumber", value: "INV-2" }],
    ['<total currency="EUR"> 9,50 </total>', { label: "total", value: "9,50" }],
    ["<vendor>Tom &amp; Co</vendor>", { label: "vendor", value: "Tom & Co" }],
  ])("%s", (line, parsed) => {
    expect(parseLabelLine(line)).toEqual(parsed);
  });

  it.each([
    "10:30",
    "https://example.com",
    "Just a sentence without a label.",
    "2 x Flat White      $9.00",
    "This line is a very long sentence with many words before: the colon",
  ])("%s is not a label line", (line) => {
    expect(parseLabelLine(line)).toBeNull();
  });
});

describe("documentLines", () => {
  it("numbers pages from 1 and lines across pages", () => {
    const lines = documentLines(["A: 1\n\nB: 2", "C: 3"]);
    expect(lines.map((l) => [l.page, l.index, l.label, l.value])).toEqual([
      [1, 0, "a", "1"],
      [1, 1, null, ""],
      [1, 2, "b", "2"],
      [2, 3, "c", "3"],
    ]);
  });
});

describe("derivedLabels", () => {
  it("derives synonyms from the name and the description's leading words", () => {
    const labels = derivedLabels("invoice_number", "Invoice reference as printed on the invoice");
    expect(labels).toEqual(
      expect.arrayContaining(["invoice number", "invoice id", "number", "invoice reference"]),
    );
    expect(labels).not.toContain("id");
    expect(derivedLabels("invoice_date")).toEqual(
      expect.arrayContaining(["date", "issue date", "invoice dated"]),
    );
    expect(derivedLabels("vendor")).toEqual(expect.arrayContaining(["supplier", "seller", "from"]));
    expect(derivedLabels("total")).toEqual(
      expect.arrayContaining(["amount due", "grand total", "balance due"]),
    );
    expect(derivedLabels("x", "The customer's billing address, with postcode")).toContain(
      "customer billing address",
    );
  });
});
