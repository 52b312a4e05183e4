/**
 * Every input of the action is parsed and validated here, and only here. The module is pure: it reads
 * inputs through the `getInput` function it is given (the runner's, or a test's), never touches
 * `process`, and either returns a typed {@link ActionConfig} or throws an {@link InputError} that quotes
 * the input and says what is accepted — before any request is made.
 */
import { isAbsolute, resolve } from "node:path";

/** The input names, exactly as `action.yml` declares them. */
export const INPUT_NAMES = [
  "api-key",
  "base-url",
  "api-version",
  "processor-id",
  "processor-version",
  "config",
  "files",
  "if-no-files-found",
  "max-files",
  "concurrency",
  "timeout",
  "fail-on",
  "priority",
  "metadata",
  "usage-tags",
  "summary",
  "results-file",
  "dry-run",
  "cancel-on-abort",
] as const;

/** One input name. */
export type InputName = (typeof INPUT_NAMES)[number];

/** Defaults applied when an input is empty (the same values `action.yml` declares; a test keeps them equal). */
export const INPUT_DEFAULTS = {
  "base-url": "https://api.extend.ai",
  "api-version": "2025-04-21",
  "processor-version": "latest",
  "if-no-files-found": "error",
  "max-files": "100",
  concurrency: "4",
  timeout: "15m",
  "fail-on": "failed,cancelled,timeout,error",
  summary: "true",
  "dry-run": "false",
  "cancel-on-abort": "true",
} as const satisfies Partial<Record<InputName, string>>;

/** The per-file outcomes that `fail-on` can name (`timeout` is the `timed-out` outcome, `error` is `error`). */
export const FAIL_ON_KINDS = ["failed", "cancelled", "timeout", "error"] as const;

/** One `fail-on` kind. */
export type FailOnKind = (typeof FAIL_ON_KINDS)[number];

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

/** What to do when the globs match nothing. */
export type NoFilesPolicy = "error" | "warn" | "ignore";

/** The validated inputs. */
export interface ActionConfig {
  apiKey: string;
  baseUrl: string;
  apiVersion: string;
  processorId: string;
  processorVersion: string;
  /** Run config override, or undefined to use the processor version's own config. */
  config: RunConfig | undefined;
  /** Where the config came from: "inline", a file path, or undefined. */
  configSource: string | undefined;
  /** Include patterns (relative to the workspace, `./` stripped). */
  include: string[];
  /** Exclude patterns (the `!` lines, without the `!`). */
  exclude: string[];
  ifNoFilesFound: NoFilesPolicy;
  maxFiles: number;
  concurrency: number;
  timeoutMs: number;
  /** The timeout as the user wrote it (for messages). */
  timeoutLabel: string;
  /** Outcomes that fail the step; empty for `never`. */
  failOn: FailOnKind[];
  priority: number | undefined;
  /** User metadata, without usage tags (those are in `usageTags`). */
  metadata: JsonRecord;
  /** User tags merged with the automatic ones, sanitised and deduplicated. */
  usageTags: string[];
  summary: boolean;
  /** Absolute path of the results file. */
  resultsFile: string;
  dryRun: boolean;
  cancelOnAbort: boolean;
  /** Absolute workspace directory the globs are relative to. */
  workspace: string;
  /** Non-fatal remarks about the inputs, to print as warnings. */
  warnings: string[];
}

/** What {@link parseInputs} reads from. */
export interface InputSource {
  /** Returns the input's value (`""` when unset), like `core.getInput`. */
  getInput(name: InputName): string;
  /** Environment variables (GITHUB_WORKSPACE, RUNNER_TEMP, GITHUB_REPOSITORY, GITHUB_RUN_ID). */
  env: Readonly<Record<string, string | undefined>>;
  /** Reads a text file (for `config` given as a path); throws when it cannot. */
  readTextFile(path: string): string;
  /** Working directory, used when GITHUB_WORKSPACE is unset. */
  cwd: string;
  /** Temporary directory, used when RUNNER_TEMP is unset. */
  tmpDir: string;
}

/** A bad input. The message names the input and says what is accepted. */
export class InputError extends Error {
  override readonly name = "InputError";
  /** The input at fault. */
  readonly input: InputName;
  constructor(input: InputName, message: string) {
    super(message);
    this.input = input;
  }
}

const MAX_QUOTED = 80;

/** Quotes a user value for an error message, shortened so a pasted document does not flood the log. */
function quote(value: string): string {
  const short = value.length > MAX_QUOTED ? `${value.slice(0, MAX_QUOTED)}…` : value;
  return JSON.stringify(short);
}

function fail(input: InputName, accepted: string, value?: string): never {
  const got = value === undefined ? "" : `; got ${quote(value)}`;
  throw new InputError(input, `Input "${input}" ${accepted}${got}.`);
}

function read(source: InputSource, name: InputName): string {
  const value = source.getInput(name).trim();
  if (value !== "") return value;
  return (INPUT_DEFAULTS as Partial<Record<InputName, string>>)[name] ?? "";
}

const TRUE_VALUES = new Set(["true", "True", "TRUE"]);
const FALSE_VALUES = new Set(["false", "False", "FALSE"]);

/** YAML 1.2 core-schema booleans, as `core.getBooleanInput` accepts them. */
function parseBoolean(source: InputSource, name: InputName): boolean {
  const value = read(source, name);
  if (TRUE_VALUES.has(value)) return true;
  if (FALSE_VALUES.has(value)) return false;
  return fail(name, "must be true or false", value);
}

function parseInteger(source: InputSource, name: InputName, min: number, max: number): number {
  const value = read(source, name);
  const range =
    max === Number.MAX_SAFE_INTEGER ? `an integer of at least ${min}` : `an integer from ${min} to ${max}`;
  if (!/^\d+$/.test(value)) return fail(name, `must be ${range}`, value);
  const n = Number(value);
  if (n < min || n > max) return fail(name, `must be ${range}`, value);
  return n;
}

function parseApiKey(source: InputSource): string {
  const key = source.getInput("api-key").trim();
  // The value is never quoted: it is a secret.
  if (key === "") fail("api-key", "is required: pass an Extend API key or an extendkit proxy client token");
  if (/\s/.test(key))
    fail("api-key", "must be a single token without spaces or line breaks (value not shown)");
  return key;
}

function parseBaseUrl(source: InputSource, warnings: string[]): string {
  const value = read(source, "base-url");
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return fail("base-url", "must be an absolute http(s) URL such as https://api.extend.ai", value);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    fail("base-url", "must be an absolute http(s) URL such as https://api.extend.ai", value);
  }
  if (url.username || url.password) fail("base-url", "must not contain credentials (use api-key)");
  if (url.search || url.hash) fail("base-url", "must not have a query string or fragment", value);
  const loopback = ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
  if (url.protocol === "http:" && !loopback) {
    warnings.push(`base-url ${quote(value)} is plain http: the api-key is sent unencrypted.`);
  }
  return value.replace(/\/+$/, "");
}

function parseApiVersion(source: InputSource, warnings: string[]): string {
  const value = read(source, "api-version");
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) fail("api-version", "must be a date like 2025-04-21", value);
  if (value !== INPUT_DEFAULTS["api-version"]) {
    warnings.push(
      `api-version ${value}: this action speaks the 2025-04-21 API shapes; other versions may answer differently.`,
    );
  }
  return value;
}

function parseProcessorId(source: InputSource): string {
  const value = source.getInput("processor-id").trim();
  if (value === "") fail("processor-id", "is required: the id of the Extend processor to run (dp_...)");
  if (!/^[^\s/?#%]{1,255}$/.test(value)) {
    fail(
      "processor-id",
      "must be a processor id such as dp_Xj8mK2pL9nR4vT7qY5wZ (no spaces or slashes)",
      value,
    );
  }
  return value;
}

function parseProcessorVersion(source: InputSource): string {
  const value = read(source, "processor-version");
  if (value === "latest" || value === "draft" || /^\d+(\.\d+)?$/.test(value)) return value;
  return fail(
    "processor-version",
    'must be "latest", "draft" or a published version number such as "1.0"',
    value,
  );
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

function parseJsonObject(input: InputName, text: string, origin: string): JsonRecord {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return fail(input, `${origin} must be a JSON object (${detail})`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    fail(input, `${origin} must be a JSON object`, text);
  }
  return value as JsonRecord;
}

function parseConfig(source: InputSource, workspace: string): { config?: RunConfig; origin?: string } {
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
  return { config: checkConfigShape(parseJsonObject("config", text, origin), origin), origin: value };
}

function parseFiles(source: InputSource): { include: string[]; exclude: string[] } {
  const lines = source
    .getInput("files")
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
  const include: string[] = [];
  const exclude: string[] = [];
  for (const line of lines) {
    const negated = line.startsWith("!");
    const pattern = (negated ? line.slice(1).trim() : line).replace(/^(\.\/)+/, "");
    if (pattern === "") fail("files", "has an empty exclude line: write ! followed by a pattern", line);
    if (isAbsolute(pattern) || /^[A-Za-z]:/.test(pattern)) {
      fail("files", "patterns must be relative to the workspace (no leading / or drive letter)", line);
    }
    if (pattern.split("/").includes(".."))
      fail("files", "patterns must stay inside the workspace (no ..)", line);
    (negated ? exclude : include).push(pattern);
  }
  if (include.length === 0) {
    fail(
      "files",
      "is required: one or more glob patterns, one per line (! excludes), relative to the workspace",
    );
  }
  return { include, exclude };
}

function parseNoFilesPolicy(source: InputSource): NoFilesPolicy {
  const value = read(source, "if-no-files-found");
  if (value === "error" || value === "warn" || value === "ignore") return value;
  return fail("if-no-files-found", "must be error, warn or ignore", value);
}

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000 } as const;
const MAX_TIMEOUT_MS = 24 * UNIT_MS.h;

/** `90s`, `15m`, `1h`, `1h30m`, or plain seconds (`900`). */
function parseTimeout(source: InputSource): { ms: number; label: string } {
  const value = read(source, "timeout");
  const accepted = "must be a duration such as 90s, 15m, 1h or 1h30m (or plain seconds), at most 24h";
  let ms = 0;
  if (/^\d+$/.test(value)) {
    ms = Number(value) * UNIT_MS.s;
  } else {
    const match = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(value);
    if (!match || value === "") return fail("timeout", accepted, value);
    ms =
      Number(match[1] ?? 0) * UNIT_MS.h +
      Number(match[2] ?? 0) * UNIT_MS.m +
      Number(match[3] ?? 0) * UNIT_MS.s;
  }
  if (ms <= 0 || ms > MAX_TIMEOUT_MS) fail("timeout", accepted, value);
  return { ms, label: value };
}

function parseFailOn(source: InputSource): FailOnKind[] {
  const value = read(source, "fail-on");
  const accepted = `must be "never" or a comma-separated list of ${FAIL_ON_KINDS.join(", ")}`;
  const items = value
    .split(/[,\s]+/)
    .map((item) => item.trim())
    .filter((item) => item !== "");
  if (items.length === 1 && items[0] === "never") return [];
  if (items.length === 0) return fail("fail-on", accepted, value);
  const kinds: FailOnKind[] = [];
  for (const item of items) {
    if (!(FAIL_ON_KINDS as readonly string[]).includes(item)) return fail("fail-on", accepted, value);
    if (!kinds.includes(item as FailOnKind)) kinds.push(item as FailOnKind);
  }
  return kinds;
}

function parsePriority(source: InputSource): number | undefined {
  if (source.getInput("priority").trim() === "") return undefined;
  return parseInteger(source, "priority", 1, 100);
}

const USAGE_TAGS_KEY = "extend:usage_tags";

function parseMetadata(source: InputSource): { metadata: JsonRecord; tags: string[] } {
  const value = source.getInput("metadata").trim();
  if (value === "") return { metadata: {}, tags: [] };
  const metadata = parseJsonObject("metadata", value, "value");
  const { [USAGE_TAGS_KEY]: rawTags, ...rest } = metadata;
  if (rawTags === undefined) return { metadata: rest, tags: [] };
  if (!Array.isArray(rawTags) || !rawTags.every((tag) => typeof tag === "string")) {
    return fail(
      "metadata",
      `key "${USAGE_TAGS_KEY}" must be an array of strings (or use the usage-tags input)`,
    );
  }
  return { metadata: rest, tags: rawTags };
}

/** Extend keeps only `[A-Za-z0-9_-]` in usage tags; other runs of characters become `-` so words stay apart. */
export function sanitiseTag(tag: string): string {
  return tag
    .replace(/[^A-Za-z0-9_-]+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** Tags that identify where the runs came from: the repository and the workflow run. */
export function automaticTags(env: Readonly<Record<string, string | undefined>>): string[] {
  const tags: string[] = [];
  if (env["GITHUB_REPOSITORY"]) tags.push(`gh-repo-${env["GITHUB_REPOSITORY"]}`);
  if (env["GITHUB_RUN_ID"]) tags.push(`gh-run-${env["GITHUB_RUN_ID"]}`);
  return tags;
}

function mergeTags(source: InputSource, fromMetadata: string[]): string[] {
  const fromInput = source
    .getInput("usage-tags")
    .split(/[\n,]/)
    .map((tag) => tag.trim())
    .filter((tag) => tag !== "");
  const merged: string[] = [];
  for (const tag of [...fromInput, ...fromMetadata, ...automaticTags(source.env)]) {
    const clean = sanitiseTag(tag);
    if (clean !== "" && !merged.includes(clean)) merged.push(clean);
  }
  return merged;
}

function parseResultsFile(source: InputSource, workspace: string): string {
  const value = source.getInput("results-file").trim();
  if (value === "") return resolve(source.env["RUNNER_TEMP"] || source.tmpDir, "extend-results.json");
  if (value.endsWith("/")) fail("results-file", "must be a file path, not a directory", value);
  return resolve(workspace, value);
}

/**
 * Parses and validates every input. Throws {@link InputError} on the first bad one; nothing else is
 * done before it returns, so a bad input never costs a request.
 */
export function parseInputs(source: InputSource): ActionConfig {
  const warnings: string[] = [];
  const apiKey = parseApiKey(source);
  const workspace = resolve(source.env["GITHUB_WORKSPACE"] || source.cwd);
  const baseUrl = parseBaseUrl(source, warnings);
  const apiVersion = parseApiVersion(source, warnings);
  const processorId = parseProcessorId(source);
  const processorVersion = parseProcessorVersion(source);
  const { config, origin } = parseConfig(source, workspace);
  const { include, exclude } = parseFiles(source);
  const ifNoFilesFound = parseNoFilesPolicy(source);
  const maxFiles = parseInteger(source, "max-files", 1, Number.MAX_SAFE_INTEGER);
  const concurrency = parseInteger(source, "concurrency", 1, 32);
  const timeout = parseTimeout(source);
  const failOn = parseFailOn(source);
  const priority = parsePriority(source);
  const { metadata, tags } = parseMetadata(source);
  const usageTags = mergeTags(source, tags);
  const summary = parseBoolean(source, "summary");
  const resultsFile = parseResultsFile(source, workspace);
  const dryRun = parseBoolean(source, "dry-run");
  const cancelOnAbort = parseBoolean(source, "cancel-on-abort");
  return {
    apiKey,
    baseUrl,
    apiVersion,
    processorId,
    processorVersion,
    config,
    configSource: origin,
    include,
    exclude,
    ifNoFilesFound,
    maxFiles,
    concurrency,
    timeoutMs: timeout.ms,
    timeoutLabel: timeout.label,
    failOn,
    priority,
    metadata,
    usageTags,
    summary,
    resultsFile,
    dryRun,
    cancelOnAbort,
    workspace,
    warnings,
  };
}
