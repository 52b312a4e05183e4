/**
 * Turns client errors into a {@link FileError} with advice a user can act on, and decides which errors
 * are fatal for the whole action (a wrong key or processor fails every file alike, so the engine stops
 * starting new files instead of spending uploads to learn the same thing again).
 */
import { ConnectionError, InvalidResponseError, TimeoutError } from "@extendkit/core";
import type { FileError, Stage } from "./results.js";

/** A described error and whether it should stop the action from starting more files. */
export interface DescribedError extends FileError {
  fatal: boolean;
}

interface ErrorShape {
  status?: unknown;
  code?: unknown;
  requestId?: unknown;
  mayHaveCreatedRun?: unknown;
  message?: unknown;
}

const UPLOAD_CODES: Record<string, string> = {
  FILE_TYPE_NOT_SUPPORTED: "Extend does not support this file type",
  FILE_SIZE_TOO_LARGE: "the file is larger than Extend accepts",
  CORRUPT_FILE: "Extend could not read the file (corrupt?)",
  PASSWORD_PROTECTED_FILE: "the file is password-protected",
};

function adviceFor(
  status: number | null,
  code: string | null,
  stage: Stage,
): { advice: string | null; fatal: boolean } {
  if (status === 401) {
    return {
      advice:
        "check the api-key input (with auth: oidc, whether the proxy's OIDC_POLICIES map this workflow): the API (or proxy) at base-url rejected it (401)",
      fatal: true,
    };
  }
  if (status === 403) {
    return { advice: "check the api-key input: the key is not allowed to do this (403)", fatal: true };
  }
  if (status === 402)
    return { advice: "the Extend account cannot pay for runs (402): check its credits", fatal: true };
  if (status === 404 && stage === "create") {
    return {
      advice: "check processor-id and processor-version: the processor was not found (404)",
      fatal: true,
    };
  }
  if (status === 404 && stage === "check") {
    return { advice: "the API answered 404 to a list of runs: check base-url", fatal: true };
  }
  if (status === 404) return { advice: "the API answered 404: check base-url", fatal: false };
  if (status === 400 && stage === "upload") {
    const why = code ? UPLOAD_CODES[code] : undefined;
    return { advice: why ? `${why} (${code})` : "Extend rejected the upload (400)", fatal: false };
  }
  if ((status === 400 || status === 422) && stage === "create") {
    // The create parameters are the same for every file but its id: what is wrong for one is wrong for all.
    return {
      advice: `Extend rejected the run request (${status}): check processor-id, processor-version, config (its type must be the processor's) and priority`,
      fatal: true,
    };
  }
  if (status === 429)
    return { advice: "still rate limited after retries: lower concurrency or retry later", fatal: false };
  if (status !== null && status >= 500)
    return { advice: `Extend had a server error (${status}): retry later`, fatal: false };
  return { advice: null, fatal: false };
}

/** Describes an error thrown at `stage`. */
export function describeError(error: unknown, stage: Stage): DescribedError {
  const shape = (typeof error === "object" && error !== null ? error : {}) as ErrorShape;
  const status = typeof shape.status === "number" ? shape.status : null;
  const code = typeof shape.code === "string" ? shape.code : null;
  const requestId = typeof shape.requestId === "string" ? shape.requestId : null;
  const mayHaveCreatedRun = shape.mayHaveCreatedRun === true;
  const message = ciMessage(error instanceof Error ? error.message : String(error));
  let { advice, fatal } = adviceFor(status, code, stage);
  if (stage === "read") advice = "the file could not be read from the workspace";
  else if (error instanceof ConnectionError) {
    advice = "could not reach base-url: check base-url, the network and HTTPS_PROXY/NO_PROXY";
    // Nothing reached the API (connection refused, unknown host): every other file would wait through
    // the same retries to learn the same thing.
    fatal = (error as { nothingSent?: unknown }).nothingSent === true;
  } else if (error instanceof TimeoutError) advice = "the request timed out: the API did not answer in time";
  else if (error instanceof InvalidResponseError) {
    advice = "base-url did not answer like the Extend API: check base-url";
  }
  if (mayHaveCreatedRun) {
    advice =
      "the run may have been created anyway: look for a run of processor-id with metadata " +
      '"extendkit:file" set to this path before running the file again';
  }
  return { stage, message, advice, status, code, requestId, mayHaveCreatedRun, fatal };
}

/**
 * The client's message without its SDK-facing hints ("check client.files.list()"): a CI user acts on the
 * advice instead, which says the same in the action's terms.
 */
function ciMessage(message: string): string {
  return message.replace(/\s*The (?:file|run) may (?:exist|have been)[\s\S]*$/, "").trim();
}

/** One line for logs and messages: the message followed by the advice. */
export function errorLine(error: FileError): string {
  return error.advice ? `${error.message} — ${error.advice}` : error.message;
}
