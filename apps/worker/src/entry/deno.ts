// Deno entry for `deno serve --unstable-kv --allow-net --allow-env --allow-read --allow-write src/entry/deno.ts`:
// configuration from the environment, durable state in Deno KV (STATE_PATH, or Deno's default database,
// which on Deno Deploy is the distributed KV), in-memory run cache.
import { createProxy } from "../proxy.ts";
import { DenoKvStore, type KvLike } from "../state/deno-kv-store.ts";

/** The Deno APIs this entry uses (declared here so the shared code never sees Deno types). */
declare const Deno: {
  env: { toObject(): Record<string, string> };
  openKv(path?: string): Promise<KvLike>;
};

const settings = Deno.env.toObject();
const path = settings["STATE_PATH"]?.trim();
const kv = await Deno.openKv(path === undefined || path === "" ? undefined : path);
const handler = createProxy(settings, { store: new DenoKvStore(kv) });

/** What `deno serve` passes next to the request (only the peer address is used, for auth throttling). */
interface ServeInfo {
  remoteAddr?: { hostname?: string };
}

/** `deno serve` calls `fetch` for every request. */
export default {
  fetch: (request: Request, info?: ServeInfo) =>
    handler(request, { address: info?.remoteAddr?.hostname ?? null }),
};
