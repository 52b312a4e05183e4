import { describe, expect, it } from "vitest";
import {
  DEFAULT_PROCESSOR_DEFINITIONS,
  readDocument,
  runProcessor,
  textToPages,
} from "../../src/processing/index.js";
import { pageIdentifier, splitPages } from "../../src/processing/split.js";
import { makePdf } from "./pdf-fixtures.js";

const splitter = DEFAULT_PROCESSOR_DEFINITIONS.find((p) => p.id === "dp_packet_splitter");
const classes = [
  { id: "invoice", type: "invoice", description: "amount due, due date, bill to" },
  { id: "receipt", type: "receipt", description: "paid, change, cashier" },
  { id: "contract", type: "contract", description: "agreement, parties, terms, signature, shall" },
  { id: "other", type: "other", description: "letters and notices" },
];

const ranges = (output: { splits: Array<{ type: string; startPage: number; endPage: number }> }) =>
  output.splits.map((s) => [s.type, s.startPage, s.endPage]);

describe("SPLITTER", () => {
  it("groups form-feed pages into documents by class and title", () => {
    const text = [
      "INVOICE\nInvoice Number: A-1\nAmount due: $10\nDue date: 2025-01-31",
      "Invoice A-1 (continued)\nBill to: Initech\nAmount due: $10",
      "RECEIPT\nReceipt #: 77\nPaid: $4\nChange: $0",
      "SERVICES AGREEMENT\nThe parties agree to the terms below. The provider shall...",
      "Termination. Either party may terminate this agreement.\nSignature: ____\nPage 2 of 2",
    ].join("\f");
    const output = splitPages(textToPages(text), classes, "file_1");
    expect(ranges(output)).toEqual([
      ["invoice", 1, 2],
      ["receipt", 3, 3],
      ["contract", 4, 5],
    ]);
    expect(output.splits[0]).toMatchObject({
      id: "split_1",
      classificationId: "invoice",
      identifier: "A-1",
      name: "invoice A-1",
      fileId: "file_1",
    });
    expect(output.splits[1]).toMatchObject({ identifier: "77" });
    expect(output.splits[2]).toMatchObject({ identifier: "", name: "contract (pages 4-5)" });
    expect(output.splits[1]?.observation).toContain('title "RECEIPT"');
  });

  it("splits two consecutive documents of the same class by their identifiers", () => {
    const pages = [
      "ACME\nInvoice Number: A-1\nAmount due: $1",
      "ACME\nInvoice Number: A-2\nAmount due: $2",
      "ACME\nInvoice Number: A-2\nPage 2 of 2",
    ];
    const output = splitPages(pages, classes);
    expect(output.splits.map((s) => [s.identifier, s.startPage, s.endPage])).toEqual([
      ["A-1", 1, 1],
      ["A-2", 2, 3],
    ]);
  });

  it("keeps blank and keyword-less pages with the current document", () => {
    const pages = [
      "",
      "INVOICE\nInvoice Number: 5\nAmount due: 1",
      "",
      "Lorem ipsum dolor sit amet",
      "RECEIPT\nPaid: 1",
    ];
    expect(ranges(splitPages(pages, classes))).toEqual([
      ["invoice", 1, 4],
      ["receipt", 5, 5],
    ]);
  });

  it("does not switch class on a stray word", () => {
    const pages = [
      "SERVICES AGREEMENT\nThe parties shall...",
      "Fees are paid within 30 days of each invoice.\nTerms...",
    ];
    expect(ranges(splitPages(pages, classes))).toEqual([["contract", 1, 2]]);
  });

  it("prefers the identifier that names the class and ignores tax and account numbers", () => {
    const invoice = classes[0];
    expect(pageIdentifier("VAT Number: DE123\nReference: R-9\nInvoice No.: INV-5", invoice)).toBe("INV-5");
    expect(pageIdentifier("Account Number: 1234\nNumber: 55", invoice)).toBe("55");
    expect(pageIdentifier("Nothing here", invoice)).toBe("");
  });

  it("splits a multi-page PDF through readDocument and runProcessor", async () => {
    const pdf = await makePdf([
      ["INVOICE", "Invoice Number: INV-9", "Amount Due: $120.00", "Due Date: 2025-06-30"],
      ["SALES RECEIPT", "Receipt #: 4411", "Total Paid: $9.00", "Cashier: Ana", "Change: $1.00"],
      [
        "MUTUAL NON-DISCLOSURE AGREEMENT",
        "The parties agree that the receiving party shall keep information confidential.",
      ],
      ["Governing Law. This Agreement is governed by the laws of Texas.", "Signature: Bill", "Page 2 of 2"],
    ]);
    const document = await readDocument(pdf, "packet.pdf");
    if (!document.ok) throw new Error(document.message);
    const result = runProcessor({
      type: "SPLITTER",
      config: splitter?.config ?? {},
      pages: document.pages,
      fileId: "file_abc",
    });
    if (!result.ok) throw new Error(result.failureMessage);
    expect(result.credits).toBe(2);
    const output = result.output as { splits: Array<Record<string, unknown>> };
    expect(
      output.splits.map((s) => [s["type"], s["startPage"], s["endPage"], s["identifier"], s["fileId"]]),
    ).toEqual([
      ["invoice", 1, 1, "INV-9", "file_abc"],
      ["receipt", 2, 2, "4411", "file_abc"],
      ["contract", 3, 4, "", "file_abc"],
    ]);
  });
});
