/**
 * The reports every path past input parsing writes: the results file, the job summary and the outputs.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { ActionFailure } from "./action-failure.js";
import type { FileResult } from "./engine/index.js";
import type { ActionConfig } from "./inputs/index.js";
import type { Redactor } from "./redact.js";
import { buildOutputs, buildResultsDocument, type ResultsInput } from "./report/results-document.js";
import type { RunnerIO } from "./runner-io.js";

/** Writes the results file, the summary and the outputs. */
export async function publish(
  config: ActionConfig,
  deps: { io: RunnerIO; redact: Redactor },
  report: ResultsInput & { summary: string; results: FileResult[] },
): Promise<void> {
  const { io, redact } = deps;
  const document = buildResultsDocument(report);
  try {
    await mkdir(dirname(config.resultsFile), { recursive: true });
    await writeFile(config.resultsFile, redact(`${JSON.stringify(document, null, 2)}\n`));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ActionFailure(
      `Could not write the results file (input "results-file") ${config.resultsFile}: ${reason}`,
    );
  }
  io.info(`Results written to ${config.resultsFile}`);
  if (config.summary && !(await io.appendSummary(report.summary))) {
    io.info("No GITHUB_STEP_SUMMARY file: job summary skipped.");
  }
  const outputs = buildOutputs({
    verdict: report.verdict,
    totals: report.totals,
    results: report.results,
    resultsFile: config.resultsFile,
  });
  for (const [name, value] of Object.entries(outputs)) io.setOutput(name, value);
}
