import { describe, expect, it } from "vitest";
import { emptyResult, type FileResult } from "../src/engine/results.js";
import {
  countOutcomes,
  FAIL_ON_KINDS,
  type FailOnKind,
  type Outcome,
  progressLine,
} from "../src/outcomes.js";
import { MAX_ANNOTATIONS_PER_LEVEL, planAnnotations } from "../src/report/annotations.js";
import { buildOutputs, buildResultsDocument } from "../src/report/results-document.js";
import {
  cell,
  formatDuration,
  renderPlanSummary,
  renderSummary,
  SUMMARY_MAX_BYTES,
} from "../src/report/summary.js";
import { decideVerdict } from "../src/report/verdict.js";

function result(file: string, outcome: Outcome, extra: Partial<FileResult> = {}): FileResult {
  const runId = `dpr_${file.replace(/\W/g, "")}`;
  return {
    ...emptyResult(file, 10, outcome),
    runId,
    url: `https://dashboard.extend.ai/runs/${runId}`,
    status: outcome === "processed" ? "PROCESSED" : outcome === "failed" ? "FAILED" : "CANCELLED",
    durationMs: 2100,
    ...extra,
  };
}

const bytes = (text: string) => new TextEncoder().encode(text).length;

describe("progress and totals", () => {
  it("counts outcomes and prints the progress line", () => {
    const results = [result("a", "processed"), result("b", "failed"), result("c", "processed")];
    const totals = countOutcomes(results, 40);
    expect(progressLine(totals)).toBe("3/40 done: 2 processed, 1 failed");
    const more = countOutcomes(
      [...results, result("d", "timed-out"), result("e", "error"), result("f", "cancelled")],
      6,
    );
    expect(progressLine(more)).toBe("6/6 done: 2 processed, 1 failed, 1 cancelled, 1 timed out, 1 errored");
  });
});

describe("decideVerdict: the fail-on matrix", () => {
  const outcomes: Outcome[] = ["failed", "cancelled", "timed-out", "error"];
  const kindOf: Record<string, FailOnKind> = {
    failed: "failed",
    cancelled: "cancelled",
    "timed-out": "timeout",
    error: "error",
  };

  for (const outcome of outcomes) {
    for (const kind of FAIL_ON_KINDS) {
      const fails = kindOf[outcome] === kind;
      it(`one ${outcome} file with fail-on ${kind} → ${fails ? "failure" : "success"}`, () => {
        const totals = countOutcomes([result("a", "processed"), result("b", outcome)]);
        expect(decideVerdict(totals, [kind]).failed).toBe(fails);
      });
    }
    it(`one ${outcome} file with fail-on never → success`, () => {
      const verdict = decideVerdict(countOutcomes([result("b", outcome)]), []);
      expect(verdict.failed).toBe(false);
      expect(verdict.reason).toContain("not counted as failures (fail-on: never)");
    });
  }

  it("all processed → success with the default policy", () => {
    expect(decideVerdict(countOutcomes([result("a", "processed")]), [...FAIL_ON_KINDS])).toEqual({
      failed: false,
      reason: "All 1 files processed.",
    });
  });

  it("names every matched kind in the reason", () => {
    const totals = countOutcomes([
      result("a", "failed"),
      result("b", "failed"),
      result("c", "timed-out"),
      result("d", "processed"),
    ]);
    expect(decideVerdict(totals, [...FAIL_ON_KINDS]).reason).toBe(
      "2 failed, 1 timed out of 4 files (fail-on: failed,cancelled,timeout,error,mismatched).",
    );
  });

  it("always fails on the runner's cancellation and on fatal errors, even with never", () => {
    const totals = countOutcomes([result("a", "processed")]);
    expect(decideVerdict(totals, [], { kind: "abort", detail: "SIGTERM" })).toEqual({
      failed: true,
      reason: "The action was cancelled (SIGTERM).",
    });
    const fatal = decideVerdict(totals, [], {
      kind: "fatal",
      error: {
        stage: "upload",
        message: "401",
        advice: "check the api-key input",
        status: 401,
        code: null,
        requestId: null,
        mayHaveCreatedRun: false,
      },
    });
    expect(fatal.failed).toBe(true);
    expect(fatal.reason).toContain("check the api-key input");
  });

  it("leaves a timeout stop to fail-on (timed-out files)", () => {
    const totals = countOutcomes([result("a", "timed-out")]);
    expect(decideVerdict(totals, ["failed"], { kind: "timeout", label: "1m" }).failed).toBe(false);
    expect(decideVerdict(totals, ["timeout"], { kind: "timeout", label: "1m" }).failed).toBe(true);
  });
});

describe("planAnnotations", () => {
  const failing = { failed: true, reason: "1 failed of 3 files (fail-on: failed)." };
  const errorsOf = (list: ReturnType<typeof planAnnotations>) => list.filter((a) => a.level === "error");

  it("puts the verdict first, then each non-processed file at its path, as error when fail-on counts it", () => {
    const annotations = planAnnotations({
      results: [
        result("ok.pdf", "processed"),
        result("bad.pdf", "failed", { failureReason: "PROCESSING_ERROR", failureMessage: "boom" }),
        result("slow.pdf", "timed-out", { note: "cancelled after the timeout" }),
      ],
      failOn: ["failed"],
      verdict: failing,
    });
    expect(annotations).toEqual([
      { level: "error", message: "1 failed of 3 files (fail-on: failed)." },
      {
        level: "error",
        title: "Extend: failed (dpr_badpdf)",
        message: "PROCESSING_ERROR: boom",
        file: "bad.pdf",
      },
      {
        level: "warning",
        title: "Extend: timed-out (dpr_slowpdf)",
        message: "cancelled after the timeout",
        file: "slow.pdf",
      },
    ]);
  });

  it("says a repeated failure once, with its count, anchored at the first file", () => {
    const results = Array.from({ length: 39 }, (_, i) =>
      result(`f${String(i).padStart(2, "0")}.pdf`, "error", {
        runId: null,
        note: "not started: API unreachable",
      }),
    );
    const annotations = planAnnotations({ results, failOn: ["error"], verdict: failing });
    expect(annotations).toEqual([
      { level: "error", message: failing.reason },
      {
        level: "error",
        title: "Extend: 39 files error",
        message:
          "not started: API unreachable (39 files: f00.pdf, f01.pdf, f02.pdf, f03.pdf, f04.pdf, and 34 more)",
        file: "f00.pdf",
      },
    ]);
  });

  it("never emits more than 10 errors in the step, the verdict and the roll-up included", () => {
    const results = Array.from({ length: 25 }, (_, i) =>
      result(`f${String(i).padStart(2, "0")}.pdf`, "failed", { failureMessage: `distinct ${i}` }),
    );
    const annotations = planAnnotations({ results, failOn: ["failed"], verdict: failing });
    expect(errorsOf(annotations)).toHaveLength(MAX_ANNOTATIONS_PER_LEVEL);
    expect(annotations[0]).toEqual({ level: "error", message: failing.reason });
    expect(annotations.slice(1, 9).every((a) => a.file !== undefined)).toBe(true);
    const rollUp = annotations[9];
    expect(rollUp).toMatchObject({ level: "error", title: "Extend: 17 more files did not process" });
    expect(rollUp?.file).toBeUndefined();
    expect(rollUp?.message).toBe(
      "f08.pdf, f09.pdf, f10.pdf, f11.pdf, f12.pdf, and 12 more. See the job summary and the results file for every file.",
    );
    // Annotations the step already emitted count against the budget.
    const later = planAnnotations({
      results,
      failOn: ["failed"],
      verdict: failing,
      used: { error: 3, warning: 0 },
    });
    expect(errorsOf(later)).toHaveLength(MAX_ANNOTATIONS_PER_LEVEL - 3);
  });

  it("adds no roll-up when everything fits", () => {
    const results = Array.from({ length: 9 }, (_, i) =>
      result(`f${i}.pdf`, "error", { error: null, note: `x${i}` }),
    );
    const annotations = planAnnotations({ results, failOn: ["error"], verdict: failing });
    expect(annotations).toHaveLength(10);
    expect(annotations.every((a) => !a.title?.includes("more files"))).toBe(true);
  });
});

describe("renderSummary", () => {
  const base = {
    processorId: "dp_1",
    processorVersion: "latest",
    verdict: { failed: true, reason: "1 failed of 3 files (fail-on: failed)." },
    durationMs: 65_000,
    resultsFile: "/runner/tmp/extend-results.json",
  };

  it("shows verdict, totals and one row per file with problems first", () => {
    const results = [
      result("b.pdf", "processed"),
      result("a|pipe.pdf", "failed", { failureReason: "PROCESSING_ERROR", failureMessage: "line1\nline2" }),
      result("c.pdf", "processed", { runId: null, url: null }),
    ];
    const text = renderSummary({ ...base, totals: countOutcomes(results), results });
    expect(text).toContain("## ❌ Extend processor `dp_1` (latest)");
    expect(text).toContain("| 3 | 2 | 1 | 0 | 0 | 0 | 1m 5s |");
    const rows = text.split("\n").filter((l) => l.startsWith("| `"));
    expect(rows).toEqual([
      "| `a\\|pipe.pdf` | ❌ failed | 2.1 s | [dpr_apipepdf](https://dashboard.extend.ai/runs/dpr_apipepdf) | PROCESSING_ERROR: line1 line2 |",
      "| `b.pdf` | ✅ processed | 2.1 s | [dpr_bpdf](https://dashboard.extend.ai/runs/dpr_bpdf) |  |",
      "| `c.pdf` | ✅ processed | 2.1 s | — |  |",
    ]);
    expect(text).not.toContain("Showing");
  });

  it("trims rows before the byte limit and says how many are shown", () => {
    const results = Array.from({ length: 2000 }, (_, i) =>
      result(
        `docs/${String(i).padStart(4, "0")}-${"long-name-".repeat(5)}.pdf`,
        i % 3 ? "processed" : "failed",
        {
          failureMessage: "é".repeat(100),
        },
      ),
    );
    const maxBytes = 50_000;
    const text = renderSummary({ ...base, totals: countOutcomes(results), results, maxBytes });
    expect(bytes(text)).toBeLessThanOrEqual(maxBytes);
    const shown = text.split("\n").filter((l) => l.startsWith("| `docs/")).length;
    expect(shown).toBeGreaterThan(50);
    expect(shown).toBeLessThan(2000);
    expect(text).toContain(`> Showing ${shown} of 2000 files: GitHub limits a job summary to 1 MiB.`);
    expect(text).toContain("/runner/tmp/extend-results.json");
    // Failures come first, so the shown rows are all failures here.
    expect(
      text
        .split("\n")
        .filter((l) => l.startsWith("| `docs/"))
        .every((l) => l.includes("❌ failed")),
    ).toBe(true);
  });

  it("stays under GitHub's 1 MiB with the default budget", () => {
    const results = Array.from({ length: 20_000 }, (_, i) =>
      result(`f${i}-${"x".repeat(40)}.pdf`, "failed", { failureMessage: "y".repeat(200) }),
    );
    const text = renderSummary({ ...base, totals: countOutcomes(results), results });
    expect(bytes(text)).toBeLessThanOrEqual(SUMMARY_MAX_BYTES);
    expect(bytes(text)).toBeLessThan(1024 * 1024);
    expect(text).toContain("> Showing ");
  });

  it("says a shared failure once with its count and points its rows at it", () => {
    const results = [
      result("a.pdf", "failed", { failureReason: "PROCESSING_ERROR", failureMessage: "same" }),
      result("b.pdf", "failed", { failureReason: "PROCESSING_ERROR", failureMessage: "same" }),
      result("c.pdf", "failed", { failureReason: "PROCESSING_ERROR", failureMessage: "other" }),
    ];
    const text = renderSummary({ ...base, totals: countOutcomes(results), results });
    expect(text.split("PROCESSING_ERROR: same")).toHaveLength(2);
    expect(text).toContain("1. ❌ **2 files failed**: PROCESSING_ERROR: same (`a.pdf`, `b.pdf`)");
    expect(text).toContain(
      "| `a.pdf` | ❌ failed | 2.1 s | [dpr_apdf](https://dashboard.extend.ai/runs/dpr_apdf) | problem 1 above |",
    );
    expect(text).toContain("| PROCESSING_ERROR: other |");
  });

  it("folds processed rows into <details> past 20 files and keeps long names whole", () => {
    const long = `docs/${"very-long-directory-name/".repeat(20)}invoice.pdf`;
    const results = [
      result(long, "failed"),
      ...Array.from({ length: 21 }, (_, i) => result(`ok${String(i).padStart(2, "0")}.pdf`, "processed")),
    ];
    const text = renderSummary({ ...base, totals: countOutcomes(results), results });
    expect(text).toContain(`| \`${long}\` | ❌ failed |`);
    const details = text.slice(text.indexOf("<details>"));
    expect(details).toMatch(/^<details><summary>21 processed files<\/summary>/);
    expect(details.split("\n").filter((l) => l.startsWith("| `ok"))).toHaveLength(21);
    expect(text.slice(0, text.indexOf("<details>"))).not.toContain("ok00.pdf");
    expect(
      renderSummary({ ...base, totals: countOutcomes(results.slice(0, 20)), results: results.slice(0, 20) }),
    ).not.toContain("<details>");
  });

  it("links runs to the dashboard only when base-url is Extend's", () => {
    const results = [result("a.pdf", "processed")];
    const at = (baseUrl: string) =>
      renderSummary({ ...base, baseUrl, totals: countOutcomes(results), results });
    expect(at("https://api.extend.ai")).toContain("[dpr_apdf](https://dashboard.extend.ai/runs/dpr_apdf)");
    expect(at("http://127.0.0.1:4010")).toContain("| `dpr_apdf` |");
    expect(at("http://127.0.0.1:4010")).not.toContain("dashboard.extend.ai");
    expect(at("https://proxy.example.com")).not.toContain("](");
  });

  it("renders what a dry run proved and what it could not", () => {
    const text = renderPlanSummary({
      processorId: "dp_1",
      processorVersion: "draft",
      files: [],
      lines: [],
      proven: ["the key"],
      unproven: ["that processor dp_1 exists"],
    });
    expect(text).toContain("### ✔️ Proven\n\n- the key");
    expect(text).toContain("Not proven (a dry run spends no credits)\n\n- that processor dp_1 exists");
  });

  it("renders the dry-run plan", () => {
    const text = renderPlanSummary({
      processorId: "dp_1",
      processorVersion: "draft",
      files: [{ path: "a.pdf", bytes: 12 }],
      lines: ["concurrency 4"],
    });
    expect(text).toContain("Extend dry run");
    expect(text).toContain("Nothing was uploaded or run. 1 files would be processed.");
    expect(text).toContain("| `a.pdf` | 12 B |");
  });

  it("formats durations and cells", () => {
    expect(formatDuration(850)).toBe("850 ms");
    expect(formatDuration(2100)).toBe("2.1 s");
    expect(formatDuration(72_000)).toBe("1m 12s");
    expect(cell("a|b\nc")).toBe("a\\|b c");
    expect(cell("x".repeat(400))).toHaveLength(301);
  });
});

describe("results document and outputs", () => {
  const results = [
    result("a.pdf", "processed"),
    result("b.pdf", "failed"),
    result("c.pdf", "error", { runId: null }),
  ];
  const totals = countOutcomes(results);
  const verdict = { failed: true, reason: "1 failed" };

  it("builds every output", () => {
    expect(buildOutputs({ verdict, totals, results, resultsFile: "/tmp/r.json" })).toEqual({
      status: "failure",
      total: "3",
      processed: "1",
      failed: "1",
      cancelled: "0",
      "timed-out": "0",
      errored: "1",
      mismatched: "0",
      cached: "0",
      "run-ids": '["dpr_apdf","dpr_bpdf"]',
      "results-file": "/tmp/r.json",
    });
  });

  it("builds the results document", () => {
    const doc = buildResultsDocument({
      verdict,
      dryRun: false,
      processorId: "dp_1",
      processorVersion: "latest",
      baseUrl: "https://api.extend.ai",
      startedAt: Date.parse("2026-01-01T00:00:00Z"),
      finishedAt: Date.parse("2026-01-01T00:00:05Z"),
      stop: { kind: "timeout", label: "5s" },
      totals,
      files: results,
      skipped: [{ path: "docs/escape.pdf", reason: "symlink to a path outside the workspace (refused)" }],
    });
    expect(doc.skipped).toEqual([
      { path: "docs/escape.pdf", reason: "symlink to a path outside the workspace (refused)" },
    ]);
    expect(doc).toMatchObject({
      schemaVersion: 1,
      status: "failure",
      startedAt: "2026-01-01T00:00:00.000Z",
      durationMs: 5000,
      stoppedEarly: "timeout",
      totals: { total: 3, processed: 1, failed: 1, errored: 1 },
    });
    expect(doc.files).toHaveLength(3);
  });
});
