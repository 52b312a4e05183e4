import type { OpenString } from "./common.ts";

/** A model insight attached to an output. */
export interface Insight {
  type: OpenString<"reasoning" | "issue" | "review_summary">;
  content: string;
  [key: string]: unknown;
}

/** A citation of where a value was found. */
export interface Citation {
  page?: number;
  referenceText?: string;
  polygon?: Array<{ x: number; y: number }>;
  pageWidth?: number;
  pageHeight?: number;
  [key: string]: unknown;
}

/** Per-field metadata of a JSON-schema extraction output, keyed by field path. */
export interface ExtractFieldMetadata {
  ocrConfidence?: number;
  logprobsConfidence?: number;
  /** 1–5. */
  reviewAgentScore?: number;
  citations?: Citation[];
  insights?: Insight[];
  [key: string]: unknown;
}

/** Output of an EXTRACT run configured with a JSON `schema`. `V` is the shape of your schema. */
export interface ExtractSchemaOutput<V = Record<string, unknown>> {
  value: V;
  metadata: Record<string, ExtractFieldMetadata | undefined>;
}

/** A bounding box on a page (legacy fields output). */
export interface BoundingBox {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** Where a legacy field's value was found. */
export interface FieldReference {
  id: string;
  fieldName: string;
  page: number;
  boundingBoxes: BoundingBox[];
  [key: string]: unknown;
}

/** One field of an EXTRACT output with the legacy `fields` config. */
export interface ExtractLegacyFieldResult {
  id: string;
  type: string;
  value?: unknown;
  /** 0–1. */
  confidence?: number;
  schema?: unknown;
  insights?: Insight[];
  references: FieldReference[];
  enum?: Array<{ value: string; description: string }>;
  [key: string]: unknown;
}

/** Output of an EXTRACT run configured with legacy `fields`: field id → result. */
export type ExtractLegacyOutput = Record<string, ExtractLegacyFieldResult>;

/** Output of an EXTRACT run (JSON-schema or legacy fields shape). */
export type ExtractOutput<V = Record<string, unknown>> = ExtractSchemaOutput<V> | ExtractLegacyOutput;

/** Output of a CLASSIFY run. */
export interface ClassifyOutput {
  /** Id of the chosen classification. */
  id: string;
  type: string;
  /** 0–1. */
  confidence: number;
  insights: Insight[];
  [key: string]: unknown;
}

/** One document found by a SPLITTER run. */
export interface Split {
  type: string;
  observation: string;
  identifier: string;
  startPage: number;
  endPage: number;
  name?: string;
  classificationId: string;
  id: string;
  fileId: string;
  [key: string]: unknown;
}

/** Output of a SPLITTER run. */
export interface SplitterOutput {
  splits: Split[];
  isExternal?: boolean;
  [key: string]: unknown;
}

/** Output per processor type. */
export interface OutputByType {
  EXTRACT: ExtractOutput;
  CLASSIFY: ClassifyOutput;
  SPLITTER: SplitterOutput;
}
