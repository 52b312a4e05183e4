import { ExtendClient } from "@extendkit/core";
import { createEmulator, type Emulator, type EmulatorOptions, type FaultRule } from "@extendkit/emulator";
import { EmulatorAdmin, type JournalEntry } from "@extendkit/emulator/admin";
import type { FetchLike } from "../../src/engine/rate-gate.js";

export type { JournalEntry };

/** The key the in-process emulator accepts in these tests. */
export const TEST_KEY = "sk_test_engine_0123456789";

/** An in-process emulator (no rate limits unless `options.limits` says so) with a fetch that speaks to it. */
export function inProcessEmulator(options: EmulatorOptions = {}) {
  const emulator: Emulator = createEmulator({
    apiKeys: [TEST_KEY],
    latency: "instant",
    limits: "off",
    ...options,
  });
  const base = "http://emulator.test";
  const fetch: FetchLike = (input, init) => emulator.fetch(new Request(input, init));
  const admin = new EmulatorAdmin(base, { fetch: emulator.fetch });
  return {
    emulator,
    base,
    fetch,
    admin,
    client: (apiKey = TEST_KEY, wrap: (f: FetchLike) => FetchLike = (f) => f) =>
      new ExtendClient({ apiKey, baseUrl: base, fetch: wrap(fetch) as typeof globalThis.fetch }),
    journal: (): Promise<JournalEntry[]> => admin.journal(),
    fault: (rule: FaultRule) => admin.addFaults(rule),
    close: () => emulator.close(),
  };
}
