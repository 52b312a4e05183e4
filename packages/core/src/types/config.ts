import type { JsonObject, OpenString, PageRange } from "./common.ts";

/** An Excel sheet range (0-based, inclusive). */
export interface SheetRange {
  start: number;
  end: number;
}

/** Parser settings shared by every processor type (free-form in 2025-04-21). */
export type ParserConfig = { [key: string]: unknown };

/** Field type of the legacy `fields` extraction config. */
export type ExtractFieldType = OpenString<
  "string" | "number" | "currency" | "boolean" | "date" | "array" | "enum" | "object" | "signature"
>;

/** One field of the legacy `fields` extraction config. */
export interface ExtractField {
  id: string;
  name: string;
  type: ExtractFieldType;
  description: string;
  /** Sub-fields of `array` and `object` fields. */
  schema?: ExtractField[];
  enum?: Array<{ value: string; description: string }>;
  [key: string]: unknown;
}

/** Advanced options of an extraction config. */
export interface ExtractAdvancedOptions {
  /** @deprecated */
  documentKind?: string;
  /** @deprecated */
  keyDefinitions?: string;
  modelReasoningInsightsEnabled?: boolean;
  advancedMultimodalEnabled?: boolean;
  citationsEnabled?: boolean;
  arrayCitationStrategy?: OpenString<"item" | "property">;
  advancedFigureParsingEnabled?: boolean;
  reviewAgent?: { enabled?: boolean };
  arrayStrategy?: {
    type: OpenString<"large_array_heuristics" | "large_array_max_context" | "large_array_overlap_context">;
  };
  chunkingOptions?: {
    chunkingStrategy?: OpenString<"standard" | "semantic">;
    pageChunkSize?: number;
    chunkSelectionStrategy?: OpenString<"intelligent" | "confidence" | "take_first" | "take_last">;
    customSemanticChunkingRules?: string;
  };
  excelSheetRanges?: SheetRange[];
  excelSheetSelectionStrategy?: OpenString<"intelligent" | "all" | "first" | "last">;
  /** @deprecated */
  fixedPageLimit?: number;
  pageRanges?: PageRange[];
  [key: string]: unknown;
}

/** Config of an EXTRACT processor: a JSON `schema` (recommended) or legacy `fields`. */
export interface ExtractConfig {
  type: "EXTRACT";
  baseProcessor?: OpenString<"extraction_performance" | "extraction_light">;
  /** Requires `baseProcessor`. */
  baseVersion?: string;
  extractionRules?: string;
  /** JSON Schema with a root `type: "object"`. */
  schema?: JsonObject;
  fields?: ExtractField[];
  advancedOptions?: ExtractAdvancedOptions;
  parser?: ParserConfig;
  [key: string]: unknown;
}

/** One class of a classification or splitter config. */
export interface Classification {
  id: string;
  type: string;
  description: string;
  [key: string]: unknown;
}

/** Config of a CLASSIFY processor. */
export interface ClassifyConfig {
  type: "CLASSIFY";
  baseProcessor?: OpenString<"classification_performance" | "classification_light">;
  baseVersion?: string;
  classifications: Classification[];
  classificationRules?: string;
  advancedOptions?: {
    context?: OpenString<"default" | "max">;
    advancedMultimodalEnabled?: boolean;
    fixedPageLimit?: number;
    pageRanges?: PageRange[];
    [key: string]: unknown;
  };
  parser?: ParserConfig;
  [key: string]: unknown;
}

/** Config of a SPLITTER processor. */
export interface SplitterConfig {
  type: "SPLITTER";
  baseProcessor?: OpenString<"splitting_performance" | "splitting_light">;
  baseVersion?: string;
  splitClassifications: Classification[];
  splitRules?: string;
  advancedOptions?: {
    splitIdentifierRules?: string;
    splitMethod?: OpenString<"high_precision" | "low_latency">;
    splitExcelDocumentsBySheetEnabled?: boolean;
    fixedPageLimit?: number;
    pageRanges?: PageRange[];
    [key: string]: unknown;
  };
  parser?: ParserConfig;
  [key: string]: unknown;
}

/** Config per processor type. */
export interface ConfigByType {
  EXTRACT: ExtractConfig;
  CLASSIFY: ClassifyConfig;
  SPLITTER: SplitterConfig;
}

/** Any processor config; its `type` must match the processor's type. */
export type ProcessorConfig = ExtractConfig | ClassifyConfig | SplitterConfig;
