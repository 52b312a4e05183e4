import { ProxyError } from "./errors.ts";

/**
 * What a client may ask of a run beyond the processor allowlist (S3): the processor id alone does not bound
 * what a run does when the client can also send its own `config`, pick the `draft` version or jump the queue.
 */
export interface RunPolicy {
  /** Whether the client may send `config` (an override of the processor version's config). */
  allowConfig: boolean;
  /** `version` values the client may send; `"*"` allows any. Omitting `version` means `latest`. */
  versions: ReadonlySet<string>;
  /** Lowest `priority` the client may send (Extend runs lower values first; its default is 50). */
  minPriority: number;
}

/** The policy of a client that configures none: the processor version as published, default priority. */
export const DEFAULT_RUN_POLICY: RunPolicy = {
  allowConfig: false,
  versions: new Set(["latest"]),
  minPriority: 50,
};

/** Parses the policy fields of a PROXY_CLIENTS entry or JWT payload; a string is a problem description. */
export function parseRunPolicy(v: Record<string, unknown>, label: string): RunPolicy | string {
  const allowConfig = v["allowConfig"] ?? DEFAULT_RUN_POLICY.allowConfig;
  if (typeof allowConfig !== "boolean") return `${label}.allowConfig must be a boolean`;
  const versions = v["versions"] ?? [...DEFAULT_RUN_POLICY.versions];
  if (!Array.isArray(versions) || !versions.every((x) => typeof x === "string" && x.length > 0)) {
    return `${label}.versions must be an array of versions ("latest", "draft", "1.0", or "*")`;
  }
  const minPriority = v["minPriority"] ?? DEFAULT_RUN_POLICY.minPriority;
  if (
    typeof minPriority !== "number" ||
    !Number.isInteger(minPriority) ||
    minPriority < 1 ||
    minPriority > 100
  ) {
    return `${label}.minPriority must be an integer from 1 to 100`;
  }
  return { allowConfig, versions: new Set(versions as string[]), minPriority };
}

function forbidden(message: string): ProxyError {
  return new ProxyError(403, "FORBIDDEN", message);
}

/**
 * Refuses a create body that goes beyond the client's policy. `file.fileUrl` is always refused: the proxy
 * cannot tell whose document a URL points at, and a run on a URL makes Extend fetch it; a tenant's own
 * files are run by `file.fileId`, whose ownership the proxy checks.
 */
export function enforceRunPolicy(policy: RunPolicy, body: Record<string, unknown>): void {
  if (body["config"] !== undefined && !policy.allowConfig) {
    throw forbidden("This client may not send config: runs use the processor version's own config");
  }
  const version = body["version"];
  if (version !== undefined) {
    if (typeof version !== "string") throw new ProxyError(400, "INVALID_REQUEST", "version must be a string");
    if (!policy.versions.has("*") && !policy.versions.has(version)) {
      throw forbidden("This client may not run that processor version");
    }
  }
  const priority = body["priority"];
  if (priority !== undefined) {
    if (typeof priority !== "number" || !Number.isInteger(priority)) {
      throw new ProxyError(400, "INVALID_REQUEST", "priority must be an integer");
    }
    if (priority < policy.minPriority) {
      throw forbidden(`This client's runs may not have a priority below ${policy.minPriority}`);
    }
  }
  const file = body["file"];
  if (typeof file === "object" && file !== null && (file as { fileUrl?: unknown }).fileUrl !== undefined) {
    throw forbidden("file.fileUrl is not accepted by the proxy: upload the file and run it by file.fileId");
  }
}
