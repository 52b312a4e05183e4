import { parseArgs } from "node:util";
import { parseFaultRule } from "./faults.js";
import { isLimitsPlanName } from "./limits/plans.js";
import { assertLocalUrl } from "./local-url.js";
import type { EmulatorOptions, FaultRule } from "./options.js";

/** What the CLI was asked to do. */
export type CliCommand =
  | { kind: "help" }
  | {
      kind: "start";
      options: EmulatorOptions & { host: string; port: number };
      processorsFile?: string;
      /** `--limits <file.json>`: a limits configuration file the CLI reads before starting. */
      limitsFile?: string;
    };

/** A CLI usage error: the message names the flag and says what is accepted. */
export class CliUsageError extends Error {}

/** The `--help` text. */
export const USAGE = `Usage: extendkit-emulator [options]

A local Extend API (2025-04-21) for tests and demos.

Options:
  --host <host>             interface to listen on (default 127.0.0.1)
  --port <port>             port, 0 = a free port (default 0)
  --api-key <key>           accepted bearer token; repeatable (default sk_test_emulator)
  --seed <n>                seed for simulated timings and fault probabilities (default 1)
  --latency <profile>       instant | fast | realistic (default fast)
  --processors <file.json>  JSON array of processor definitions to register
  --webhook-url <url>       deliver signed processor_run.* events here (127.0.0.1/localhost only)
  --webhook-secret <secret> signing secret for webhooks (required with --webhook-url)
  --sync-timeout <ms>       how long sync:true runs wait (default 300000)
  --max-file-bytes <n>      upload size limit (default 104857600)
  --processing-slots <n>    runs processed at once; the rest queue by priority (default 16)
  --clock <mode>            real | virtual (virtual: time moves only via POST /_emulator/clock/advance)
  --cors                    answer CORS preflights and add CORS headers (for browsers)
  --limits <plan|file>      payg | scale | enterprise | off | <limits.json>: Extend's rate limits
                            per category per API key and files/min throughput (default payg)
  --fault <json>            a fault rule, e.g. '{"path":"/processor_runs","status":503,"count":1}'; repeatable
  --record <cassette.json>  forward every API request to --upstream with the key in EXTEND_API_KEY and
                            record the finished runs into this cassette (limits off: the upstream's apply)
  --upstream <url>          the API to record, e.g. https://api.extend.ai (with --record only)
  --replay <cassette.json>  answer run creations from a recorded cassette, with no upstream
  --help                    show this help
`;

/** Parses CLI arguments; throws {@link CliUsageError} with a precise message on bad input. */
export function parseCliArgs(argv: readonly string[]): CliCommand {
  let values: Record<string, string | string[] | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      // `pnpm start -- --port 4010` passes the "--" through; treat it as nothing.
      args: argv[0] === "--" ? argv.slice(1) : [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        host: { type: "string" },
        port: { type: "string" },
        "api-key": { type: "string", multiple: true },
        seed: { type: "string" },
        latency: { type: "string" },
        processors: { type: "string" },
        "webhook-url": { type: "string" },
        "webhook-secret": { type: "string" },
        "sync-timeout": { type: "string" },
        "max-file-bytes": { type: "string" },
        "processing-slots": { type: "string" },
        clock: { type: "string" },
        cors: { type: "boolean" },
        fault: { type: "string", multiple: true },
        limits: { type: "string" },
        record: { type: "string" },
        upstream: { type: "string" },
        replay: { type: "string" },
        help: { type: "boolean" },
      },
    }));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new CliUsageError(
      `${message.split("\n")[0]} (run extendkit-emulator --help for the accepted options)`,
    );
  }
  if (values["help"]) return { kind: "help" };
  const str = (name: string) => values[name] as string | undefined;
  const options: EmulatorOptions & { host: string; port: number } = {
    host: str("host") ?? "127.0.0.1",
    port: integer("--port", str("port"), 0, 65535) ?? 0,
  };
  const keys = values["api-key"] as string[] | undefined;
  if (keys) {
    if (keys.some((key) => key.trim() === "")) throw new CliUsageError("--api-key needs a non-empty key");
    options.apiKeys = keys;
  }
  const seed = integer("--seed", str("seed"), 0, 2 ** 32 - 1);
  if (seed !== undefined) options.seed = seed;
  const latency = str("latency");
  if (latency !== undefined) {
    if (latency !== "instant" && latency !== "fast" && latency !== "realistic") {
      throw new CliUsageError(`--latency must be instant, fast or realistic (got "${latency}")`);
    }
    options.latency = latency;
  }
  const url = str("webhook-url");
  const secret = str("webhook-secret");
  if ((url === undefined) !== (secret === undefined)) {
    throw new CliUsageError("--webhook-url and --webhook-secret must be given together");
  }
  if (url !== undefined && secret !== undefined) {
    try {
      assertLocalUrl(url, "--webhook-url");
    } catch (error) {
      throw new CliUsageError(error instanceof Error ? error.message : String(error));
    }
    options.webhook = { url, secret };
  }
  const syncTimeout = integer("--sync-timeout", str("sync-timeout"), 0, 3_600_000);
  if (syncTimeout !== undefined) options.syncTimeoutMs = syncTimeout;
  const maxBytes = integer("--max-file-bytes", str("max-file-bytes"), 1, Number.MAX_SAFE_INTEGER);
  if (maxBytes !== undefined) options.maxFileBytes = maxBytes;
  const slots = integer("--processing-slots", str("processing-slots"), 1, 10_000);
  if (slots !== undefined) options.processingSlots = slots;
  const clock = str("clock");
  if (clock !== undefined) {
    if (clock !== "real" && clock !== "virtual") {
      throw new CliUsageError(`--clock must be real or virtual (got "${clock}")`);
    }
    options.clock = clock;
  }
  if (values["cors"]) options.cors = true;
  const faults = values["fault"] as string[] | undefined;
  if (faults) options.faults = faults.map(parseFault);
  const limits = str("limits");
  let limitsFile: string | undefined;
  if (limits !== undefined) {
    if (isLimitsPlanName(limits)) options.limits = limits;
    else if (limits.toLowerCase().endsWith(".json")) limitsFile = limits;
    else {
      throw new CliUsageError(
        `--limits must be off, payg, scale, enterprise or a path to a .json limits file (got "${limits}")`,
      );
    }
  }
  parseCassetteFlags(options, str("record"), str("upstream"), str("replay"), limits);
  const processorsFile = str("processors");
  return {
    kind: "start",
    options,
    ...(processorsFile !== undefined ? { processorsFile } : {}),
    ...(limitsFile !== undefined ? { limitsFile } : {}),
  };
}

function integer(flag: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value))
    throw new CliUsageError(`${flag} must be an integer from ${min} to ${max} (got "${value}")`);
  const n = Number(value);
  if (n < min || n > max)
    throw new CliUsageError(`${flag} must be an integer from ${min} to ${max} (got "${value}")`);
  return n;
}

function parseFault(text: string): FaultRule {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new CliUsageError(
      `--fault must be a JSON fault rule such as '{"path":"/processor_runs","status":503}'`,
    );
  }
  try {
    return parseFaultRule(parsed, "--fault");
  } catch (error) {
    throw new CliUsageError(error instanceof Error ? error.message : String(error));
  }
}

/** `--record <file> --upstream <url>` and `--replay <file>` (files are opened by startEmulator). */
function parseCassetteFlags(
  options: EmulatorOptions,
  record: string | undefined,
  upstream: string | undefined,
  replay: string | undefined,
  limits: string | undefined,
): void {
  if (record !== undefined && replay !== undefined) {
    throw new CliUsageError("--record and --replay cannot be used together");
  }
  if (upstream !== undefined && record === undefined) {
    throw new CliUsageError("--upstream is only used with --record <cassette.json>");
  }
  if (replay !== undefined) {
    if (replay === "") throw new CliUsageError("--replay needs a cassette file path");
    options.replay = { cassette: replay };
  }
  if (record === undefined) return;
  if (record === "") throw new CliUsageError("--record needs a cassette file path");
  if (upstream === undefined) {
    throw new CliUsageError(
      "--record needs --upstream <url>, the API to record (e.g. https://api.extend.ai)",
    );
  }
  let url: URL | undefined;
  try {
    url = new URL(upstream);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:") || url.search || url.username) {
    throw new CliUsageError(
      `--upstream must be an http(s) base URL such as https://api.extend.ai (got "${upstream}")`,
    );
  }
  if (limits !== undefined && limits !== "off") {
    throw new CliUsageError("--limits does not apply with --record: the upstream enforces its own limits");
  }
  // A recorder adds no limits of its own; the upstream's 429s reach the client as they are.
  options.limits = "off";
  options.record = { cassette: record, upstream };
}
