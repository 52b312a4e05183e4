import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EXACT_RULES } from "../../src/gate/compare-rules.js";
import { expectationPath, loadExpectation, writeExpectation } from "../../src/gate/expectations.js";
import { compareOutputs } from "../../src/gate/field-diff.js";
import {
  type GateResult,
  keyFields,
  renderGateComment,
  renderGateSummary,
  shortValue,
} from "../../src/gate/gate-report.js";

const expected = { value: { invoice_number: "INV-1", total: 100, vendor: "Acme" } };

function mismatch(file: string, total: number): GateResult {
  const got = { value: { ...expected.value, total } };
  return {
    file,
    processorId: "dp_x",
    verdict: "mismatched",
    comparison: compareOutputs(expected, got, EXACT_RULES),
  };
}

function matched(file: string): GateResult {
  return {
    file,
    processorId: "dp_x",
    verdict: "matched",
    comparison: compareOutputs(expected, expected, EXACT_RULES),
  };
}

describe("renderGateSummary", () => {
  it("shows a table of differing fields per mismatched document, then folds the rest", () => {
    const text = renderGateSummary(
      [
        matched("docs/ok.pdf"),
        mismatch("docs/bad.pdf", 101),
        { file: "docs/new.pdf", processorId: "dp_x", verdict: "no-expectation", output: expected },
      ],
      "results.json",
      1_000_000,
    );
    expect(text).toContain("### ❌ `docs/bad.pdf` (dp_x): 2/3 fields match");
    expect(text).toContain("| `value.total` | `100` | `101` | exact |");
    expect(text).toContain("<details><summary>✅ 1 documents match their expected output</summary>");
    expect(text).toContain('- `docs/new.pdf`: invoice_number: `"INV-1"`, total: `100`, vendor: `"Acme"`');
    expect(text.indexOf("❌")).toBeLessThan(text.indexOf("<details>"));
  });

  it("stays under 1 MiB at 2,000 mismatched documents and points at the results file", () => {
    // 30 differing fields per document: about 2.5 KB each, 5 MB in all before the cut
    const wide = Object.fromEntries(
      Array.from({ length: 30 }, (_, k) => [`field_${k}`, `expected value ${k}`]),
    );
    const results: GateResult[] = Array.from({ length: 2000 }, (_, i) => ({
      file: `docs/file-${i}.pdf`,
      processorId: "dp_x",
      verdict: "mismatched",
      comparison: compareOutputs(
        { value: wide },
        { value: Object.fromEntries(Object.keys(wide).map((k) => [k, `got ${i}`])) },
        EXACT_RULES,
      ),
    }));
    const text = renderGateSummary(results, "extend-results.json", 1_000_000);
    expect(new TextEncoder().encode(text).length).toBeLessThanOrEqual(1_000_000);
    expect(text).toMatch(/> \d+ more documents are not shown: .*`extend-results.json`/);
  });
});

describe("renderGateComment", () => {
  it("fits the comment budget", () => {
    const results = Array.from({ length: 3000 }, (_, i) => mismatch(`docs/file-${i}.pdf`, i));
    const text = renderGateComment(results, 60_000);
    expect(text.length).toBeLessThanOrEqual(60_000);
    expect(text).toMatch(/…and \d+ more mismatched documents/);
  });
});

describe("shortValue and keyFields", () => {
  it("shortens and escapes values for table cells", () => {
    expect(shortValue("a|b`c", true)).toBe('`"a\\|b\'c"`');
    expect(shortValue(undefined, false)).toBe("_(missing)_");
    expect(shortValue("x".repeat(200), true, 20)).toHaveLength(22);
  });

  it("reads key fields of extract, split and classify outputs", () => {
    expect(keyFields({ splits: [{ type: "invoice", startPage: 1, endPage: 2 }] })).toEqual([
      "invoice: pages 1–2",
    ]);
    expect(keyFields({ id: "receipt", type: "receipt", confidence: 0.9 })).toEqual(["type: `receipt`"]);
  });
});

describe("expectations", () => {
  it("mirrors the workspace path, reads, and writes byte-stably", async () => {
    const dir = await mkdtemp(join(tmpdir(), "exp-"));
    expect(expectationPath(dir, "docs/a.pdf")).toBe(join(dir, "docs/a.pdf.json"));
    expect(() => expectationPath(dir, "../etc/passwd")).toThrow(/not one/);
    expect(await loadExpectation(dir, "docs/a.pdf")).toEqual({
      kind: "missing",
      path: join(dir, "docs/a.pdf.json"),
    });
    expect(await writeExpectation(dir, "docs/a.pdf", expected)).toBe(true);
    expect(await writeExpectation(dir, "docs/a.pdf", expected)).toBe(false);
    expect(await readFile(join(dir, "docs/a.pdf.json"), "utf8")).toBe(
      `${JSON.stringify(expected, null, 2)}\n`,
    );
    expect(await loadExpectation(dir, "docs/a.pdf")).toMatchObject({ kind: "found", output: expected });
    await writeFile(join(dir, "docs/b.pdf.json"), "{oops");
    expect(await loadExpectation(dir, "docs/b.pdf")).toMatchObject({
      kind: "unreadable",
      reason: /not valid JSON/,
    });
  });
});
