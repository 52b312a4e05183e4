/** Longest a client may ask the proxy to hold a read (`Prefer: wait`, RFC 7240). */
export const MAX_WAIT_SECONDS = 60;

/**
 * The `wait` preference of a request in seconds (capped at MAX_WAIT_SECONDS), or null when it has none.
 * RFC 7240: `Prefer` may repeat and hold several comma-separated preferences; `wait=<delta-seconds>`.
 */
export function preferredWaitSeconds(request: Request): number | null {
  const header = request.headers.get("prefer");
  if (header === null) return null;
  for (const preference of header.split(",")) {
    const match = /^\s*wait\s*=\s*"?(\d{1,9})"?\s*(;.*)?$/i.exec(preference);
    if (match !== null) return Math.min(MAX_WAIT_SECONDS, Number(match[1]));
  }
  return null;
}

/** The `Preference-Applied` header value for a wait the proxy honoured. */
export function appliedWait(seconds: number): string {
  return `wait=${seconds}`;
}
