import { isRecord, primaryType, type SchemaNode, schemaTypes } from "./json-schema.js";

/** Processor types of API version 2025-04-21. */
export type ProcessorType = "EXTRACT" | "CLASSIFY" | "SPLITTER";

const BASE_PROCESSORS: Readonly<Record<ProcessorType, readonly string[]>> = {
  EXTRACT: ["extraction_performance", "extraction_light"],
  CLASSIFY: ["classification_performance", "classification_light"],
  SPLITTER: ["splitting_performance", "splitting_light"],
};

const RULE_KEYS: Readonly<Record<ProcessorType, string>> = {
  EXTRACT: "extractionRules",
  CLASSIFY: "classificationRules",
  SPLITTER: "splitRules",
};

const SCHEMA_TYPES = new Set(["string", "number", "integer", "boolean", "object", "array", "null"]);
const PRIMITIVE_TYPES = new Set(["string", "number", "integer", "boolean"]);
const FORBIDDEN_SCHEMA_KEYS = ["anyOf", "oneOf", "allOf", "const", "pattern"] as const;
const EXTEND_TYPES = new Set(["date", "currency", "signature"]);
const PROPERTY_NAME = /^[A-Za-z0-9_-]+$/;
/** Extend JSON Schemas nest at most five levels of objects/arrays. */
const MAX_SCHEMA_DEPTH = 5;
const LEGACY_FIELD_TYPES = [
  "string",
  "number",
  "currency",
  "boolean",
  "date",
  "array",
  "enum",
  "object",
  "signature",
];

/**
 * Validates a processor config for its type (reference §12.1) and returns the first problem as a message naming
 * the field (e.g. `config.schema must be a JSON Schema object with type "object"`), or null when it is valid.
 * JSON Schema rules follow Extend's documentation: root object, nullable primitives, non-nullable
 * objects/arrays, depth ≤ 5, plain property names, no anyOf/oneOf/allOf/const/pattern.
 */
export function validateProcessorConfig(type: ProcessorType, config: unknown): string | null {
  if (!isRecord(config)) return "config must be an object";
  if (config["type"] !== undefined && config["type"] !== type) return `config.type must be "${type}"`;
  const base = config["baseProcessor"];
  if (base !== undefined && !BASE_PROCESSORS[type].includes(base as string)) {
    return `config.baseProcessor must be one of ${BASE_PROCESSORS[type].join(", ")}`;
  }
  if (config["baseVersion"] !== undefined) {
    if (typeof config["baseVersion"] !== "string") return "config.baseVersion must be a string";
    if (base === undefined) return "config.baseVersion requires config.baseProcessor";
  }
  const rules = config[RULE_KEYS[type]];
  if (rules !== undefined && typeof rules !== "string") return `config.${RULE_KEYS[type]} must be a string`;
  if (config["advancedOptions"] !== undefined && !isRecord(config["advancedOptions"])) {
    return "config.advancedOptions must be an object";
  }
  switch (type) {
    case "EXTRACT":
      return validateExtract(config);
    case "CLASSIFY":
      return validateClassifications(config["classifications"], "config.classifications");
    case "SPLITTER":
      return validateClassifications(config["splitClassifications"], "config.splitClassifications");
  }
}

function validateExtract(config: Record<string, unknown>): string | null {
  const hasSchema = config["schema"] !== undefined && config["schema"] !== null;
  const hasFields = config["fields"] !== undefined && config["fields"] !== null;
  if (!hasSchema && !hasFields)
    return "config must include either schema or fields (one of the two is required)";
  if (hasSchema && hasFields) return "config must include only one of schema or fields, not both";
  if (hasSchema) return validateRootSchema(config["schema"]);
  return validateLegacyFields(config["fields"], "config.fields");
}

function validateRootSchema(schema: unknown): string | null {
  const rootMessage = 'config.schema must be a JSON Schema object with type "object"';
  if (!isRecord(schema)) return rootMessage;
  const types = schemaTypes(schema);
  if (types.length !== 1 || types[0] !== "object") return rootMessage;
  if (!isRecord(schema["properties"])) return "config.schema.properties must be an object";
  return validateSchemaNode(schema, "config.schema", 0);
}

function validateSchemaNode(node: SchemaNode, path: string, depth: number): string | null {
  for (const key of FORBIDDEN_SCHEMA_KEYS) {
    if (node[key] !== undefined)
      return `${path} must not use "${key}" (not supported by Extend JSON Schemas)`;
  }
  // Extend documents enums as `{"enum": [..., null], "extend:descriptions": [...]}` with no `type`.
  if (node["type"] === undefined && node["enum"] !== undefined) return validateTypelessEnum(node, path);
  const types = schemaTypes(node);
  if (types.length === 0 || types.some((t) => !SCHEMA_TYPES.has(t))) {
    return `${path}.type must be one of string, number, integer, boolean, object, array (optionally with "null")`;
  }
  const extendType = node["extend:type"];
  if (extendType !== undefined && !EXTEND_TYPES.has(extendType as string)) {
    return `${path}["extend:type"] must be one of date, currency, signature`;
  }
  if (extendType === "currency") {
    const problem = currencyShapeProblem(node, path);
    if (problem) return problem;
  }
  const type = primaryType(node);
  if (type === "object" || type === "array") {
    if (types.includes("null")) return `${path} must not be nullable: objects and arrays are never null`;
    if (depth >= MAX_SCHEMA_DEPTH) return `${path} exceeds the maximum nesting depth of ${MAX_SCHEMA_DEPTH}`;
  }
  if (type === "object") {
    const properties = node["properties"];
    if (properties === undefined) return null;
    if (!isRecord(properties)) return `${path}.properties must be an object`;
    for (const [name, child] of Object.entries(properties)) {
      const childPath = `${path}.properties.${name}`;
      if (!PROPERTY_NAME.test(name)) {
        return `${path}.properties has an invalid property name "${name}": use letters, digits, _ or -`;
      }
      if (!isRecord(child)) return `${childPath} must be a JSON Schema object`;
      const problem = validateProperty(child, childPath, depth + 1);
      if (problem) return problem;
    }
  }
  if (type === "array") {
    const items = node["items"];
    if (!isRecord(items)) return `${path}.items must be a JSON Schema object`;
    return validateSchemaNode(items, `${path}.items`, depth + 1);
  }
  return null;
}

/** The documented enum form without `type`: strings plus the null every Extend primitive allows. */
function validateTypelessEnum(node: SchemaNode, path: string): string | null {
  const values = node["enum"];
  if (!Array.isArray(values) || !values.some((v) => typeof v === "string")) {
    return `${path}.enum must be an array of strings (and null)`;
  }
  if (values.some((v) => v !== null && typeof v !== "string")) {
    return `${path}.enum may hold only strings and null`;
  }
  if (!values.includes(null))
    return `${path}.enum must include null: Extend returns null when no value applies`;
  const descriptions = node["extend:descriptions"];
  if (
    descriptions !== undefined &&
    (!Array.isArray(descriptions) || descriptions.some((d) => typeof d !== "string"))
  ) {
    return `${path}["extend:descriptions"] must be an array of strings`;
  }
  return null;
}

/** The only shape Extend fills for `extend:type: currency`: `{ amount, iso_4217_currency_code }`. */
const CURRENCY_PROPERTIES: Readonly<Record<string, readonly string[]>> = {
  amount: ["number", "integer"],
  iso_4217_currency_code: ["string"],
};

function currencyShapeProblem(node: SchemaNode, path: string): string | null {
  const expected =
    `${path} has "extend:type": "currency", which needs an object with exactly the properties ` +
    'amount ({"type": ["number", "null"]}) and iso_4217_currency_code ({"type": ["string", "null"]})';
  const types = schemaTypes(node);
  if (types.length !== 1 || types[0] !== "object" || !isRecord(node["properties"])) return expected;
  const properties = node["properties"];
  const names = Object.keys(properties);
  if (names.length !== 2) return expected;
  for (const [name, allowed] of Object.entries(CURRENCY_PROPERTIES)) {
    const child = properties[name];
    if (!isRecord(child)) return expected;
    const childTypes = schemaTypes(child);
    const primary = primaryType(child);
    if (
      primary === null ||
      !allowed.includes(primary) ||
      childTypes.length !== 2 ||
      !childTypes.includes("null")
    ) {
      return expected;
    }
  }
  return null;
}

/** A property of an object: like any node, and primitives must allow null (Extend returns null when absent). */
function validateProperty(node: SchemaNode, path: string, depth: number): string | null {
  const problem = validateSchemaNode(node, path, depth);
  if (problem) return problem;
  const type = primaryType(node);
  if (type !== null && PRIMITIVE_TYPES.has(type) && !schemaTypes(node).includes("null")) {
    return `${path} must be nullable: use "type": ["${type}", "null"]`;
  }
  return null;
}

function validateLegacyFields(fields: unknown, path: string): string | null {
  if (!Array.isArray(fields) || fields.length === 0) {
    return `${path} must be a non-empty array of {id, name, type, description}`;
  }
  const ids = new Set<string>();
  for (const [index, field] of fields.entries()) {
    const at = `${path}[${index}]`;
    if (!isRecord(field)) return `${at} must be an object {id, name, type, description}`;
    if (typeof field["id"] !== "string" || field["id"] === "") return `${at}.id must be a non-empty string`;
    if (ids.has(field["id"])) return `${at}.id "${field["id"]}" is a duplicate`;
    ids.add(field["id"]);
    if (typeof field["name"] !== "string" || field["name"] === "")
      return `${at}.name must be a non-empty string`;
    if (!LEGACY_FIELD_TYPES.includes(field["type"] as string)) {
      return `${at}.type must be one of ${LEGACY_FIELD_TYPES.join(", ")}`;
    }
    if (field["description"] !== undefined && typeof field["description"] !== "string") {
      return `${at}.description must be a string`;
    }
    if (field["type"] === "array" || field["type"] === "object") {
      const problem = validateLegacyFields(field["schema"], `${at}.schema`);
      if (problem) return problem;
    }
    if (field["type"] === "enum") {
      const values = field["enum"];
      if (
        !Array.isArray(values) ||
        values.length === 0 ||
        !values.every((v) => isRecord(v) && typeof v["value"] === "string")
      ) {
        return `${at}.enum must be a non-empty array of {value, description}`;
      }
    }
  }
  return null;
}

function validateClassifications(value: unknown, path: string): string | null {
  if (!Array.isArray(value) || value.length === 0)
    return `${path} must be a non-empty array of {id, type, description}`;
  const ids = new Set<string>();
  for (const [index, item] of value.entries()) {
    const at = `${path}[${index}]`;
    if (!isRecord(item)) return `${at} must be an object {id, type, description}`;
    for (const key of ["id", "type"] as const) {
      if (typeof item[key] !== "string" || (item[key] as string).trim() === "")
        return `${at}.${key} must be a non-empty string`;
    }
    if (typeof item["description"] !== "string") return `${at}.description must be a string`;
    if (ids.has(item["id"] as string)) return `${at}.id "${item["id"] as string}" is a duplicate`;
    ids.add(item["id"] as string);
  }
  return null;
}
