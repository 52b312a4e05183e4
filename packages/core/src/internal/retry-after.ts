/** Longest server-requested wait we honour; a longer hint is clamped to this. */
export const RETRY_AFTER_CAP_MS = 60_000;

/**
 * Reads the server's wait hint: `retry-after-ms` (milliseconds), else `Retry-After` as delay-seconds
 * or an HTTP date. Returns undefined when absent or unparseable, else a delay in [0, 60 s].
 */
export function parseRetryAfter(headers: Headers, now: number = Date.now()): number | undefined {
  const ms = headers.get("retry-after-ms");
  if (ms !== null && ms.trim() !== "") {
    const value = Number(ms);
    if (Number.isFinite(value) && value >= 0) return clamp(value);
  }
  const raw = headers.get("retry-after");
  if (raw === null || raw.trim() === "") return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return seconds >= 0 ? clamp(seconds * 1000) : undefined;
  const date = Date.parse(raw);
  if (Number.isNaN(date)) return undefined;
  return clamp(date - now);
}

function clamp(ms: number): number {
  return Math.min(RETRY_AFTER_CAP_MS, Math.max(0, Math.round(ms)));
}
