// What the cassette keeps of an upstream answer: a finished run's outcome and processor facts, or a
// create's client error. Ids, timestamps, files and URLs are left out (they change on every recording);
// the run's own ids inside its output become placeholders that a replay fills with the new ids.
import type { ProcessorType } from "../options.js";
import type { FinalStatus, RecordedError, RecordedRun } from "./format.js";
import { mapJsonStrings } from "./json-strings.js";
import { scrubJson } from "./scrub.js";
import { sameJson } from "./stable-json.js";

/** Placeholders for a run's own ids inside its output (a splitter's `fileId`) and an error's request id. */
export const PLACEHOLDERS = { runId: "{{runId}}", fileId: "{{fileId}}", requestId: "{{requestId}}" } as const;

const TYPES: readonly ProcessorType[] = ["EXTRACT", "CLASSIFY", "SPLITTER"];

// Statuses that say something about the request itself; auth, conflicts, timeouts and rate limits are
// about the moment, so a replay must not repeat them.
const TRANSIENT = new Set([401, 403, 408, 409, 429]);

/** The cassette form of a finished run object. */
export function recordedRun(body: Record<string, unknown>, secrets: readonly string[]): RecordedRun {
  const ids = new Map<string, string>();
  if (typeof body["id"] === "string") ids.set(body["id"], PLACEHOLDERS.runId);
  const files = body["files"];
  const fileId = Array.isArray(files) ? (files[0] as { id?: unknown } | undefined)?.id : undefined;
  if (typeof fileId === "string") ids.set(fileId, PLACEHOLDERS.fileId);
  const output = replaceStrings(objectOr(body["output"]), ids);
  const initialOutput = replaceStrings(objectOr(body["initialOutput"] ?? body["output"]), ids);
  const type = TYPES.find((t) => t === body["type"] || t === body["processorType"]) ?? "EXTRACT";
  const processorId = String(body["processorId"] ?? "");
  const usage = body["usage"] as { credits?: unknown } | undefined;
  const run: RecordedRun = {
    status: body["status"] as FinalStatus,
    processor: {
      id: processorId,
      name: typeof body["processorName"] === "string" ? body["processorName"] : processorId,
      type,
      versionId: String(body["processorVersionId"] ?? ""),
    },
    config: objectOr(body["config"]),
    output,
    credits: typeof usage?.credits === "number" ? usage.credits : 0,
  };
  if (!sameJson(initialOutput, output)) run.initialOutput = initialOutput;
  if (typeof body["failureReason"] === "string") run.failureReason = body["failureReason"];
  if (typeof body["failureMessage"] === "string") run.failureMessage = body["failureMessage"];
  return scrubJson(run, secrets);
}

/** The cassette form of a refused create, or undefined when the refusal says nothing lasting. */
export function recordedError(
  status: number,
  body: Record<string, unknown> | undefined,
  secrets: readonly string[],
): RecordedError | undefined {
  if (status < 400 || status > 499 || TRANSIENT.has(status) || !body) return undefined;
  // The request id changes on every request; a replay puts its own where the recording had one.
  const stable = "requestId" in body ? { ...body, requestId: PLACEHOLDERS.requestId } : body;
  return { status, body: scrubJson(stable, secrets) };
}

/** A deep copy of a JSON value with every string found in `map` replaced by its value there. */
export function replaceStrings<T>(value: T, map: ReadonlyMap<string, string>): T {
  return map.size === 0 ? value : mapJsonStrings(value, (text) => map.get(text) ?? text);
}

function objectOr(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
