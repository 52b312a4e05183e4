// A tiny static server for the browser example: the page from examples/web and the built
// @extendkit/core (packages/core/dist) under /core/, which the page's import map points at.
// Usage: node examples/web/serve.mjs [--port 8080]  (build core first: pnpm --filter @extendkit/core build)
import { readFile, stat } from "node:fs/promises";
import { createServer } from "node:http";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";

const webDir = fileURLToPath(new URL(".", import.meta.url));
const coreDist = fileURLToPath(new URL("../../packages/core/dist/", import.meta.url));

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".map": "application/json; charset=utf-8",
};
const PAGE_FILES = new Set(["/index.html", "/app.js", "/style.css"]);

/** Maps a URL path to a file, or undefined when it is not one the example serves. */
function resolveFile(pathname) {
  if (pathname === "/") return join(webDir, "index.html");
  if (PAGE_FILES.has(pathname)) return join(webDir, pathname.slice(1));
  if (pathname.startsWith("/core/")) {
    const relative = normalize(decodeURIComponent(pathname.slice("/core/".length)));
    // Only .js/.map files inside dist: no traversal, no other file types.
    if (relative.startsWith("..") || relative.includes(`${sep}..`) || !/\.(js|map)$/.test(relative))
      return undefined;
    return join(coreDist, relative);
  }
  return undefined;
}

/**
 * Starts the example's server on `host:port` (port 0 picks a free one).
 * @param {{ host?: string; port?: number }} [options]
 * @returns {Promise<{ url: string; port: number; close(): Promise<void> }>}
 */
export async function startWebServer(options = {}) {
  const host = options.host ?? "127.0.0.1";
  const server = createServer(async (request, response) => {
    const { pathname } = new URL(request.url ?? "/", "http://localhost");
    const file = request.method === "GET" || request.method === "HEAD" ? resolveFile(pathname) : undefined;
    try {
      if (!file || !(await stat(file)).isFile()) throw new Error("not found");
      const body = await readFile(file);
      response.writeHead(200, {
        "content-type": TYPES[extname(file)] ?? "application/octet-stream",
        "cache-control": "no-store",
      });
      response.end(request.method === "HEAD" ? undefined : body);
    } catch {
      response.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
      response.end("not found\n");
    }
  });
  // Keep-alive sockets would hold close() open after a browser disconnects.
  server.keepAliveTimeout = 1000;
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve(undefined));
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://${host}:${port}`,
    port,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const at = process.argv.indexOf("--port");
  const port = at > 0 ? Number(process.argv[at + 1]) : 8080;
  const { url } = await startWebServer({ port });
  console.log(`extendkit browser example on ${url}/?proxy=<proxy url>&token=<client token>`);
  console.log("The proxy's ALLOWED_ORIGINS must include this origin. Ctrl-C stops the server.");
}
