import type { BatchRecord, RunRecord } from "./records.js";
import { isTerminal } from "./run-engine.js";
import { iso } from "./serialize.js";
import type { EmulatorState } from "./state.js";
import { isObject } from "./validation/json.js";

/** The BatchProcessorRun object, with status and metrics computed from its runs as they are now. */
export function batchJson(batch: BatchRecord, state: EmulatorState): Record<string, unknown> {
  const runs = batch.runIds
    .map((id) => state.runs.get(id))
    .filter((run): run is RunRecord => run !== undefined);
  const updatedAt = Math.max(batch.updatedAt, ...runs.map((run) => run.updatedAt));
  const body: Record<string, unknown> = {
    object: "batch_processor_run",
    id: batch.id,
    processorId: batch.processor.id,
    processorVersionId: batch.version.id,
    processorName: batch.processor.name,
    metrics: batchMetrics(batch, runs),
    status: batchStatus(runs),
    source: batch.source,
    runCount: batch.runIds.length,
    options: batch.options,
    createdAt: iso(batch.createdAt),
    updatedAt: iso(updatedAt),
  };
  if (batch.sourceId !== null) body["sourceId"] = batch.sourceId;
  return body;
}

function batchStatus(runs: RunRecord[]): string {
  if (runs.length === 0) return "PROCESSED";
  if (!runs.every((run) => isTerminal(run.status))) {
    return runs.some((run) => run.status !== "PENDING") ? "PROCESSING" : "PENDING";
  }
  return runs.some((run) => run.status === "PROCESSED") ? "PROCESSED" : "FAILED";
}

/** numFiles, numPages, meanRunTimeMs, type, and the per-type metrics the reference lists. */
export function batchMetrics(batch: BatchRecord, runs: RunRecord[]): Record<string, unknown> {
  const numPages = runs.reduce(
    (sum, run) => sum + (run.file?.pageCount ?? (run.input.ok ? run.input.pages.length : 0)),
    0,
  );
  const finished = runs.filter((run) => run.finishedAt !== undefined);
  const metrics: Record<string, unknown> = {
    numFiles: runs.length,
    numPages,
    type: batch.processor.type,
  };
  if (finished.length > 0) {
    metrics["meanRunTimeMs"] = mean(finished.map((run) => (run.finishedAt ?? run.createdAt) - run.createdAt));
  }
  const outputs = runs.filter((run) => run.status === "PROCESSED").map((run) => run.output);
  if (batch.processor.type === "EXTRACT") Object.assign(metrics, extractMetrics(outputs));
  if (batch.processor.type === "CLASSIFY") Object.assign(metrics, classifyMetrics(outputs));
  if (batch.processor.type === "SPLITTER") {
    metrics["numPredictedDocs"] = outputs.reduce(
      (sum, output) => sum + (Array.isArray(output["splits"]) ? output["splits"].length : 0),
      0,
    );
  }
  return metrics;
}

function extractMetrics(outputs: Record<string, unknown>[]): Record<string, unknown> {
  const confidences = new Map<string, number[]>();
  const cardinality: Record<string, number> = {};
  const note = (field: string, confidence: unknown) => {
    if (!confidences.has(field)) confidences.set(field, []);
    if (typeof confidence === "number") confidences.get(field)!.push(confidence);
  };
  for (const output of outputs) {
    if (isObject(output["value"])) {
      // JSON Schema output: { value, metadata: { field: { ocrConfidence?, logprobsConfidence? } } }
      const metadata = isObject(output["metadata"]) ? output["metadata"] : {};
      for (const [field, value] of Object.entries(output["value"])) {
        const meta = isObject(metadata[field]) ? metadata[field] : {};
        note(field, meta["logprobsConfidence"] ?? meta["ocrConfidence"]);
        if (Array.isArray(value)) cardinality[field] = (cardinality[field] ?? 0) + value.length;
      }
    } else {
      // Legacy fields output: { fieldId: { value, confidence } }
      for (const [field, entry] of Object.entries(output)) {
        if (isObject(entry)) note(field, entry["confidence"]);
      }
    }
  }
  const fieldMetrics: Record<string, unknown> = {};
  for (const [field, values] of confidences) {
    fieldMetrics[field] = values.length > 0 ? { meanConfidence: mean(values) } : {};
  }
  return { fieldMetrics, arrayCardinalityMetrics: cardinality };
}

function classifyMetrics(outputs: Record<string, unknown>[]): Record<string, unknown> {
  const distribution: Record<string, number> = {};
  const confidences: number[] = [];
  for (const output of outputs) {
    const type = output["type"];
    if (typeof type === "string") distribution[type] = (distribution[type] ?? 0) + 1;
    if (typeof output["confidence"] === "number") confidences.push(output["confidence"]);
  }
  const metrics: Record<string, unknown> = { distribution };
  if (confidences.length > 0) metrics["meanConfidence"] = mean(confidences);
  return metrics;
}

function mean(values: number[]): number {
  return values.length === 0
    ? 0
    : Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 1000) / 1000;
}
