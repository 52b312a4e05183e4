import type { OpenString, ProcessorType } from "./common.ts";

/** Batch run status (no CANCELLED for batch runs). */
export type BatchProcessorRunStatus = OpenString<"PENDING" | "PROCESSING" | "PROCESSED" | "FAILED">;

/** What started a batch run. */
export type BatchProcessorRunSource = OpenString<"EVAL_SET" | "PLAYGROUND" | "STUDIO">;

/** Metrics every batch run may carry. All optional: the server fills what applies. */
export interface BaseBatchMetrics {
  numFiles?: number;
  numPages?: number;
  meanRunTimeMs?: number;
  type?: ProcessorType;
  [key: string]: unknown;
}

/** Accuracy metrics of one extracted field (nested for objects/arrays). */
export interface ExtractFieldMetrics {
  meanConfidence?: number;
  recallPerc?: number;
  precisionPerc?: number;
  fieldMetrics?: Record<string, ExtractFieldMetrics>;
  [key: string]: unknown;
}

/** Metrics of an EXTRACT batch run. */
export interface ExtractBatchMetrics extends BaseBatchMetrics {
  type?: "EXTRACT";
  fieldMetrics?: Record<string, ExtractFieldMetrics>;
  /** Root array field → count. */
  arrayCardinalityMetrics?: Record<string, number>;
}

/** Metrics of a CLASSIFY batch run. */
export interface ClassifyBatchMetrics extends BaseBatchMetrics {
  type?: "CLASSIFY";
  accuracyPerc?: number;
  meanConfidence?: number;
  /** Class → count. */
  distribution?: Record<string, number>;
  accuracyPercByClassification?: Record<string, number>;
  /** Actual → predicted → count (only when accuracy is known). */
  confusionMatrix?: Record<string, Record<string, number>>;
}

/** Metrics of a SPLITTER batch run. */
export interface SplitterBatchMetrics extends BaseBatchMetrics {
  type?: "SPLITTER";
  precisionPerc?: number;
  recallPerc?: number;
  numExpectedDocs?: number;
  numPredictedDocs?: number;
  numCorrectDocs?: number;
}

/** Metrics of a batch run, per processor type. */
export type BatchProcessorRunMetrics =
  | ExtractBatchMetrics
  | ClassifyBatchMetrics
  | SplitterBatchMetrics
  | BaseBatchMetrics;

/** Options a batch run was started with. */
export interface BatchProcessorRunOptions {
  fuzzyMatchFields?: string[];
  excludeFields?: string[];
  /** Older docs only. */
  clearPreProcessingCache?: boolean;
  [key: string]: unknown;
}

/** A batch processor run (`bpr_...`), e.g. an evaluation-set run. */
export interface BatchProcessorRun {
  object: "batch_processor_run";
  id: string;
  processorId: string;
  processorVersionId: string;
  processorName: string;
  metrics: BatchProcessorRunMetrics;
  status: BatchProcessorRunStatus;
  source: BatchProcessorRunSource;
  /** Eval set id (`ev_...`) or processor id, depending on `source`. */
  sourceId?: string | null;
  runCount: number;
  options: BatchProcessorRunOptions;
  createdAt: string;
  updatedAt: string;
  [key: string]: unknown;
}
