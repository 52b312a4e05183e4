// Deno entry for `deno serve --allow-net --allow-env src/entry/deno.ts`: configuration from the
// environment, in-memory cache and rate limiter.
import { createProxy } from "../proxy.ts";

/** The one Deno API this entry uses (declared here so the shared code never sees Deno types). */
declare const Deno: { env: { toObject(): Record<string, string> } };

const handler = createProxy(Deno.env.toObject());

/** `deno serve` calls `fetch` for every request. */
export default { fetch: (request: Request) => handler(request) };
