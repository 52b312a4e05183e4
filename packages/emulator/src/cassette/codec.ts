// Reading and writing cassette text. Writing sorts everything the cassette itself structures (keys,
// documents, runs), so the same recording always gives the same bytes; the payloads Extend returned
// (config, output, error bodies) keep Extend's key order, because replayed outputs must be byte-identical.
import {
  CASSETTE_FORMAT,
  CASSETTE_VERSION,
  type Cassette,
  type CassetteDocument,
  type CassetteEntry,
  CassetteError,
  type CassetteRequest,
  type DocumentRef,
  type RecordedError,
  type RecordedRun,
  type RecordedStatus,
} from "./format.js";
import { requestKey } from "./match.js";

const STATUSES: readonly RecordedStatus[] = ["PENDING", "PROCESSING", "PROCESSED", "FAILED", "CANCELLED"];
const FINAL = ["PROCESSED", "FAILED", "CANCELLED"] as const;
const TYPES = ["EXTRACT", "CLASSIFY", "SPLITTER"] as const;
const SHA256 = /^[0-9a-f]{64}$/;

/** The cassette as file text: pretty-printed, sorted, with a trailing newline. */
export function serializeCassette(cassette: Cassette): string {
  const runs = cassette.runs
    .map((entry, index) => ({ entry, index, key: requestKey(entry.request) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.index - b.index))
    .map(({ entry }) => orderedEntry(entry));
  const documents: Record<string, CassetteDocument> = {};
  for (const sha of Object.keys(cassette.documents).sort()) {
    const doc = cassette.documents[sha]!;
    documents[sha] = {
      bytes: doc.bytes,
      name: doc.name,
      ...(doc.type !== undefined ? { type: doc.type } : {}),
    };
  }
  const body = {
    apiVersion: cassette.apiVersion,
    documents,
    format: cassette.format,
    runs,
    version: cassette.version,
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}

function orderedEntry(entry: CassetteEntry): CassetteEntry {
  const { request, run, error } = entry;
  return {
    ...(error ? { error: { body: error.body, status: error.status } } : {}),
    request: {
      config: request.config,
      document: request.document,
      processorId: request.processorId,
      version: request.version,
    },
    ...(run ? { run: orderedRun(run) } : {}),
    states: [...entry.states],
  };
}

function orderedRun(run: RecordedRun): RecordedRun {
  const { processor } = run;
  return {
    config: run.config,
    credits: run.credits,
    ...(run.failureMessage !== undefined ? { failureMessage: run.failureMessage } : {}),
    ...(run.failureReason !== undefined ? { failureReason: run.failureReason } : {}),
    ...(run.initialOutput !== undefined ? { initialOutput: run.initialOutput } : {}),
    output: run.output,
    processor: {
      id: processor.id,
      name: processor.name,
      type: processor.type,
      versionId: processor.versionId,
    },
    status: run.status,
  };
}

/**
 * Parses and checks cassette text. Every problem is a {@link CassetteError} whose message names the
 * source and the field, e.g. `ci.json: runs[2].request.version must be a non-empty string`.
 */
export function parseCassette(text: string, source = "cassette"): Cassette {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CassetteError(`${source} is not valid JSON (${reason}); re-record it`);
  }
  if (!isObject(parsed) || parsed["format"] !== CASSETTE_FORMAT) {
    throw new CassetteError(`${source} is not an extendkit cassette (no "format": "${CASSETTE_FORMAT}")`);
  }
  const version = parsed["version"];
  if (version !== CASSETTE_VERSION) {
    throw new CassetteError(
      `${source} is cassette version ${JSON.stringify(version)}, and this emulator reads version ${CASSETTE_VERSION} only; re-record it with this emulator`,
    );
  }
  const check = new Checker(source);
  const apiVersion = check.string(parsed["apiVersion"], "apiVersion");
  const documents: Record<string, CassetteDocument> = {};
  const rawDocs = check.object(parsed["documents"], "documents");
  for (const [sha, doc] of Object.entries(rawDocs)) {
    const at = `documents["${sha}"]`;
    if (!SHA256.test(sha)) check.fail(`${at}: the key must be a lowercase hex SHA-256`);
    const fields = check.object(doc, at);
    documents[sha] = {
      name: check.string(fields["name"], `${at}.name`),
      bytes: check.count(fields["bytes"], `${at}.bytes`),
      ...(fields["type"] !== undefined ? { type: check.string(fields["type"], `${at}.type`) } : {}),
    };
  }
  const rawRuns = parsed["runs"];
  if (!Array.isArray(rawRuns)) check.fail("runs must be an array");
  const runs = (rawRuns as unknown[]).map((entry, i) => parseEntry(check, entry, `runs[${i}]`));
  return { format: CASSETTE_FORMAT, version: CASSETTE_VERSION, apiVersion, documents, runs };
}

function parseEntry(check: Checker, value: unknown, at: string): CassetteEntry {
  const fields = check.object(value, at);
  const states = fields["states"];
  if (!Array.isArray(states) || states.some((s) => !STATUSES.includes(s as RecordedStatus))) {
    check.fail(`${at}.states must be an array of run statuses (${STATUSES.join(", ")})`);
  }
  const entry: CassetteEntry = {
    request: parseRequest(check, fields["request"], `${at}.request`),
    states: states as RecordedStatus[],
  };
  if ((fields["run"] === undefined) === (fields["error"] === undefined)) {
    check.fail(`${at} must have exactly one of run and error`);
  }
  if (fields["run"] !== undefined) entry.run = parseRun(check, fields["run"], `${at}.run`);
  if (fields["error"] !== undefined) {
    const error = check.object(fields["error"], `${at}.error`);
    const status = check.count(error["status"], `${at}.error.status`);
    if (status < 400 || status > 499) check.fail(`${at}.error.status must be a 4xx status`);
    entry.error = { status, body: check.object(error["body"], `${at}.error.body`) } satisfies RecordedError;
  }
  if (entry.run && entry.states.at(-1) !== entry.run.status) {
    check.fail(`${at}.states must end with the run's final status ${entry.run.status}`);
  }
  return entry;
}

function parseRequest(check: Checker, value: unknown, at: string): CassetteRequest {
  const fields = check.object(value, at);
  const config = fields["config"];
  if (config !== null && !isObject(config)) check.fail(`${at}.config must be an object or null`);
  return {
    processorId: check.string(fields["processorId"], `${at}.processorId`),
    version: check.string(fields["version"], `${at}.version`),
    config: config as Record<string, unknown> | null,
    document: parseDocument(check, fields["document"], `${at}.document`),
  };
}

function parseDocument(check: Checker, value: unknown, at: string): DocumentRef {
  const fields = check.object(value, at);
  const keys = Object.keys(fields);
  const [kind] = keys;
  if (keys.length === 1 && (kind === "sha256" || kind === "rawTextSha256")) {
    const sha = fields[kind];
    if (typeof sha !== "string" || !SHA256.test(sha))
      check.fail(`${at}.${kind} must be a lowercase hex SHA-256`);
    return kind === "sha256" ? { sha256: sha as string } : { rawTextSha256: sha as string };
  }
  if (keys.length === 1 && kind === "fileUrl")
    return { fileUrl: check.string(fields["fileUrl"], `${at}.fileUrl`) };
  return check.fail(`${at} must be {"sha256": …}, {"rawTextSha256": …} or {"fileUrl": …}`);
}

function parseRun(check: Checker, value: unknown, at: string): RecordedRun {
  const fields = check.object(value, at);
  const status = fields["status"];
  if (!FINAL.includes(status as (typeof FINAL)[number]))
    check.fail(`${at}.status must be one of ${FINAL.join(", ")}`);
  const processor = check.object(fields["processor"], `${at}.processor`);
  const type = processor["type"];
  if (!TYPES.includes(type as (typeof TYPES)[number]))
    check.fail(`${at}.processor.type must be one of ${TYPES.join(", ")}`);
  const run: RecordedRun = {
    status: status as RecordedRun["status"],
    processor: {
      id: check.string(processor["id"], `${at}.processor.id`),
      name: check.string(processor["name"], `${at}.processor.name`),
      type: type as RecordedRun["processor"]["type"],
      versionId: check.string(processor["versionId"], `${at}.processor.versionId`),
    },
    config: check.object(fields["config"], `${at}.config`),
    output: check.object(fields["output"], `${at}.output`),
    credits: check.number(fields["credits"], `${at}.credits`),
  };
  if (fields["initialOutput"] !== undefined)
    run.initialOutput = check.object(fields["initialOutput"], `${at}.initialOutput`);
  for (const name of ["failureReason", "failureMessage"] as const) {
    if (fields[name] !== undefined) run[name] = check.string(fields[name], `${at}.${name}`);
  }
  return run;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Field checks that throw a CassetteError naming the source and the field. */
class Checker {
  constructor(private readonly source: string) {}

  fail(message: string): never {
    throw new CassetteError(`${this.source}: ${message}`);
  }

  object(value: unknown, at: string): Record<string, unknown> {
    if (!isObject(value)) this.fail(`${at} must be an object`);
    return value as Record<string, unknown>;
  }

  string(value: unknown, at: string): string {
    if (typeof value !== "string" || value === "") this.fail(`${at} must be a non-empty string`);
    return value as string;
  }

  number(value: unknown, at: string): number {
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0)
      this.fail(`${at} must be a number >= 0`);
    return value as number;
  }

  count(value: unknown, at: string): number {
    if (!Number.isInteger(value) || (value as number) < 0) this.fail(`${at} must be an integer >= 0`);
    return value as number;
  }
}
