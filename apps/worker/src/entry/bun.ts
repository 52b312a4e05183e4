// Bun entry for `bun run src/entry/bun.ts` (PORT and HOST from the environment, default 127.0.0.1:8787):
// configuration from Bun.env, in-memory cache and rate limiter.
import { createProxy } from "../proxy.ts";

/** The one Bun API this entry uses (declared here so the shared code never sees Bun types). */
declare const Bun: { env: Record<string, string | undefined> };

const handler = createProxy(Bun.env);

/** Bun serves a default export with `fetch` (and `port`/`hostname`) automatically. */
export default {
  port: Number(Bun.env["PORT"] ?? 8787),
  hostname: Bun.env["HOST"] ?? "127.0.0.1",
  fetch: (request: Request) => handler(request),
};
