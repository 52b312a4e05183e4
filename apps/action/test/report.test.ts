import { describe, expect, it } from "vitest";
import { emptyResult, type FileResult } from "../src/engine/results.js";
import {
  countOutcomes,
  FAIL_ON_KINDS,
  type FailOnKind,
  type Outcome,
  progressLine,
} from "../src/outcomes.js";
import { MAX_FILE_ANNOTATIONS, planAnnotations } from "../src/report/annotations.js";
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
      "2 failed, 1 timed out of 4 files (fail-on: failed,cancelled,timeout,error).",
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
  it("annotates each non-processed file at its path, as error when fail-on counts it", () => {
    const annotations = planAnnotations(
      [
        result("ok.pdf", "processed"),
        result("bad.pdf", "failed", { failureReason: "PROCESSING_ERROR", failureMessage: "boom" }),
        result("slow.pdf", "timed-out", { note: "cancelled after the timeout" }),
      ],
      ["failed"],
    );
    expect(annotations).toEqual([
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

  it("caps per-file annotations at 10 and adds one aggregate", () => {
    const results = Array.from({ length: 25 }, (_, i) =>
      result(`f${String(i).padStart(2, "0")}.pdf`, "failed"),
    );
    const annotations = planAnnotations(results, ["failed"]);
    expect(annotations).toHaveLength(MAX_FILE_ANNOTATIONS + 1);
    expect(annotations.slice(0, 10).every((a) => a.file !== undefined)).toBe(true);
    const aggregate = annotations[10];
    expect(aggregate).toMatchObject({ level: "error", title: "Extend: 15 more files did not process" });
    expect(aggregate?.file).toBeUndefined();
    expect(aggregate?.message).toBe(
      "f10.pdf, f11.pdf, f12.pdf, f13.pdf, f14.pdf, and 10 more. See the job summary and the results file for every file.",
    );
  });

  it("adds no aggregate at exactly the cap", () => {
    const results = Array.from({ length: 10 }, (_, i) =>
      result(`f${i}.pdf`, "error", { error: null, note: "x" }),
    );
    expect(planAnnotations(results, [])).toHaveLength(10);
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
