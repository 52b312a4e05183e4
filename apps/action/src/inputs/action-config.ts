/**
 * Every input of the action is parsed and validated here, and only here. The module is pure: it reads
 * inputs through the `getInput` function it is given (the runner's, or a test's), never touches
 * `process`, and either returns a typed {@link ActionConfig} or throws an {@link InputError} that quotes
 * the input and says what is accepted — before any request is made.
 */
import { resolve } from "node:path";
import { type CacheScope, uncacheableReason } from "../gate/result-cache.js";
import type { FailOnKind } from "../outcomes.js";
import { FAIL_ON_KINDS } from "../outcomes.js";
import { parseByteSize } from "./byte-size.js";
import { type CacheConfig, parseCacheInputs } from "./cache-inputs.js";
import {
  type MissingKeyPolicy,
  parseApiKey,
  parseApiVersion,
  parseBaseUrl,
  parseMissingKeyPolicy,
  parseProcessorId,
  parseProcessorVersion,
} from "./connection.js";
import { type NoFilesPolicy, parseFiles, parseNoFilesPolicy } from "./files-input.js";
import { type GateConfig, parseGateInputs } from "./gate-inputs.js";
import { fail, parseBoolean, parseInteger, read } from "./input-error.js";
import { INPUT_DEFAULTS, type InputSource } from "./input-names.js";
import { mergeTags, parseMetadata } from "./metadata.js";
import { type AuthMode, checkOidcTarget, parseAuthMode } from "./oidc-auth.js";
import { type PollingMode, parsePolling, parseRateLimits, type RateLimits } from "./rate-limits.js";
import { type JsonRecord, parseConfig, type RunConfig } from "./run-config.js";

/** The validated inputs. */
export interface ActionConfig {
  /** Empty only when `on-missing-api-key` allowed it (the step then skips), or with `auth: oidc`. */
  apiKey: string;
  /** `key`: api-key is the bearer; `oidc`: a GitHub OIDC ID token for base-url is (keyless, proxy only). */
  auth: AuthMode;
  onMissingApiKey: MissingKeyPolicy;
  /** Files larger than this many bytes are refused before any upload. */
  maxFileSize: number;
  /** The limits requests are paced under (`rate-limits`); undefined for off. */
  rateLimits: RateLimits | undefined;
  /** How run states are learned (`polling`). */
  polling: PollingMode;
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
  /** The regression gate (expected outputs), when `expectations` is set. */
  gate: GateConfig | undefined;
  /** The result cache, when `cache-dir` is set, `cache` is not off and the processor version is pinned. */
  cache: CacheConfig | undefined;
  /** Post (or update) one pull request comment for this step. */
  comment: boolean;
  /** Token for the comment; empty when none was given. */
  githubToken: string;
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

function parseFailOn(source: InputSource, gate: boolean): FailOnKind[] {
  const value = read(source, "fail-on");
  // With expectations, the default set also fails on mismatches (a list the user chose is kept as written).
  if (gate && value === INPUT_DEFAULTS["fail-on"]) return [...parseFailOnList(value), "mismatched"];
  return parseFailOnList(value);
}

function parseFailOnList(value: string): FailOnKind[] {
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

function parseResultsFile(source: InputSource, workspace: string): string {
  const value = source.getInput("results-file").trim();
  if (value === "") {
    // One file per step: GITHUB_ACTION names the step uniquely within the job, so two steps of this action
    // in one job do not overwrite each other's results.
    const step = (source.env["GITHUB_ACTION"] ?? "").replace(/[^A-Za-z0-9_.-]+/g, "-").replace(/^[-.]+/, "");
    const name = step === "" ? "extend-results.json" : `extend-results-${step}.json`;
    return resolve(source.env["RUNNER_TEMP"] || source.tmpDir, name);
  }
  if (value.endsWith("/")) fail("results-file", "must be a file path, not a directory", value);
  return resolve(workspace, value);
}

/** The cache inputs, dropped with a warning when the processor version cannot be cached. */
function parseCachedScope(
  source: InputSource,
  workspace: string,
  scope: CacheScope,
  warnings: string[],
): CacheConfig | undefined {
  const cache = parseCacheInputs(source, workspace);
  const reason = cache && uncacheableReason(scope);
  if (reason) warnings.push(`cache-dir is not used: ${reason}.`);
  return reason ? undefined : cache;
}

/**
 * Parses and validates every input. Throws {@link InputError} on the first bad one; nothing else is
 * done before it returns, so a bad input never costs a request.
 */
export function parseInputs(source: InputSource): ActionConfig {
  const warnings: string[] = [];
  const onMissingApiKey = parseMissingKeyPolicy(source);
  const auth = parseAuthMode(source);
  // With auth: oidc the bearer is requested from the runner later; api-key is neither needed nor used.
  const apiKey = auth === "oidc" ? "" : parseApiKey(source, onMissingApiKey);
  const workspace = resolve(source.env["GITHUB_WORKSPACE"] || source.cwd);
  const baseUrl = parseBaseUrl(source, warnings);
  if (auth === "oidc") checkOidcTarget(baseUrl);
  const apiVersion = parseApiVersion(source, warnings);
  const processorId = parseProcessorId(source);
  const processorVersion = parseProcessorVersion(source);
  const { config, origin } = parseConfig(source, workspace);
  const { include, exclude } = parseFiles(source);
  const ifNoFilesFound = parseNoFilesPolicy(source);
  const maxFiles = parseInteger(source, "max-files", 1, Number.MAX_SAFE_INTEGER);
  const concurrency = parseInteger(source, "concurrency", 1, 32);
  const timeout = parseTimeout(source);
  const gate = parseGateInputs(source, workspace);
  const failOn = parseFailOn(source, gate !== undefined);
  const priority = parsePriority(source);
  const { metadata, tags } = parseMetadata(source);
  const usageTags = mergeTags(source, tags);
  const summary = parseBoolean(source, "summary");
  const resultsFile = parseResultsFile(source, workspace);
  const dryRun = parseBoolean(source, "dry-run");
  const cancelOnAbort = parseBoolean(source, "cancel-on-abort");
  return {
    apiKey,
    auth,
    onMissingApiKey,
    maxFileSize: parseByteSize(source, "max-file-size"),
    rateLimits: parseRateLimits(source),
    polling: parsePolling(source),
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
    gate,
    comment: parseBoolean(source, "comment"),
    // Outside a runner the default expression is not substituted: no token then.
    githubToken: source
      .getInput("github-token")
      .trim()
      .replace(/^\$\{\{.*\}\}$/, ""),
    cache: parseCachedScope(
      source,
      workspace,
      { processorId, version: processorVersion, config, apiVersion },
      warnings,
    ),
  };
}
