import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { openCassetteFiles } from "./cassette/node-options.js";
import { createEmulator } from "./emulator.js";
import { DroppedConnectionError } from "./errors.js";
import type { Emulator, EmulatorOptions } from "./options.js";

/** A running emulator server. */
export interface StartedEmulator {
  /** Base URL, e.g. `http://127.0.0.1:54321`. */
  url: string;
  emulator: Emulator;
  /** Closes idle and active connections, then the emulator. */
  stop(): Promise<void>;
}

/**
 * Serves an emulator over HTTP with Node's `http` module (imported lazily so that importing the
 * package stays free of Node built-ins for Workers, Deno and browsers).
 */
export async function startEmulator(
  options: EmulatorOptions & { host?: string; port?: number } = {},
): Promise<StartedEmulator> {
  const { host = "127.0.0.1", port = 0, ...emulatorOptions } = options;
  const http = await import("node:http");
  const emulator = createEmulator(await openCassetteFiles(emulatorOptions));
  let origin = "";
  const server: Server = http.createServer((req, res) => {
    void serve(emulator, origin, req, res);
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => {
        server.off("error", reject);
        resolve();
      });
    });
  } catch (error) {
    await emulator.close();
    throw error;
  }
  const address = server.address();
  const actualPort = typeof address === "object" && address ? address.port : port;
  origin = `http://${host.includes(":") ? `[${host}]` : host}:${actualPort}`;
  let stopping: Promise<void> | undefined;
  return {
    url: origin,
    emulator,
    stop() {
      stopping ??= (async () => {
        await emulator.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
          server.closeAllConnections();
        });
      })();
      return stopping;
    },
  };
}

async function serve(
  emulator: Emulator,
  origin: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const controller = new AbortController();
  // A client that hangs up (e.g. a timed-out sync create) should not keep a handler waiting.
  res.on("close", () => {
    if (!res.writableFinished) controller.abort(new DOMException("client disconnected", "AbortError"));
  });
  try {
    const request = await toRequest(origin, req, controller.signal);
    const response = await emulator.fetch(request);
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name] = value;
    });
    const body = new Uint8Array(await response.arrayBuffer());
    res.writeHead(response.status, headers);
    res.end(body);
  } catch (error) {
    if (error instanceof DroppedConnectionError || controller.signal.aborted) {
      req.socket.destroy();
      return;
    }
    console.error("extendkit-emulator: request failed", error);
    if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
    res.end(JSON.stringify({ success: false, error: "Internal emulator error", code: "INTERNAL_ERROR" }));
  }
}

async function toRequest(origin: string, req: IncomingMessage, signal: AbortSignal): Promise<Request> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else headers.set(name, value);
  }
  const method = req.method ?? "GET";
  let body: Uint8Array<ArrayBuffer> | undefined;
  if (method !== "GET" && method !== "HEAD") {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    body = new Uint8Array(Buffer.concat(chunks));
  }
  return new Request(`${origin}${req.url ?? "/"}`, { method, headers, signal, ...(body ? { body } : {}) });
}
