// The emulator CLI (`@extendkit/emulator/process`) as a separate process on 127.0.0.1, plus typed
// access to its admin API (faults, request journal, health).
import type { FaultRule } from "@extendkit/emulator";
import { type SpawnedEmulator, spawnEmulator } from "@extendkit/emulator/process";

export type { FaultRule };

/** One entry of the emulator's request journal. */
export interface JournalEntry {
  seq: number;
  at: string;
  method: string;
  path: string;
  status: number;
  fault?: string;
  runId?: string;
  fileId?: string;
  fileName?: string;
}

/** Options of the emulator CLI used by the tests. */
export interface EmulatorProcessOptions {
  apiKey: string;
  latency?: "instant" | "fast" | "realistic";
  seed?: number;
  faults?: FaultRule[];
}

/** A running emulator CLI. */
export interface EmulatorProcess {
  readonly url: string;
  readonly port: number;
  readonly apiKey: string;
  readonly process: SpawnedEmulator;
  setFaults(rules: FaultRule[]): Promise<void>;
  clearFaults(): Promise<void>;
  journal(): Promise<JournalEntry[]>;
  /** An authenticated request to the emulator's API with its own key (the test's view of the truth). */
  api(path: string, init?: RequestInit): Promise<Response>;
  stop(): Promise<void>;
}

/** Starts the emulator CLI on a free 127.0.0.1 port and waits for its "listening on" line. */
export async function startEmulatorProcess(options: EmulatorProcessOptions): Promise<EmulatorProcess> {
  const args = ["--host", "127.0.0.1", "--api-key", options.apiKey];
  if (options.latency) args.push("--latency", options.latency);
  if (options.seed !== undefined) args.push("--seed", String(options.seed));
  for (const rule of options.faults ?? []) args.push("--fault", JSON.stringify(rule));
  const emulator = await spawnEmulator({ args });
  const { url } = emulator;
  const admin = async (path: string, init?: RequestInit) => {
    const response = await fetch(`${url}/_emulator/${path}`, init);
    if (!response.ok)
      throw new Error(`emulator admin ${path}: HTTP ${response.status} ${await response.text()}`);
    return response;
  };
  return {
    url,
    port: emulator.port,
    apiKey: options.apiKey,
    process: emulator,
    async setFaults(rules) {
      await admin("faults", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ rules }),
      });
    },
    async clearFaults() {
      await admin("faults", { method: "DELETE" });
    },
    async journal() {
      const body = (await (await admin("requests")).json()) as { requests: JournalEntry[] };
      return body.requests;
    },
    api(path, init) {
      const headers = new Headers(init?.headers);
      headers.set("authorization", `Bearer ${options.apiKey}`);
      headers.set("x-extend-api-version", "2025-04-21");
      return fetch(`${url}${path}`, { ...init, headers });
    },
    async stop() {
      await emulator.stop();
    },
  };
}
