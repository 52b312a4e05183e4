/** Longest server-requested wait we honour; a longer hint is clamped to this. */
export const RETRY_AFTER_CAP_MS = 60_000;

/**
 * Reads the server's wait hint (exported for callers that pace their own requests, such as the action's
 * 429 gate): `retry-after-ms` (milliseconds), else `Retry-After` as delay-seconds
 * or an HTTP date. Returns undefined when absent or unparseable, else a delay in [0, 60 s].
 */
export function parseRetryAfter(headers: Headers, now: number = Date.now()): number | undefined {
  const ms = parseFloat(headers.get("retry-after-ms") ?? "");
  const raw = headers.get("retry-after")?.trim() ?? "";
  const delay =
    ms >= 0
      ? ms
      : /^\d+(\.\d+)?$/.test(raw)
        ? parseFloat(raw) * 1000
        : /[a-z]/i.test(raw)
          ? Date.parse(raw) - now
          : Number.NaN;
  return Number.isNaN(delay) ? undefined : Math.min(RETRY_AFTER_CAP_MS, Math.max(0, Math.round(delay)));
}
