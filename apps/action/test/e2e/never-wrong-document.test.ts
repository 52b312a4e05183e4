// Issue 12 §1: two jobs process the same path with different content at the same time, and faults make
// both uploads and creates fail uncertainly (the server did the work, the reply was lost). Each job's
// results must carry its own content: an upload is never adopted by name, a run only by this
// invocation's nonce and file id. Every recovery is listed in the job summary.
import { existsSync } from "node:fs";
import type { FaultRule } from "@extendkit/emulator/admin";
import { beforeAll, describe, expect, it } from "vitest";
import { invoice, RUNTIMES, runBundle, uniqueKey, useSuiteEmulator } from "./harness.js";

const KEY = uniqueKey("wrongdoc");

describe.each(RUNTIMES)("dist/index.js under $name", ({ name, bin }) => {
  beforeAll(() => {
    expect(existsSync(bin), `${name} binary missing at ${bin}`).toBe(true);
  });
  const { emulator, inputs } = useSuiteEmulator({ key: KEY, latency: "instant", files: "docs/invoice.txt" });

  it("two concurrent jobs with lost upload and create replies each certify their own document", async () => {
    const faults: FaultRule[] = [
      // Stored, then the reply failed: a name-and-time lookup would find the other job's file.
      // Two at most for any one job, so each job's third attempt (the last) gets through.
      { method: "POST", path: "/files/upload", status: 503, afterHandling: true, count: 2 },
      // Created, then the reply failed: the run must be found by this invocation's nonce.
      { method: "POST", path: "/processor_runs", status: 502, afterHandling: true, count: 2 },
    ];
    expect(await emulator.admin.addFaults(faults)).toHaveLength(2);
    const job = (content: string) =>
      runBundle({ bin, inputs: inputs(), files: { "docs/invoice.txt": invoice(content) } });
    const [a, b] = await Promise.all([job("OLD-BRANCH-111"), job("NEW-PR-999")]);

    for (const [run, number] of [
      [a, "OLD-BRANCH-111"],
      [b, "NEW-PR-999"],
    ] as const) {
      expect(run.code, run.stdout + run.stderr).toBe(0);
      const [file] = run.results.files;
      expect(file.output.value.invoice_number).toBe(number);
      // The bytes behind the run's file are this job's own.
      const content = await emulator.admin.fileContent(file.fileId);
      expect(await content.text()).toContain(number);
      const run2 = await emulator.api("GET", `/processor_runs/${file.runId}`, { key: KEY });
      expect(run2.json.processorRun.files[0].id).toBe(file.fileId);
      for (const line of file.recoveries) expect(run.summary).toContain(line.slice(0, 60));
    }
    // Every fault was met by one of the jobs, and both recovered something the summary shows.
    const journal = await emulator.journal();
    expect(journal.filter((e) => e.fault !== undefined)).toHaveLength(4);
    const recovered: string[] = [...a.results.files[0].recoveries, ...b.results.files[0].recoveries];
    expect(recovered.filter((line) => line.includes("sent again rather than adopting"))).toHaveLength(2);
    expect(recovered.filter((line) => line.includes("proven ours by this invocation's nonce"))).toHaveLength(
      2,
    );
    expect(a.summary + b.summary).toContain("Recovered writes");
    // Never a second run for a file id: each created run's file is a distinct upload.
    const creates = journal.filter((e) => e.method === "POST" && e.path === "/processor_runs" && e.runId);
    expect(new Set(creates.map((e) => e.fileId)).size).toBe(creates.length);
    expect(creates).toHaveLength(2);
  });
});
