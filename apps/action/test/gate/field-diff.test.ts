import { describe, expect, it } from "vitest";
import { EXACT_RULES, parseCompareRules } from "../../src/gate/compare-rules.js";
import { compareOutputs } from "../../src/gate/field-diff.js";

const invoice = {
  value: {
    invoice_number: "INV-2025-0412",
    vendor: "Acme Corporation",
    invoice_date: "2025-03-14",
    total: { amount: 1681.94, iso_4217_currency_code: "USD" },
    line_items: [
      { sku: "A-1", description: "Widget, large", amount: 1000 },
      { sku: "B-2", description: "Service fee", amount: 681.94 },
    ],
  },
  metadata: { vendor: { logprobsConfidence: 0.95 } },
};

function clone<T>(value: T): T {
  return structuredClone(value);
}

describe("compareOutputs", () => {
  it("matches an identical output field by field", () => {
    const result = compareOutputs(invoice, clone(invoice), EXACT_RULES);
    expect(result.compared).toBe(12);
    expect(result.matched).toBe(12);
    expect(result.fields.every((f) => f.match)).toBe(true);
    expect(result.fields.map((f) => f.path)).toContain("value.line_items[1].amount");
  });

  it("reports each differing field with expected, got and the rule", () => {
    const got = clone(invoice);
    got.value.total.amount = 1681.95;
    got.value.vendor = "ACME corporation";
    const result = compareOutputs(invoice, got, EXACT_RULES);
    expect(result.fields.filter((f) => !f.match)).toEqual([
      {
        path: "value.vendor",
        expected: "Acme Corporation",
        got: "ACME corporation",
        rule: "exact",
        match: false,
      },
      { path: "value.total.amount", expected: 1681.94, got: 1681.95, rule: "exact", match: false },
    ]);
    expect(result.compared - result.matched).toBe(2);
  });

  it("applies tolerances, normalisation, similarity and dates where rules say so", () => {
    const rules = parseCompareRules({
      fields: {
        "value.total.amount": { absolute: 0.01 },
        "value.vendor": "normalized",
        "value.line_items[*].description": { similarity: 0.8 },
        "value.invoice_date": "date",
      },
    });
    const got = clone(invoice);
    got.value.total.amount = 1681.949;
    got.value.vendor = "  ACME   corporation. ";
    got.value.invoice_date = "March 14, 2025";
    got.value.line_items[0]!.description = "Widget large";
    const result = compareOutputs(invoice, got, rules);
    expect(result.fields.filter((f) => !f.match)).toEqual([]);
    expect(result.fields.find((f) => f.path === "value.total.amount")?.rule).toBe("±0.01");

    got.value.total.amount = 1682;
    got.value.invoice_date = "2025-03-15";
    got.value.line_items[1]!.description = "Shipping";
    const worse = compareOutputs(invoice, got, rules);
    expect(worse.fields.filter((f) => !f.match).map((f) => f.path)).toEqual([
      "value.invoice_date",
      "value.total.amount",
      "value.line_items[1].description",
    ]);
  });

  it("uses relative tolerances against the larger magnitude", () => {
    const rules = parseCompareRules({ fields: { "value.total.amount": { relative: 0.001 } } });
    const got = clone(invoice);
    got.value.total.amount = 1683.5; // 0.09% off
    expect(compareOutputs(invoice, got, rules).matched).toBe(12);
    got.value.total.amount = 1700; // 1% off
    expect(compareOutputs(invoice, got, rules).matched).toBe(11);
  });

  it("ignores subtrees (excludeFields) and counts only compared fields", () => {
    const rules = parseCompareRules({ excludeFields: ["metadata"], fuzzyMatchFields: ["value.vendor"] });
    const got = clone(invoice);
    got.metadata.vendor.logprobsConfidence = 0.5;
    got.value.vendor = "acme corporation";
    const result = compareOutputs(invoice, got, rules);
    expect(result.compared).toBe(11);
    expect(result.matched).toBe(11);
    expect(result.fields.some((f) => f.path.startsWith("metadata"))).toBe(false);
  });

  it("matches array items by a key field regardless of order, and names them by key", () => {
    const rules = parseCompareRules({ arrays: { "value.line_items": { key: "sku" } } });
    const got = clone(invoice);
    got.value.line_items.reverse();
    expect(compareOutputs(invoice, got, rules).matched).toBe(12);
    // by position the same reordering is 6 differences
    expect(compareOutputs(invoice, got, EXACT_RULES).matched).toBe(6);

    got.value.line_items[0]!.amount = 680;
    const result = compareOutputs(invoice, got, rules);
    expect(result.fields.filter((f) => !f.match).map((f) => f.path)).toEqual([
      "value.line_items[sku=B-2].amount",
    ]);
  });

  it("counts missing and unexpected fields and items as differences", () => {
    const got = clone(invoice) as Record<string, unknown> & typeof invoice;
    delete (got.value as Partial<typeof invoice.value>).total;
    (got.value as Record<string, unknown>).po_number = "PO-1";
    got.value.line_items.pop();
    const result = compareOutputs(invoice, got, EXACT_RULES);
    const differing = result.fields.filter((f) => !f.match);
    expect(differing).toEqual([
      {
        path: "value.total",
        expected: { amount: 1681.94, iso_4217_currency_code: "USD" },
        rule: "exact",
        match: false,
      },
      { path: "value.line_items[1]", expected: invoice.value.line_items[1], rule: "exact", match: false },
      { path: "value.po_number", got: "PO-1", rule: "exact", match: false },
    ]);
    // total holds 2 leaves and the missing item 3: 5 + 1 unexpected field
    expect(result.compared - result.matched).toBe(6);
  });

  it("treats a changed shape as a difference, not a crash", () => {
    const got = clone(invoice) as unknown as { value: Record<string, unknown> };
    got.value.total = 1681.94;
    const result = compareOutputs(invoice, got, EXACT_RULES);
    expect(result.fields.find((f) => f.path === "value.total")).toMatchObject({ match: false, got: 1681.94 });
    expect(result.compared - result.matched).toBe(2);
  });

  it("the most specific rule wins", () => {
    const rules = parseCompareRules({
      fields: { "value.line_items": "ignore", "value.line_items[*].amount": { absolute: 1 } },
    });
    const got = clone(invoice);
    got.value.line_items[0]!.description = "changed";
    got.value.line_items[0]!.amount = 1000.5;
    const result = compareOutputs(invoice, got, rules);
    expect(
      result.fields.filter((f) => f.path.startsWith("value.line_items")).map((f) => [f.path, f.match]),
    ).toEqual([
      ["value.line_items[0].amount", true],
      ["value.line_items[1].amount", true],
    ]);
  });
});

describe("parseCompareRules", () => {
  it.each([
    [[], /expected a JSON object/],
    [{ feilds: {} }, /unknown key "feilds"/],
    [{ fields: { "value.total": "approx" } }, /unknown rule "approx"/],
    [{ fields: { "value.total": { absolute: -1 } } }, /absolute must be a number ≥ 0/],
    [{ fields: { "value.total": { similarity: 2 } } }, /similarity must be a number in \(0, 1\]/],
    [{ fields: { "value..total": "exact" } }, /malformed/],
    [{ fields: { "items[0]": "exact" } }, /use \[\*\] for array items/],
    [{ fields: { metadata: "exact" }, excludeFields: ["metadata"] }, /"metadata" has two rules/],
    [{ arrays: { "value.line_items": "sku" } }, /expected \{ "key": "<field of each item>" \}/],
    [{ excludeFields: "metadata" }, /excludeFields: expected an array/],
  ])("refuses %j", (json, message) => {
    expect(() => parseCompareRules(json)).toThrow(message);
  });
});
