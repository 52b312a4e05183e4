/**
 * The run config override (`config` input): its types, and the checks of the parts the API requires
 * per processor type. Given inline or as a path inside the workspace.
 */
import { resolve } from "node:path";
import { isInside } from "../engine/find-files.js";
import { fail, quote } from "./input-error.js";
import type { InputName, InputSource } from "./input-names.js";

/** The processor types a run config can name. */
export const PROCESSOR_TYPES = ["EXTRACT", "CLASSIFY", "SPLITTER"] as const;

/** A processor type a config can have. */
export type ConfigType = (typeof PROCESSOR_TYPES)[number];

/** A JSON object. */
export type JsonRecord = { [key: string]: unknown };

/** A run config override: a JSON object whose `type` is a known processor type. */
export interface RunConfig extends JsonRecord {
  type: ConfigType;
}

/** Checks the parts of a run config the API requires per type (see the Extend config reference). */
function checkConfigShape(config: JsonRecord, origin: string): RunConfig {
  const type = config["type"];
  if (typeof type !== "string" || !(PROCESSOR_TYPES as readonly string[]).includes(type)) {
    fail(
      "config",
      `${origin} must have "type" set to one of ${PROCESSOR_TYPES.join(", ")} (the processor's type)`,
      typeof type === "string" ? type : JSON.stringify(type ?? null),
    );
  }
  const isArray = (key: string) => Array.isArray(config[key]);
  const isObject = (key: string) =>
    typeof config[key] === "object" && config[key] !== null && !Array.isArray(config[key]);
  if (type === "EXTRACT" && !isObject("schema") && !isArray("fields")) {
    fail("config", `${origin} of type EXTRACT needs a JSON "schema" object or a legacy "fields" array`);
  }
  if (type === "CLASSIFY") checkClassifications(config, "classifications", origin);
  if (type === "SPLITTER") checkClassifications(config, "splitClassifications", origin);
  return config as RunConfig;
}

function checkClassifications(config: JsonRecord, key: string, origin: string): void {
  const list = config[key];
  if (!Array.isArray(list) || list.length === 0) {
    fail("config", `${origin} of type ${String(config["type"])} needs a non-empty "${key}" array`);
  }
  list.forEach((item: unknown, index) => {
    const entry = item as JsonRecord | null;
    const ok =
      typeof entry === "object" &&
      entry !== null &&
      ["id", "type", "description"].every((field) => typeof entry[field] === "string");
    if (!ok)
      fail("config", `${origin}: ${key}[${index}] must be an object with string id, type and description`);
  });
}

/** Parses `text` as a JSON object, or fails `input`. */
export function parseJsonObject(
  input: InputName,
  text: string,
  origin: string,
  fromFile = false,
): JsonRecord {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // The parser's message quotes the text: fine for what the user typed, not for a file's bytes.
    const detail = error instanceof Error && !fromFile ? error.message : "not valid JSON";
    return fail(input, `${origin} must be a JSON object (${detail})`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    fail(input, `${origin} must be a JSON object`, fromFile ? undefined : text);
  }
  return value as JsonRecord;
}

/** The `config` input: inline JSON or a workspace file. */
export function parseConfig(source: InputSource, workspace: string): { config?: RunConfig; origin?: string } {
  const value = source.getInput("config").trim();
  if (value === "") return {};
  if (value.startsWith("{")) {
    return {
      config: checkConfigShape(parseJsonObject("config", value, "inline JSON"), "inline config"),
      origin: "inline",
    };
  }
  if (value.includes("\n"))
    fail("config", "must be inline JSON (starting with {) or a path to a JSON file", value);
  const path = resolve(workspace, value);
  // Refused before it is read, and nothing of it is echoed: a config path must not become a way to print
  // a runner file such as /etc/passwd into the log.
  const outside =
    "must be inline JSON or the path of a JSON file inside the workspace; the path given is outside it (not read)";
  if (!isInside(path, workspace)) return fail("config", outside);
  if (source.realPath) {
    let real: string | undefined;
    try {
      real = source.realPath(path);
    } catch {
      real = undefined;
    }
    if (real !== undefined && !isInside(real, safeRealPath(source, workspace)))
      return fail("config", outside);
  }
  let text: string;
  try {
    text = source.readTextFile(path);
  } catch {
    return fail(
      "config",
      "must be inline JSON or the path of a readable JSON file (relative to the workspace)",
      value,
    );
  }
  const origin = `file ${quote(value)}`;
  return {
    config: checkConfigShape(parseJsonObject("config", text, origin, true), origin),
    origin: value,
  };
}

function safeRealPath(source: InputSource, path: string): string {
  try {
    return source.realPath?.(path) ?? path;
  } catch {
    return path;
  }
}
