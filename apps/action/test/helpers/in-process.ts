import { ExtendClient } from "@extendkit/core";
import { createEmulator, type Emulator, type EmulatorOptions } from "@extendkit/emulator";
import type { FetchLike } from "../../src/engine/rate-gate.js";

/** The key the in-process emulator accepts in these tests. */
export const TEST_KEY = "sk_test_engine_0123456789";

/** Journal entry of the emulator (GET /_emulator/requests). */
export interface JournalEntry {
  seq: number;
  method: string;
  path: string;
  status: number;
  fault?: string;
  runId?: string;
  fileId?: string;
  fileName?: string;
}

/** An in-process emulator with a fetch that speaks to it and admin helpers. */
export function inProcessEmulator(options: EmulatorOptions = {}) {
  const emulator: Emulator = createEmulator({ apiKeys: [TEST_KEY], latency: "instant", ...options });
  const base = "http://emulator.test";
  const fetch: FetchLike = (input, init) => emulator.fetch(new Request(input, init));
  const admin = async (method: string, path: string, body?: unknown) => {
    const response = await emulator.fetch(
      new Request(`${base}${path}`, {
        method,
        ...(body === undefined
          ? {}
          : { body: JSON.stringify(body), headers: { "content-type": "application/json" } }),
      }),
    );
    return (await response.json()) as Record<string, unknown>;
  };
  return {
    emulator,
    base,
    fetch,
    client: (apiKey = TEST_KEY, wrap: (f: FetchLike) => FetchLike = (f) => f) =>
      new ExtendClient({ apiKey, baseUrl: base, fetch: wrap(fetch) as typeof globalThis.fetch }),
    journal: async () => (await admin("GET", "/_emulator/requests")).requests as JournalEntry[],
    fault: (rule: Record<string, unknown>) => admin("POST", "/_emulator/faults", rule),
    close: () => emulator.close(),
  };
}
