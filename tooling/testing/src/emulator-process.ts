// The emulator CLI as a separate process on 127.0.0.1 (its own event loop, a real socket, a real
// signal-driven shutdown) with the defaults tests want, its typed admin client, and an authenticated
// fetch for the test's own view of the API. Spawning itself is the emulator's `spawnEmulator`.
import { DEFAULT_API_KEY, type FaultRule } from "@extendkit/emulator";
import { EmulatorAdmin } from "@extendkit/emulator/admin";
import { type SpawnedEmulator, spawnEmulator } from "@extendkit/emulator/process";

/** Options of {@link startEmulatorProcess}; each maps onto one CLI flag. */
export interface EmulatorProcessOptions {
  /** `--api-key`; default the emulator's `sk_test_emulator`. */
  apiKey?: string;
  /** `--latency`. */
  latency?: "instant" | "fast" | "realistic";
  /** `--seed`. */
  seed?: number;
  /** `--fault`, one per rule. */
  faults?: readonly FaultRule[];
  /**
   * `--limits off|payg|scale|enterprise|<file.json>`. Default `off`: only tests about rate limits turn
   * them on, so every other test counts requests without being paced.
   */
  limits?: string;
  /** `--cors`, for a browser calling the emulator directly. */
  cors?: boolean;
  /** Further CLI flags, appended last. */
  args?: readonly string[];
  /** The child's whole environment; default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** How long to wait for the listening line; default 20 s. */
  timeoutMs?: number;
}

/** A running emulator CLI. */
export interface EmulatorProcess {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** The key it accepts. */
  readonly apiKey: string;
  readonly process: SpawnedEmulator;
  /** The typed admin API of this emulator. */
  readonly admin: EmulatorAdmin;
  /**
   * A request to the emulator's API with its own key (the test's view of the truth, never through a
   * proxy); `key` replaces it, `null` sends none.
   */
  api(path: string, init?: RequestInit, key?: string | null): Promise<Response>;
  stop(): Promise<void>;
}

/** The CLI flags for `options`. */
export function emulatorArgs(options: EmulatorProcessOptions): string[] {
  const args = ["--host", "127.0.0.1", "--limits", options.limits ?? "off"];
  if (options.apiKey !== undefined) args.push("--api-key", options.apiKey);
  if (options.latency) args.push("--latency", options.latency);
  if (options.seed !== undefined) args.push("--seed", String(options.seed));
  for (const rule of options.faults ?? []) args.push("--fault", JSON.stringify(rule));
  if (options.cors) args.push("--cors");
  args.push(...(options.args ?? []));
  return args;
}

/** Starts the emulator CLI on a free 127.0.0.1 port and waits for its "listening on" line. */
export async function startEmulatorProcess(options: EmulatorProcessOptions = {}): Promise<EmulatorProcess> {
  const spawned = await spawnEmulator({
    args: emulatorArgs(options),
    ...(options.env ? { env: options.env } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  });
  const apiKey = options.apiKey ?? DEFAULT_API_KEY;
  return {
    url: spawned.url,
    port: spawned.port,
    apiKey,
    process: spawned,
    admin: new EmulatorAdmin(spawned.url),
    api(path, init, key = apiKey) {
      const headers = new Headers(init?.headers);
      if (key !== null) headers.set("authorization", `Bearer ${key}`);
      headers.set("x-extend-api-version", "2025-04-21");
      return fetch(`${spawned.url}${path}`, { ...init, headers });
    },
    async stop() {
      await spawned.stop();
    },
  };
}
