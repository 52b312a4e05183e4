import { ProxyError } from "./errors.ts";

function tooLarge(maxBytes: number): ProxyError {
  return new ProxyError(413, "PAYLOAD_TOO_LARGE", `Request body exceeds the limit of ${maxBytes} bytes`);
}

/** Refuses from `Content-Length` alone, before a single byte of the body is read. */
export function checkDeclaredLength(request: Request, maxBytes: number): void {
  const declared = request.headers.get("content-length");
  if (declared === null) return;
  if (!/^\d+$/.test(declared.trim())) throw new ProxyError(400, "INVALID_REQUEST", "Invalid Content-Length");
  if (Number(declared) > maxBytes) throw tooLarge(maxBytes);
}

/** Reads the whole body, failing with 413 as soon as the limit is passed (chunked bodies included). */
export async function readLimitedBody(request: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  checkDeclaredLength(request, maxBytes);
  if (request.body === null) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/** A pass-through stream that stops once more than `maxBytes` went through; `exceeded` tells why. */
export interface LimitedStream {
  stream: ReadableStream<Uint8Array>;
  /** Aborted when the limit is passed, so the upstream request is cancelled mid-flight. */
  signal: AbortSignal;
  exceeded(): boolean;
  error(): ProxyError;
}

/**
 * Wraps a body for streaming upstream while enforcing the limit on every chunk. On overflow the upstream
 * request is aborted first and the stream then ended, so nothing truncated is ever accepted upstream.
 */
export function limitStream(body: ReadableStream<Uint8Array>, maxBytes: number): LimitedStream {
  let total = 0;
  let exceeded = false;
  const abort = new AbortController();
  const transform = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      total += chunk.byteLength;
      if (total > maxBytes) {
        exceeded = true;
        abort.abort();
        controller.terminate();
        body.cancel().catch(() => {});
        return;
      }
      controller.enqueue(chunk);
    },
  });
  return {
    stream: body.pipeThrough(transform),
    signal: abort.signal,
    exceeded: () => exceeded,
    error: () => tooLarge(maxBytes),
  };
}
