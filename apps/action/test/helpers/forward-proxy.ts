import { createServer, request as httpRequest, type Server } from "node:http";
import { connect, type Socket } from "node:net";

/** A tiny HTTP forward proxy on 127.0.0.1 (absolute-URI requests and CONNECT tunnels) that counts use. */
export interface ForwardProxy {
  url: string;
  /** Requests forwarded as `GET http://host/path` style. */
  forwarded: number;
  /** CONNECT tunnels opened. */
  tunnels: number;
  /** Targets seen (host:port). */
  targets: string[];
  close(): Promise<void>;
}

/** Starts the proxy on a free port. Only loopback targets are allowed (tests never reach other hosts). */
export async function startForwardProxy(): Promise<ForwardProxy> {
  const sockets = new Set<Socket>();
  const state = { forwarded: 0, tunnels: 0, targets: [] as string[] };
  const loopback = (host: string) => host === "127.0.0.1" || host === "localhost";
  const server: Server = createServer((req, res) => {
    const target = new URL(req.url ?? "");
    if (!loopback(target.hostname)) {
      res.writeHead(403).end("only loopback targets");
      return;
    }
    state.forwarded++;
    state.targets.push(target.host);
    const upstream = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method: req.method,
        headers: req.headers,
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on("error", () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  server.on("connect", (req, client: Socket, head) => {
    const [host = "", port = "80"] = (req.url ?? "").split(":");
    if (!loopback(host)) {
      client.end("HTTP/1.1 403 Forbidden\r\n\r\n");
      return;
    }
    state.tunnels++;
    state.targets.push(`${host}:${port}`);
    const upstream = connect(Number(port), host, () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const s of [upstream, client]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
      s.on("error", () => {
        upstream.destroy();
        client.destroy();
      });
    }
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("proxy did not bind");
  return {
    url: `http://127.0.0.1:${address.port}`,
    get forwarded() {
      return state.forwarded;
    },
    get tunnels() {
      return state.tunnels;
    },
    get targets() {
      return state.targets;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
