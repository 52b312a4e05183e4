// The emulator CLI (`packages/emulator/dist/cli.js`) as a separate process on 127.0.0.1, plus typed
// access to its admin API (faults, request journal, health).

import { type ManagedProcess, startProcess } from "./managed-process.js";
import { emulatorCli } from "./paths.js";

/** A fault rule of the emulator's `/_emulator/faults` admin route. */
export interface FaultRule {
  method?: string;
  path?: string;
  status?: 429 | 500 | 502 | 503;
  retryAfterSeconds?: number;
  delayMs?: number;
  drop?: boolean;
  malformed?: boolean;
  afterHandling?: boolean;
  count?: number;
  probability?: number;
}

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
  readonly process: ManagedProcess;
  setFaults(rules: FaultRule[]): Promise<void>;
  clearFaults(): Promise<void>;
  journal(): Promise<JournalEntry[]>;
  /** An authenticated request to the emulator's API with its own key (the test's view of the truth). */
  api(path: string, init?: RequestInit): Promise<Response>;
  stop(): Promise<void>;
}

/** Starts `node packages/emulator/dist/cli.js --port 0` and waits for its "listening on" line. */
export async function startEmulatorProcess(options: EmulatorProcessOptions): Promise<EmulatorProcess> {
  const args = [emulatorCli, "--host", "127.0.0.1", "--port", "0", "--api-key", options.apiKey];
  if (options.latency) args.push("--latency", options.latency);
  if (options.seed !== undefined) args.push("--seed", String(options.seed));
  for (const rule of options.faults ?? []) args.push("--fault", JSON.stringify(rule));
  const proc = startProcess({ name: "emulator", command: process.execPath, args });
  let match: RegExpMatchArray;
  try {
    match = await proc.waitFor(/listening on (http:\/\/127\.0\.0\.1:(\d+))/, 20_000);
  } catch (error) {
    await proc.stop();
    throw error;
  }
  const url = match[1]!;
  const admin = async (path: string, init?: RequestInit) => {
    const response = await fetch(`${url}/_emulator/${path}`, init);
    if (!response.ok)
      throw new Error(`emulator admin ${path}: HTTP ${response.status} ${await response.text()}`);
    return response;
  };
  return {
    url,
    port: Number(match[2]),
    apiKey: options.apiKey,
    process: proc,
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
    stop: () => proc.stop(),
  };
}
