// Puts an emulator in record or replay mode (createEmulator calls this once): checks the options,
// builds the recorder or the player, registers its routes ahead of the emulator's own, and adds
// `GET /_emulator/cassette`.
import { DEFAULT_API_KEY, type EmulatorOptions } from "../options.js";
import type { Router } from "../router.js";
import type { EmulatorServices } from "../services.js";
import type { Cassette } from "./format.js";
import type { UpstreamFetch } from "./forward.js";
import { Player, type PlayerStatus } from "./player.js";
import { Recorder, type RecorderStatus } from "./recorder.js";
import type { CassetteStore } from "./store.js";

/** Record mode: forward every API request upstream and record the runs that finish. */
export interface RecordOptions {
  /** The upstream's base URL, e.g. `https://api.extend.ai` (or another emulator). */
  upstream: string;
  /** The upstream key. startEmulator defaults it to `EXTEND_API_KEY`; createEmulator needs it given. */
  apiKey?: string;
  /** A file path (startEmulator only; writes are atomic) or a {@link CassetteStore}. */
  cassette: string | CassetteStore;
  /** The fetch for upstream requests; default `globalThis.fetch`. */
  fetch?: UpstreamFetch;
}

/** Replay mode: answer creates from a cassette, with no upstream. */
export interface ReplayOptions {
  /** A file path (startEmulator only) or a parsed cassette (see `parseCassette`). */
  cassette: string | Cassette;
  /** How the cassette is named in messages and the admin status; startEmulator uses the path. */
  name?: string;
}

/** What `GET /_emulator/cassette` answers. */
export type CassetteStatus = RecorderStatus | PlayerStatus | { mode: "off" };

/** The mode an emulator is in, for reset and status. */
export interface CassetteMode {
  status(): CassetteStatus;
  reset(): void;
}

/** Validates the record/replay options and wires the mode into `router`; undefined when neither is set. */
export function setUpCassette(
  options: EmulatorOptions,
  services: EmulatorServices,
  router: Router,
): CassetteMode | undefined {
  const { record, replay } = options;
  if (record && replay) throw new TypeError("record and replay cannot be used together");
  let mode: CassetteMode | undefined;
  if (record) {
    const recorder = new Recorder(recorderDeps(record, options));
    recorder.routes(router);
    mode = { status: () => recorder.status(), reset: () => undefined };
  } else if (replay) {
    if (typeof replay.cassette === "string") {
      throw new TypeError(
        "replay.cassette is a path: load it with loadCassetteFile(), or use startEmulator()",
      );
    }
    const player = new Player({
      services,
      cassette: replay.cassette,
      source: replay.name ?? "memory",
      latency: options.latency ?? "fast",
      seed: options.seed ?? 1,
    });
    player.routes(router);
    mode = { status: () => player.status(), reset: () => player.reset() };
  }
  router.on("GET", "/_emulator/cassette", () => mode?.status() ?? { mode: "off" });
  return mode;
}

function recorderDeps(record: RecordOptions, options: EmulatorOptions) {
  if (typeof record.cassette === "string") {
    throw new TypeError(
      "record.cassette is a path: open it with fileCassetteStore(), or use startEmulator()",
    );
  }
  let base: URL;
  try {
    base = new URL(record.upstream);
  } catch {
    throw new TypeError(`record.upstream must be an absolute http(s) URL (got "${record.upstream}")`);
  }
  if (base.protocol !== "http:" && base.protocol !== "https:") {
    throw new TypeError(`record.upstream must be an http(s) URL (got "${base.protocol}")`);
  }
  if (base.search || base.hash || base.username || base.password) {
    throw new TypeError("record.upstream must be a base URL without query, fragment or credentials");
  }
  if (!record.apiKey) throw new TypeError("record.apiKey (the upstream key, EXTEND_API_KEY) is required");
  // The recorder passes the upstream's 429s through; limits of its own would only add refusals
  // Extend never gave, and the recording would then not be what the upstream did.
  if (options.limits !== undefined && options.limits !== "off") {
    throw new TypeError(
      'limits do not apply in record mode (the upstream enforces its own); use limits: "off"',
    );
  }
  const fetcher: UpstreamFetch = record.fetch ?? ((request) => globalThis.fetch(request));
  return {
    upstream: { base, apiKey: record.apiKey, fetch: fetcher },
    store: record.cassette,
    secrets: [record.apiKey, ...(options.apiKeys ?? [DEFAULT_API_KEY])],
  };
}
