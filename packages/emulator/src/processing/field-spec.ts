import type { DocumentLine } from "./labels.js";

/** The kinds of value the extraction engine produces. */
export type FieldKind =
  | "string"
  | "number"
  | "integer"
  | "boolean"
  | "date"
  | "enum"
  | "currency"
  | "object"
  | "array";

/**
 * One field to extract, independent of how it was configured (JSON Schema property or legacy field):
 * the adapters in extract.ts and extract-fields-legacy.ts translate configs into specs and results back.
 */
export interface FieldSpec {
  /** Key in the output value (property name or legacy field id). */
  key: string;
  /** Labels that name the field exactly (property name, `extend:name`, title, legacy field name). */
  labels: string[];
  /** Free-text description; its leading words are a looser label. */
  description?: string;
  kind: FieldKind;
  /** Allowed values for `enum`. */
  enumValues?: string[];
  /** Sub-fields of an `object`. */
  children?: FieldSpec[];
  /** Item spec of an `array`. */
  items?: FieldSpec;
  /** Output keys of a `currency` value: the amount and the ISO 4217 code. */
  currencyKeys?: { amount: string; code: string };
}

/** Where a value was found: the evidence behind citations and confidences. */
export interface FieldHit {
  confidence: number;
  /** 1-based page. */
  page: number;
  /** The document line(s) the value came from. */
  referenceText: string;
}

/**
 * Deterministic confidences: an exact label match, a derived synonym, a guess (value found without its own
 * label, e.g. a currency inferred from a symbol), a table cell, and a labelled value that could not be read as
 * the field's type (the value is then null).
 */
export const CONFIDENCE = {
  exact: 0.95,
  table: 0.9,
  synonym: 0.8,
  fallback: 0.6,
  unparsed: 0.3,
} as const;

/** Nesting limit of Extend JSON Schemas; deeper properties are not extracted. */
export const MAX_DEPTH = 5;

/** Shared state of one extraction. */
export interface ExtractionContext {
  lines: DocumentLine[];
  hits: Map<string, FieldHit>;
}
