/** Throws unless the URL is http(s) on 127.0.0.1, localhost or ::1 — the emulator never calls other hosts. */
export function assertLocalUrl(url: string, what: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`${what} is not a valid URL`);
  }
  if (!(parsed.protocol === "http:" || parsed.protocol === "https:") || !isLocalHost(parsed.hostname)) {
    throw new Error(
      `${what} must be an http URL on 127.0.0.1 or localhost (the emulator never calls other hosts)`,
    );
  }
}

/** True for loopback host names. */
export function isLocalHost(hostname: string): boolean {
  return hostname === "127.0.0.1" || hostname === "localhost" || hostname === "[::1]" || hostname === "::1";
}
