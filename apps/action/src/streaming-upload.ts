/**
 * Uploads that stream from disk. The engine hands the client a lazy Blob (`fs.openAsBlob`), and core
 * sends it in a FormData; but Node's fetch (undici's) holds a request body in memory until the request
 * ends — a 150 MB file cost ~160 MB of buffers, four at once ~650 MB. So multipart requests with a file
 * are sent here instead, with undici's `request`, which writes a Node stream with backpressure: memory
 * stays at a few chunks per upload. Everything else goes to the inner fetch unchanged.
 *
 * The multipart body is the one FormData would produce (one boundary, the same part headers), with a
 * Content-Length, so the server sees an ordinary upload. Failures surface as fetch's do (a TypeError
 * "fetch failed" whose cause carries the system code), so the client classifies them the same way.
 */
import { Readable } from "node:stream";
import { type Dispatcher, request } from "undici";
import type { FetchLike } from "./engine/index.js";

const encoder = new TextEncoder();

/** Quotes a form field or file name as browsers do (CR, LF and `"` escaped). */
function quoted(value: string): string {
  return value.replace(/\r/g, "%0D").replace(/\n/g, "%0A").replace(/"/g, "%22");
}

interface Part {
  head: Uint8Array;
  body: Blob | Uint8Array;
}

/** The parts of a multipart body for `form`, and its exact length. */
function multipart(form: FormData, boundary: string): { parts: Part[]; tail: Uint8Array; length: number } {
  const parts: Part[] = [];
  let length = 0;
  for (const [name, value] of form) {
    const file = typeof value === "string" ? undefined : value;
    const disposition = `form-data; name="${quoted(name)}"${file ? `; filename="${quoted(file.name)}"` : ""}`;
    const type = file ? `\r\nContent-Type: ${file.type || "application/octet-stream"}` : "";
    const head = encoder.encode(`--${boundary}\r\nContent-Disposition: ${disposition}${type}\r\n\r\n`);
    const body = file ?? encoder.encode(value as string);
    parts.push({ head, body });
    length += head.byteLength + (body instanceof Blob ? body.size : body.byteLength) + 2;
  }
  const tail = encoder.encode(`--${boundary}--\r\n`);
  return { parts, tail, length: length + tail.byteLength };
}

async function* bodyOf(parts: readonly Part[], tail: Uint8Array): AsyncGenerator<Uint8Array> {
  const crlf = encoder.encode("\r\n");
  for (const part of parts) {
    yield part.head;
    if (part.body instanceof Blob) {
      const reader = part.body.stream().getReader();
      for (let next = await reader.read(); !next.done; next = await reader.read()) yield next.value;
    } else yield part.body;
    yield crlf;
  }
  yield tail;
}

function urlOf(input: RequestInfo | URL): string {
  return typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
}

function hasFile(body: unknown): body is FormData {
  if (!(body instanceof FormData)) return false;
  for (const [, value] of body) if (typeof value !== "string") return true;
  return false;
}

/** Wraps `inner` so that multipart requests carrying a file stream it (through `dispatcher` when given). */
export function withStreamingUploads(inner: FetchLike, dispatcher?: Dispatcher): FetchLike {
  return async (input, init) => {
    if (!hasFile(init?.body) || typeof input !== "string") return inner(input, init);
    const boundary = `----extendkit${crypto.randomUUID().replace(/-/g, "")}`;
    const { parts, tail, length } = multipart(init.body, boundary);
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, name) => {
      headers[name] = value;
    });
    headers["content-type"] = `multipart/form-data; boundary=${boundary}`;
    headers["content-length"] = String(length);
    let answer: Dispatcher.ResponseData;
    try {
      answer = await request(urlOf(input), {
        method: (init.method ?? "POST") as Dispatcher.HttpMethod,
        headers,
        body: Readable.from(bodyOf(parts, tail), { objectMode: false }),
        ...(init.signal ? { signal: init.signal } : {}),
        ...(dispatcher ? { dispatcher } : {}),
      });
    } catch (error) {
      if (init.signal?.aborted) throw init.signal.reason;
      throw new TypeError("fetch failed", { cause: error });
    }
    const responseHeaders = new Headers();
    for (const [name, value] of Object.entries(answer.headers)) {
      if (value === undefined) continue;
      for (const one of Array.isArray(value) ? value : [value]) responseHeaders.append(name, one);
    }
    const text = await answer.body.text();
    return new Response(answer.statusCode === 204 || answer.statusCode === 304 ? null : text, {
      status: answer.statusCode,
      headers: responseHeaders,
    });
  };
}
