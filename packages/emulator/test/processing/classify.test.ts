import { describe, expect, it } from "vitest";
import { classifyPages } from "../../src/processing/classify.js";
import { DEFAULT_PROCESSOR_DEFINITIONS, runProcessor } from "../../src/processing/index.js";

const classifier = DEFAULT_PROCESSOR_DEFINITIONS.find((p) => p.id === "dp_document_classifier");
const classes = [
  { id: "cls_invoice", type: "invoice", description: "Bill with amount due and due date" },
  { id: "cls_receipt", type: "receipt", description: "Proof of payment: paid, change, cashier" },
  { id: "cls_contract", type: "contract", description: "Agreement between parties, terms, signature" },
];

describe("CLASSIFY", () => {
  it("picks the class whose keywords score highest, with reasoning", () => {
    const output = classifyPages(
      ["ACME\nINVOICE\nInvoice Number: 1\nAmount due: $5\nDue date: 2025-01-01"],
      classes,
    );
    expect(output).toMatchObject({ id: "cls_invoice", type: "invoice" });
    expect(output.confidence).toBeGreaterThan(0.9);
    expect(output.confidence).toBeLessThanOrEqual(1);
    expect(output.insights).toHaveLength(1);
    expect(output.insights[0]?.type).toBe("reasoning");
    expect(output.insights[0]?.content).toContain('"invoice"');
    expect(output.insights[0]?.content).toContain("invoice ×2");
  });

  it("uses description words, not only the class name", () => {
    const output = classifyPages(["Thanks!\nPaid by card. Cashier: Joe. Change: 0.00"], classes);
    expect(output.id).toBe("cls_receipt");
  });

  it("gives the title a strong weight", () => {
    const text = "SALES RECEIPT\nPaid: $5\nRefer to invoice 7 and invoice 8 for details";
    expect(classifyPages([text], classes).id).toBe("cls_receipt");
  });

  it("has lower confidence when two classes compete", () => {
    const clear = classifyPages(["Agreement between the parties. Terms. Signature."], classes);
    const mixed = classifyPages(["Agreement between the parties. Terms. Signature. See invoice."], classes);
    expect(mixed.id).toBe("cls_contract");
    expect(mixed.confidence).toBeLessThan(clear.confidence);
  });

  it("breaks ties by configuration order", () => {
    const tie = [
      { id: "a", type: "alpha", description: "" },
      { id: "b", type: "beta", description: "" },
    ];
    expect(classifyPages(["alpha beta"], tie).id).toBe("a");
    expect(classifyPages(["alpha beta"], [...tie].reverse()).id).toBe("b");
  });

  it("falls back to the 'other' class when nothing matches", () => {
    const output = classifyPages(
      ["Lorem ipsum dolor sit amet"],
      [...classes, { id: "other", type: "other", description: "" }],
    );
    expect(output).toMatchObject({ id: "other", type: "other", confidence: 0.5 });
  });

  it("falls back to the first class with low confidence when there is no 'other'", () => {
    const output = classifyPages(["Lorem ipsum dolor sit amet"], classes);
    expect(output).toMatchObject({ id: "cls_invoice", confidence: 0.1 });
    expect(output.insights[0]?.content).toMatch(/no catch-all/);
  });

  it("runs through runProcessor with the default classifier", () => {
    expect(classifier).toBeDefined();
    const result = runProcessor({
      type: "CLASSIFY",
      config: classifier?.config ?? {},
      pages: [
        "MASTER SERVICES AGREEMENT\nThe parties hereby agree. This Agreement shall terminate...",
        "Signature: ___",
      ],
    });
    expect(result).toMatchObject({ ok: true, output: { id: "contract", type: "contract" }, credits: 1 });
  });
});
