import { createEmulator, DEFAULT_API_KEY, type Emulator, type EmulatorOptions } from "@extendkit/emulator";
import { ExtendClient } from "../../src/index.js";

/** An in-process emulator, a client wired to it through `emulator.fetch`, and admin helpers. */
export interface Harness {
  emulator: Emulator;
  client: ExtendClient;
  /** A client with a key the emulator does not accept. */
  clientWithKey(apiKey: string): ExtendClient;
  /** Calls an `/_emulator/...` admin route and returns its JSON. */
  admin<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  close(): Promise<void>;
}

const BASE_URL = "http://emulator.test";

/** Starts an emulator in process (instant latency unless overridden). */
export function startHarness(options: EmulatorOptions = {}): Harness {
  const emulator = createEmulator({ latency: "instant", ...options });
  const fetch: typeof globalThis.fetch = (input, init) => emulator.fetch(new Request(input, init));
  const make = (apiKey: string) => new ExtendClient({ apiKey, baseUrl: BASE_URL, fetch });
  return {
    emulator,
    client: make(DEFAULT_API_KEY),
    clientWithKey: make,
    async admin<T>(method: string, path: string, body?: unknown): Promise<T> {
      const init: RequestInit = { method };
      if (body !== undefined) {
        init.body = JSON.stringify(body);
        init.headers = { "content-type": "application/json" };
      }
      const response = await emulator.fetch(new Request(`${BASE_URL}/_emulator${path}`, init));
      if (!response.ok)
        throw new Error(`admin ${method} ${path} → ${response.status}: ${await response.text()}`);
      return (await response.json()) as T;
    },
    close: () => emulator.close(),
  };
}

/** Path of a document in the repository's examples folder. */
export function exampleDocument(name: string): URL {
  return new URL(`../../../../examples/documents/${name}`, import.meta.url);
}
