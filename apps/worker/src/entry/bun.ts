// Bun entry for `bun run src/entry/bun.ts` (PORT and HOST from the environment, default 127.0.0.1:8787):
// configuration from Bun.env, durable state in SQLite (bun:sqlite) at STATE_PATH (default
// ./extendkit-proxy.sqlite), in-memory run cache.
import { createProxy } from "../proxy.ts";
import { SqlStore } from "../state/sql-store.ts";
import { openBunSqlite } from "./bun-sqlite.ts";

/** The one Bun API this entry uses (declared here so the shared code never sees Bun types). */
declare const Bun: { env: Record<string, string | undefined> };

/** Where the Bun entry keeps its state unless STATE_PATH says otherwise. */
const DEFAULT_STATE_PATH = "extendkit-proxy.sqlite";

const statePath = Bun.env["STATE_PATH"]?.trim() || DEFAULT_STATE_PATH;
const handler = createProxy(Bun.env, { store: new SqlStore(openBunSqlite(statePath)) });

/** Bun serves a default export with `fetch` (and `port`/`hostname`) automatically. */
export default {
  port: Number(Bun.env["PORT"] ?? 8787),
  hostname: Bun.env["HOST"] ?? "127.0.0.1",
  // The peer address comes from the socket (server.requestIP), never from a forwarding header.
  fetch: (request: Request, server?: { requestIP?(request: Request): { address: string } | null }) =>
    handler(request, { address: server?.requestIP?.(request)?.address ?? null }),
};
