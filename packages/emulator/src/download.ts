import { isLocalHost } from "./local-url.js";
import type { EmulatorState } from "./state.js";

/** Bytes fetched for a `fileUrl`, or why they could not be. */
export type DownloadResult =
  | { ok: true; bytes: Uint8Array; mediaType: string | undefined; name: string }
  | { ok: false; message: string };

const TIMEOUT_MS = 15_000;
const CONTENT_PATH = /^\/_emulator\/files\/([^/]+)\/content$/;

/**
 * Downloads a `fileUrl`. Only http(s) URLs on 127.0.0.1/localhost are fetched — never another host;
 * `data:` URLs are refused as undownloadable. This emulator's own presigned file URLs (same origin as the request) are served
 * from memory, so they also work in process without a server.
 */
export async function downloadFile(
  url: string,
  state: EmulatorState,
  maxBytes: number,
  origin: string,
): Promise<DownloadResult> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, message: "file.fileUrl is not a valid URL" };
  }
  const name = nameFromUrl(parsed);
  // Extend downloads the file over the network; a data: URL is not something it can fetch (and is not
  // documented), so it fails like any undownloadable URL instead of working locally only.
  if (parsed.protocol === "data:") {
    return {
      ok: false,
      message:
        "Could not download file.fileUrl: data: URLs cannot be downloaded; use an http(s) URL or upload the file",
    };
  }
  const own = CONTENT_PATH.exec(parsed.pathname);
  const ownFile = own && parsed.origin === origin ? state.files.get(decodeURIComponent(own[1]!)) : undefined;
  if (ownFile) return { ok: true, bytes: ownFile.bytes, mediaType: ownFile.mediaType, name: ownFile.name };
  if (!(parsed.protocol === "http:" || parsed.protocol === "https:") || !isLocalHost(parsed.hostname)) {
    return {
      ok: false,
      message: `Could not download ${parsed.protocol}//${parsed.hostname}: the emulator only downloads http URLs on 127.0.0.1 or localhost`,
    };
  }
  try {
    const response = await fetch(parsed, { signal: AbortSignal.timeout(TIMEOUT_MS) });
    if (!response.ok) {
      await response.body?.cancel();
      return { ok: false, message: `Downloading file.fileUrl failed with HTTP ${response.status}` };
    }
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (bytes.byteLength > maxBytes)
      return { ok: false, message: `The file at file.fileUrl exceeds ${maxBytes} bytes` };
    const mediaType = response.headers.get("content-type")?.split(";")[0]?.trim() || undefined;
    return { ok: true, bytes, mediaType, name };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, message: `Downloading file.fileUrl failed: ${reason}` };
  }
}

/** The file name a URL implies: its last path segment, or "document". */
export function nameFromUrl(url: URL): string {
  const last = url.pathname.split("/").filter(Boolean).pop();
  if (!last) return "document";
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}
