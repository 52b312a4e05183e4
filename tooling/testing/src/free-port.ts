// A free TCP port on 127.0.0.1, for servers that cannot be told to bind port 0 and report back
// (wrangler dev, deno serve, bun). The port is released before it is returned, so a tiny race remains;
// startWranglerDev retries on EADDRINUSE.
import { createServer } from "node:net";

/** Binds port 0 on 127.0.0.1, reads the port the kernel chose and releases it. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error("no port assigned"))));
    });
  });
}

/** True when nothing accepts connections on 127.0.0.1:port any more. */
export function isPortClosed(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}
