// The shape of one hostile request and what the proxy must answer.
import type { RawRequest, RawResponse } from "../raw-http.js";

/** What the hostile cases need to know about the running system. */
export interface HostileContext {
  /** Client tokens: tenant A and B (full scopes), a read-only client, a classifier-only client. */
  tokens: { a: string; b: string; readOnly: string; classifierOnly: string };
  jwtSecret: string;
  /** The upstream (emulator) key the proxy holds; it must never be accepted from or shown to a client. */
  upstreamKey: string;
  /** Tenant A's runs and file, tenant B's run and file, created before the attack. */
  ids: { aRuns: string[]; aFile: string; bRun: string; bFile: string };
  tenants: { a: string; b: string };
  emulatorPort: number;
  maxBodyBytes: number;
}

/** One generated request. */
export interface HostileCase {
  category:
    | "token"
    | "jwt"
    | "path"
    | "method"
    | "header"
    | "body"
    | "metadata"
    | "tenant"
    | "webhook"
    | "control";
  name: string;
  request: RawRequest;
  /** Statuses that are correct; when absent only the global invariants apply. */
  expect?: readonly number[];
  /** Extra check; returns a problem description or undefined. */
  check?: (response: RawResponse) => string | undefined;
  /**
   * Requests workerd's own HTTP server refuses before any worker code runs (absolute-form and CONNECT
   * targets, methods it does not recognise): such an answer carries none of the proxy's headers
   * (no x-request-id) and may be one of these statuses. Anything the worker itself answered is judged
   * normally.
   */
  runtimeRefusal?: readonly number[];
  /**
   * A request whose path contains dot segments is resolved by URL parsing before routing: it must be
   * answered exactly like this already-resolved request (same status and code), so no traversal can
   * reach anything the resolved path cannot.
   */
  sameAs?: RawRequest;
}

/** Statuses for "you may not see this": not found, or method not allowed. */
export const NOT_ROUTED = [404, 405] as const;

/** An Authorization header for a bearer credential. */
export function bearer(token: string): [string, string] {
  return ["Authorization", `Bearer ${token}`];
}

/** JSON body headers. */
export const JSON_TYPE: [string, string] = ["Content-Type", "application/json"];

/** A multipart upload body with one small text file. */
export function multipartUpload(name: string, content: string): { body: string; type: [string, string] } {
  const boundary = `----extendkit${name.replace(/[^A-Za-z0-9]/g, "")}`;
  const body = [
    `--${boundary}`,
    `Content-Disposition: form-data; name="file"; filename="${name}"`,
    "Content-Type: text/plain",
    "",
    content,
    `--${boundary}--`,
    "",
  ].join("\r\n");
  return { body, type: ["Content-Type", `multipart/form-data; boundary=${boundary}`] };
}

/** A valid create body for the invoice extractor on raw text. */
export function createBody(extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    processorId: "dp_invoice_extractor",
    rawText: "Invoice Number: INV-1\nTotal: 1.00",
    ...extra,
  });
}
