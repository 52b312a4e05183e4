import { createEmulator, DEFAULT_API_KEY, type Emulator, type EmulatorOptions } from "@extendkit/emulator";
import { EmulatorAdmin } from "@extendkit/emulator/admin";
import { ExtendClient } from "../../src/index.js";

/** An in-process emulator, a client wired to it through `emulator.fetch`, and its typed admin client. */
export interface Harness {
  emulator: Emulator;
  client: ExtendClient;
  /** A client with a key the emulator does not accept. */
  clientWithKey(apiKey: string): ExtendClient;
  /** The emulator's admin API (journal, faults, batch runs, …), in process. */
  admin: EmulatorAdmin;
  close(): Promise<void>;
}

const BASE_URL = "http://emulator.test";

/** Starts an emulator in process (instant latency and no rate limits unless overridden). */
export function startHarness(options: EmulatorOptions = {}): Harness {
  const emulator = createEmulator({ latency: "instant", limits: "off", ...options });
  const fetch: typeof globalThis.fetch = (input, init) => emulator.fetch(new Request(input, init));
  const make = (apiKey: string) => new ExtendClient({ apiKey, baseUrl: BASE_URL, fetch });
  return {
    emulator,
    client: make(DEFAULT_API_KEY),
    clientWithKey: make,
    admin: new EmulatorAdmin(BASE_URL, { fetch: emulator.fetch }),
    close: () => emulator.close(),
  };
}

/** Path of a document in the repository's examples folder. */
export function exampleDocument(name: string): URL {
  return new URL(`../../../../examples/documents/${name}`, import.meta.url);
}
