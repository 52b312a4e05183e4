import { describe, expect, it } from "vitest";
import { DEFAULT_PROCESSOR_DEFINITIONS, validateProcessorConfig } from "../../src/processing/index.js";

const schema = (properties: Record<string, unknown>) => ({ schema: { type: "object", properties } });
const str = { type: ["string", "null"] };
const classes = [{ id: "a", type: "a", description: "" }];

describe("validateProcessorConfig", () => {
  it("accepts the default processors' configs", () => {
    for (const processor of DEFAULT_PROCESSOR_DEFINITIONS) {
      expect(validateProcessorConfig(processor.type, processor.config)).toBeNull();
    }
  });

  it("accepts minimal valid configs of each type", () => {
    expect(validateProcessorConfig("EXTRACT", schema({ a: str }))).toBeNull();
    expect(
      validateProcessorConfig("EXTRACT", { fields: [{ id: "a", name: "A", type: "string" }] }),
    ).toBeNull();
    expect(validateProcessorConfig("CLASSIFY", { classifications: classes })).toBeNull();
    expect(
      validateProcessorConfig("SPLITTER", { splitClassifications: classes, splitRules: "by title" }),
    ).toBeNull();
  });

  it.each([
    ["EXTRACT", null, "config must be an object"],
    ["EXTRACT", [], "config must be an object"],
    ["EXTRACT", { type: "CLASSIFY", ...schema({}) }, 'config.type must be "EXTRACT"'],
    [
      "EXTRACT",
      { baseProcessor: "splitting_light", ...schema({}) },
      "config.baseProcessor must be one of extraction_performance, extraction_light",
    ],
    ["EXTRACT", { baseVersion: "4.0.0", ...schema({}) }, "config.baseVersion requires config.baseProcessor"],
    ["EXTRACT", { extractionRules: 5, ...schema({}) }, "config.extractionRules must be a string"],
    ["EXTRACT", { advancedOptions: "x", ...schema({}) }, "config.advancedOptions must be an object"],
    ["EXTRACT", {}, "config must include either schema or fields (one of the two is required)"],
    ["EXTRACT", { ...schema({}), fields: [] }, "config must include only one of schema or fields, not both"],
    ["EXTRACT", { schema: "x" }, 'config.schema must be a JSON Schema object with type "object"'],
    [
      "EXTRACT",
      { schema: { type: "array" } },
      'config.schema must be a JSON Schema object with type "object"',
    ],
    [
      "EXTRACT",
      { schema: { type: ["object", "null"], properties: {} } },
      'config.schema must be a JSON Schema object with type "object"',
    ],
    ["EXTRACT", { schema: { type: "object" } }, "config.schema.properties must be an object"],
    [
      "EXTRACT",
      schema({ "bad name": str }),
      'config.schema.properties has an invalid property name "bad name": use letters, digits, _ or -',
    ],
    ["EXTRACT", schema({ a: "x" }), "config.schema.properties.a must be a JSON Schema object"],
    [
      "EXTRACT",
      schema({ a: { type: "string" } }),
      'config.schema.properties.a must be nullable: use "type": ["string", "null"]',
    ],
    [
      "EXTRACT",
      schema({ a: { type: "text" } }),
      'config.schema.properties.a.type must be one of string, number, integer, boolean, object, array (optionally with "null")',
    ],
    [
      "EXTRACT",
      schema({ a: { anyOf: [str] } }),
      'config.schema.properties.a must not use "anyOf" (not supported by Extend JSON Schemas)',
    ],
    [
      "EXTRACT",
      schema({ a: { ...str, pattern: "^x" } }),
      'config.schema.properties.a must not use "pattern" (not supported by Extend JSON Schemas)',
    ],
    [
      "EXTRACT",
      schema({ a: { ...str, "extend:type": "money" } }),
      'config.schema.properties.a["extend:type"] must be one of date, currency, signature',
    ],
    [
      "EXTRACT",
      schema({ a: { type: ["object", "null"], properties: {} } }),
      "config.schema.properties.a must not be nullable: objects and arrays are never null",
    ],
    [
      "EXTRACT",
      schema({ a: { type: "array" } }),
      "config.schema.properties.a.items must be a JSON Schema object",
    ],
    [
      "EXTRACT",
      schema({ a: { type: "object", properties: { b: { type: "number" } } } }),
      'config.schema.properties.a.properties.b must be nullable: use "type": ["number", "null"]',
    ],
    ["EXTRACT", { fields: [] }, "config.fields must be a non-empty array of {id, name, type, description}"],
    [
      "EXTRACT",
      { fields: [{ id: "", name: "A", type: "string" }] },
      "config.fields[0].id must be a non-empty string",
    ],
    [
      "EXTRACT",
      { fields: [{ id: "a", name: "A", type: "money" }] },
      "config.fields[0].type must be one of string, number, currency, boolean, date, array, enum, object, signature",
    ],
    [
      "EXTRACT",
      {
        fields: [
          { id: "a", name: "A", type: "string" },
          { id: "a", name: "B", type: "string" },
        ],
      },
      'config.fields[1].id "a" is a duplicate',
    ],
    [
      "EXTRACT",
      { fields: [{ id: "a", name: "A", type: "object" }] },
      "config.fields[0].schema must be a non-empty array of {id, name, type, description}",
    ],
    [
      "EXTRACT",
      { fields: [{ id: "a", name: "A", type: "enum" }] },
      "config.fields[0].enum must be a non-empty array of {value, description}",
    ],
    ["CLASSIFY", {}, "config.classifications must be a non-empty array of {id, type, description}"],
    [
      "CLASSIFY",
      { classifications: [] },
      "config.classifications must be a non-empty array of {id, type, description}",
    ],
    [
      "CLASSIFY",
      { classifications: ["invoice"] },
      "config.classifications[0] must be an object {id, type, description}",
    ],
    [
      "CLASSIFY",
      { classifications: [{ id: "a", type: "", description: "" }] },
      "config.classifications[0].type must be a non-empty string",
    ],
    [
      "CLASSIFY",
      { classifications: [{ id: "a", type: "a" }] },
      "config.classifications[0].description must be a string",
    ],
    [
      "CLASSIFY",
      { classifications: [...classes, ...classes] },
      'config.classifications[1].id "a" is a duplicate',
    ],
    [
      "CLASSIFY",
      { classifications: classes, classificationRules: [] },
      "config.classificationRules must be a string",
    ],
    [
      "SPLITTER",
      { classifications: classes },
      "config.splitClassifications must be a non-empty array of {id, type, description}",
    ],
  ] as const)("%s %j → %s", (type, config, message) => {
    expect(validateProcessorConfig(type, config)).toBe(message);
  });

  it("limits schema nesting to 5 levels", () => {
    const nest = (levels: number): Record<string, unknown> => {
      let node: Record<string, unknown> = { type: "object", properties: { leaf: str } };
      for (let i = 1; i < levels; i++) node = { type: "object", properties: { level: node } };
      return node;
    };
    expect(
      validateProcessorConfig("EXTRACT", { schema: { type: "object", properties: { a: nest(4) } } }),
    ).toBeNull();
    expect(
      validateProcessorConfig("EXTRACT", { schema: { type: "object", properties: { a: nest(5) } } }),
    ).toMatch(/exceeds the maximum nesting depth of 5$/);
  });
});
