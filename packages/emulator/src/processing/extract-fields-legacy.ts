import { extractFields } from "./extract-engine.js";
import type { FieldKind, FieldSpec } from "./field-spec.js";
import { isRecord } from "./json-schema.js";
import { getOwn, setOwn } from "./own-property.js";

/** A legacy `fields[]` item (reference §12.1). */
export interface LegacyField {
  id: string;
  name: string;
  type: string;
  description?: string;
  schema?: LegacyField[];
  enum?: Array<{ value: string; description?: string }>;
}

/** One entry of a legacy extraction output, keyed by field id (reference §12.2). */
export interface LegacyFieldOutput {
  id: string;
  type: string;
  value: unknown;
  confidence: number;
  references: Array<{ id: string; fieldName: string; page: number; boundingBoxes: never[] }>;
  enum?: Array<{ value: string; description?: string }>;
}

const KINDS: Readonly<Record<string, FieldKind>> = {
  string: "string",
  number: "number",
  currency: "currency",
  boolean: "boolean",
  date: "date",
  enum: "enum",
  array: "array",
  object: "object",
  signature: "string",
};

/**
 * Runs a legacy fields extraction: each field is looked up by its name (exact) and description (looser), as for
 * JSON Schema. A field not found has value null, confidence 0 and no references. Bounding boxes are empty: the
 * emulator has no layout.
 */
export function extractWithLegacyFields(
  fields: readonly LegacyField[],
  pages: readonly string[],
): Record<string, LegacyFieldOutput> {
  const specs = fields.map(fieldToSpec);
  const { value, hits } = extractFields(specs, pages);
  const output: Record<string, LegacyFieldOutput> = {};
  for (const field of fields) {
    const hit = hits.get(field.id) ?? firstNestedHit(hits, field.id);
    const entry: LegacyFieldOutput = {
      id: field.id,
      type: field.type,
      value: getOwn(value, field.id) ?? null,
      confidence: hit?.confidence ?? 0,
      references: hit
        ? [{ id: `ref_${field.id}`, fieldName: field.name, page: hit.page, boundingBoxes: [] }]
        : [],
    };
    if (field.enum) entry.enum = field.enum;
    setOwn(output, field.id, entry);
  }
  return output;
}

/** Parses the config's `fields` array, keeping only well-formed items (validation reports the rest). */
export function legacyFieldsFrom(config: unknown): LegacyField[] {
  if (!Array.isArray(config)) return [];
  return config.filter(isRecord).flatMap((item) => {
    if (
      typeof item["id"] !== "string" ||
      typeof item["name"] !== "string" ||
      typeof item["type"] !== "string"
    ) {
      return [];
    }
    const field: LegacyField = { id: item["id"], name: item["name"], type: item["type"] };
    if (typeof item["description"] === "string") field.description = item["description"];
    if (Array.isArray(item["schema"])) field.schema = legacyFieldsFrom(item["schema"]);
    if (Array.isArray(item["enum"])) {
      field.enum = item["enum"].filter(isRecord).flatMap((e) => {
        if (typeof e["value"] !== "string") return [];
        return [
          typeof e["description"] === "string"
            ? { value: e["value"], description: e["description"] }
            : { value: e["value"] },
        ];
      });
    }
    return [field];
  });
}

function firstNestedHit<T>(hits: ReadonlyMap<string, T>, id: string): T | undefined {
  for (const [path, hit] of hits) if (path.startsWith(`${id}.`) || path.startsWith(`${id}[`)) return hit;
  return undefined;
}

function fieldToSpec(field: LegacyField): FieldSpec {
  const kind = KINDS[field.type] ?? "string";
  const spec: FieldSpec = { key: field.id, labels: [field.name, field.id], kind };
  if (field.description !== undefined) spec.description = field.description;
  if (kind === "enum") spec.enumValues = (field.enum ?? []).map((e) => e.value);
  const children = (field.schema ?? []).map(fieldToSpec);
  if (kind === "object") spec.children = children;
  if (kind === "array") spec.items = { key: field.id, labels: [field.name], kind: "object", children };
  return spec;
}
