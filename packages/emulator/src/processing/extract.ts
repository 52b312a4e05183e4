import { extractFields } from "./extract-engine.js";
import type { FieldHit, FieldKind, FieldSpec } from "./field-spec.js";
import { isRecord, primaryType, type SchemaNode, schemaProperties } from "./json-schema.js";
import { setOwn } from "./own-property.js";

/** Per-field metadata of a JSON Schema extraction output (reference §12.2). */
export interface ExtractFieldMetadata {
  ocrConfidence: number;
  logprobsConfidence: number;
  citations: Array<{ page: number; referenceText: string }>;
}

/** Output of an EXTRACT run with a JSON Schema config: `{ value, metadata }` keyed by field path. */
export interface ExtractOutput {
  value: Record<string, unknown>;
  metadata: Record<string, ExtractFieldMetadata>;
}

/**
 * Runs a JSON Schema extraction over the pages. Metadata has an entry per field path that was found
 * (`invoice_number`, `vendor.address.city`, `line_items[0].amount`); fields not found are null in the value and
 * absent from the metadata. `ocrConfidence` is 1 because text comes from a text layer, not OCR;
 * `logprobsConfidence` carries the match confidence (exact label 0.95, synonym 0.8, …).
 */
export function extractWithSchema(schema: SchemaNode, pages: readonly string[]): ExtractOutput {
  const specs = schemaProperties(schema).map(([name, node]) => schemaToSpec(name, node));
  const { value, hits } = extractFields(specs, pages);
  return { value, metadata: metadataFromHits(hits) };
}

/** Converts hits to the documented metadata entries, in path order of discovery. */
export function metadataFromHits(hits: ReadonlyMap<string, FieldHit>): Record<string, ExtractFieldMetadata> {
  const metadata: Record<string, ExtractFieldMetadata> = {};
  for (const [path, hit] of hits) {
    setOwn(metadata, path, {
      ocrConfidence: 1,
      logprobsConfidence: hit.confidence,
      citations: [{ page: hit.page, referenceText: hit.referenceText }],
    });
  }
  return metadata;
}

function schemaToSpec(name: string, node: SchemaNode): FieldSpec {
  const labels = [name];
  for (const key of ["extend:name", "title"]) {
    const label = node[key];
    if (typeof label === "string" && label.trim() !== "") labels.push(label);
  }
  const spec: FieldSpec = { key: name, labels, kind: schemaKind(node) };
  if (typeof node["description"] === "string") spec.description = node["description"];
  if (spec.kind === "enum") spec.enumValues = enumValues(node);
  if (spec.kind === "object")
    spec.children = schemaProperties(node).map(([k, child]) => schemaToSpec(k, child));
  if (spec.kind === "currency") spec.currencyKeys = currencyKeys(node);
  if (spec.kind === "array") {
    const items = node["items"];
    spec.items = schemaToSpec(name, isRecord(items) ? items : { type: "string" });
  }
  return spec;
}

function schemaKind(node: SchemaNode): FieldKind {
  const type = primaryType(node);
  const extendType = node["extend:type"];
  switch (type) {
    case "object":
      return extendType === "currency" ? "currency" : "object";
    case "array":
      return "array";
    case "number":
      return "number";
    case "integer":
      return "integer";
    case "boolean":
      return "boolean";
    default:
      if (extendType === "date" || node["format"] === "date") return "date";
      if (Array.isArray(node["enum"])) return "enum";
      return "string";
  }
}

function enumValues(node: SchemaNode): string[] {
  const values = node["enum"];
  return Array.isArray(values) ? values.filter((v): v is string => typeof v === "string") : [];
}

/** An `extend:type: currency` object: its numeric property takes the amount, its string property the code. */
function currencyKeys(node: SchemaNode): { amount: string; code: string } {
  const properties = schemaProperties(node);
  const amount = properties.find(([, child]) =>
    ["number", "integer"].includes(primaryType(child) ?? ""),
  )?.[0];
  const code = properties.find(([, child]) => primaryType(child) === "string")?.[0];
  return { amount: amount ?? "amount", code: code ?? "iso_4217_currency_code" };
}
