// The recorder's own reads of the upstream (never the client's): the full run when a list showed it
// finished, and the bytes of a file it never saw uploaded. A failure is an undefined answer; the
// recorder then records less, it never fails the client's request.
import { API_VERSION } from "../options.js";
import { sha256Hex } from "./document-id.js";
import { jsonOf, sendUpstream, type Upstream, upstreamUrl } from "./forward.js";

/** `GET /processor_runs/{id}` with the recorder's key: the full run object. */
export async function fetchUpstreamRun(
  upstream: Upstream,
  id: string,
): Promise<Record<string, unknown> | undefined> {
  const json = await upstreamJson(upstream, `/processor_runs/${encodeURIComponent(id)}`);
  const run = json?.["processorRun"];
  return typeof run === "object" && run !== null ? (run as Record<string, unknown>) : undefined;
}

/** The SHA-256 of an upstream file's bytes, read once through its `presignedUrl`. */
export async function fetchUpstreamFileHash(upstream: Upstream, fileId: string): Promise<string | undefined> {
  const json = await upstreamJson(upstream, `/files/${encodeURIComponent(fileId)}`);
  const presigned = (json?.["file"] as { presignedUrl?: unknown } | undefined)?.presignedUrl;
  if (typeof presigned !== "string") return undefined;
  try {
    // A presigned URL carries its own credentials: no Authorization header goes with it.
    const response = await upstream.fetch(new Request(presigned));
    if (!response.ok) return undefined;
    return await sha256Hex(new Uint8Array(await response.arrayBuffer()));
  } catch {
    return undefined;
  }
}

async function upstreamJson(upstream: Upstream, path: string): Promise<Record<string, unknown> | undefined> {
  const request = new Request(upstreamUrl(upstream, path), {
    headers: { authorization: `Bearer ${upstream.apiKey}`, "x-extend-api-version": API_VERSION },
  });
  try {
    const answer = await sendUpstream(upstream, request);
    return answer.status < 300 ? jsonOf(answer) : undefined;
  } catch {
    return undefined;
  }
}
