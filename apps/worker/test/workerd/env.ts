// Typed access to the test-only bindings configured in vitest.config.ts.
import { env } from "cloudflare:workers";
import type { WorkerEnv } from "../../src/entry/cloudflare.ts";
import type { ProxyTarget } from "../contract/harness.ts";

/** The bindings the workerd tests add next to the generated `Env`. */
export interface TestEnv extends WorkerEnv {
  TEST_EMULATOR_URL: string;
  /** An emulator on a virtual clock: runs stay PROCESSING until a test advances it. */
  TEST_VIRTUAL_EMULATOR_URL: string;
  TEST_ES256_PRIVATE_JWK: string;
  TEST_RUN_CACHE: KVNamespace;
  TEST_RATE_LIMITER: RateLimit;
}

/** The environment of the test worker. */
export const testEnv = env as unknown as TestEnv;

/** A target that sends requests through `fetcher` (SELF or the entry's default export). */
export function targetFor(name: string, fetcher: (request: Request) => Promise<Response>): ProxyTarget {
  return {
    name,
    fetch: (path, init) => fetcher(new Request(`https://proxy.test${path}`, init)),
    emulatorUrl: testEnv.TEST_EMULATOR_URL,
    es256PrivateJwk: JSON.parse(testEnv.TEST_ES256_PRIVATE_JWK) as JsonWebKey,
  };
}
