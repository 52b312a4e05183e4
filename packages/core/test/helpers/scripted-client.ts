import { ExtendClient } from "../../src/index.js";
import { API_KEY, type RecordedCall, type Step, scriptedFetch } from "./fake-fetch.js";

/** Client options a test may set on top of the scripted defaults. */
export type ScriptedClientOptions = Partial<ConstructorParameters<typeof ExtendClient>[0]>;

/**
 * An ExtendClient whose fetch plays `steps` (see scriptedFetch), pointed at an unused 127.0.0.1 port so a
 * request that escapes the script fails instead of reaching a real server. `options` override the defaults.
 */
export function scriptedClient(
  steps: Step[],
  options: ScriptedClientOptions = {},
): { client: ExtendClient; calls: RecordedCall[] } {
  const fake = scriptedFetch(steps);
  const client = new ExtendClient({
    apiKey: API_KEY,
    baseUrl: "http://127.0.0.1:9",
    fetch: fake.fetch,
    ...options,
  });
  return { client, calls: fake.calls };
}
