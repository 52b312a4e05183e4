// A raw HTTP/1.1 client over a TCP socket, for requests that fetch and node:http refuse to send
// (absolute-form and malformed targets, TRACE, duplicate or oversized headers, broken bodies). It
// returns the exact bytes the server sent, so checks for leaked secrets see headers and body alike.
import { connect } from "node:net";

/** One raw request. `target` goes verbatim into the request line. */
export interface RawRequest {
  method: string;
  target: string;
  headers?: Array<[string, string]>;
  body?: string | Uint8Array;
  /** Send Content-Length for the body (default true); false sends the body with no framing header. */
  contentLength?: boolean;
}

/** A parsed response plus its raw text. */
export interface RawResponse {
  status: number;
  headers: Map<string, string>;
  body: string;
  /** Status line, headers and (de-chunked) body exactly as received, for substring checks. */
  raw: string;
}

/** Decodes a chunked body; `complete` once the last (zero-size) chunk and its trailer have arrived. */
function dechunk(data: string): { body: string; complete: boolean } {
  let body = "";
  let at = 0;
  for (;;) {
    const lineEnd = data.indexOf("\r\n", at);
    if (lineEnd === -1) return { body, complete: false };
    const size = Number.parseInt(data.slice(at, lineEnd), 16);
    if (!Number.isFinite(size)) return { body, complete: false };
    if (size === 0)
      return { body, complete: data.indexOf("\r\n\r\n", lineEnd) !== -1 || data.endsWith("\r\n\r\n") };
    if (data.length < lineEnd + 2 + size + 2) return { body, complete: false };
    body += data.slice(lineEnd + 2, lineEnd + 2 + size);
    at = lineEnd + 2 + size + 2;
  }
}

/** Parses a complete response, or returns undefined while more bytes are needed (`closed`: no more will come). */
function parseResponse(text: string, head: boolean, closed = false): RawResponse | undefined {
  const headerEnd = text.indexOf("\r\n\r\n");
  if (headerEnd === -1) return undefined;
  const [statusLine = "", ...headerLines] = text.slice(0, headerEnd).split("\r\n");
  const headers = new Map<string, string>();
  for (const line of headerLines) {
    const colon = line.indexOf(":");
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const status = Number(/^HTTP\/\d(?:\.\d)? (\d{3})/.exec(statusLine)?.[1] ?? 0);
  const rest = text.slice(headerEnd + 4);
  const chunked = /chunked/i.test(headers.get("transfer-encoding") ?? "");
  const length = headers.get("content-length");
  let body: string;
  if (head || status === 204 || status === 304 || (status >= 100 && status < 200)) body = "";
  else if (chunked) {
    const decoded = dechunk(rest);
    if (!decoded.complete && !closed) return undefined;
    body = decoded.body;
  } else if (length !== undefined) {
    if (Buffer.byteLength(rest, "latin1") < Number(length) && !closed) return undefined;
    body = rest.slice(0, Number(length));
  } else {
    if (!closed) return undefined;
    body = rest;
  }
  const utf8 = Buffer.from(body, "latin1").toString("utf8");
  return { status, headers, body: utf8, raw: `${text.slice(0, headerEnd)}\r\n\r\n${utf8}` };
}

/** Sends one request on a fresh connection (`Connection: close`) and reads the whole response. */
export function rawRequest(port: number, request: RawRequest, timeoutMs = 15_000): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(
        new Error(`no response within ${timeoutMs} ms to ${request.method} ${request.target.slice(0, 80)}`),
      );
    }, timeoutMs);
    let settled = false;
    const finish = () => {
      if (settled) return;
      const parsed = parseResponse(Buffer.concat(chunks).toString("latin1"), request.method === "HEAD");
      if (!parsed) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(parsed);
    };
    // Servers may keep the connection open despite `Connection: close`: finish as soon as the framing
    // (Content-Length or the last chunk) says the response is complete.
    socket.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      finish();
    });
    socket.on("error", (error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(error);
    });
    socket.on("close", () => {
      if (settled) return;
      const text = Buffer.concat(chunks).toString("latin1");
      const parsed = parseResponse(text, request.method === "HEAD", true);
      settled = true;
      clearTimeout(timer);
      if (parsed) resolve(parsed);
      else
        reject(
          new Error(
            `incomplete response to ${request.method} ${request.target.slice(0, 80)}: ${text.slice(0, 200)}`,
          ),
        );
    });
    const body = typeof request.body === "string" ? Buffer.from(request.body, "utf8") : request.body;
    const headers = [...(request.headers ?? [])];
    if (!headers.some(([name]) => name.toLowerCase() === "host"))
      headers.unshift(["Host", `127.0.0.1:${port}`]);
    headers.push(["Connection", "close"]);
    if (body && request.contentLength !== false) headers.push(["Content-Length", String(body.length)]);
    const head = `${request.method} ${request.target} HTTP/1.1\r\n${headers.map(([n, v]) => `${n}: ${v}`).join("\r\n")}\r\n\r\n`;
    socket.write(Buffer.from(head, "latin1"));
    if (body) socket.write(body);
    // An unframed body ends at EOF; framed requests keep the socket open so the server does not take the
    // half-close for an aborted request.
    if (body && request.contentLength === false) socket.end();
  });
}
