import { readFile } from "node:fs/promises";
import { CassetteError } from "./cassette/format.js";
import { CliUsageError, parseCliArgs, USAGE } from "./cli-args.js";
import { type LimitsConfig, resolveLimits } from "./limits/plans.js";
import type { ProcessorDefinition } from "./options.js";
import { startEmulator } from "./server.js";

async function main(): Promise<void> {
  let command: ReturnType<typeof parseCliArgs>;
  try {
    command = parseCliArgs(process.argv.slice(2));
  } catch (error) {
    if (error instanceof CliUsageError) {
      console.error(`extendkit-emulator: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  if (command.kind === "help") {
    process.stdout.write(USAGE);
    return;
  }
  const options = { ...command.options };
  if (command.processorsFile !== undefined) options.processors = await loadProcessors(command.processorsFile);
  if (command.limitsFile !== undefined) options.limits = await loadLimits(command.limitsFile);
  if (options.record && !process.env["EXTEND_API_KEY"]) {
    console.error(
      "extendkit-emulator: --record needs the upstream API key in the EXTEND_API_KEY environment variable",
    );
    process.exit(2);
  }
  let started: Awaited<ReturnType<typeof startEmulator>>;
  try {
    started = await startEmulator(options);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof CassetteError) {
      console.error(`extendkit-emulator: ${options.record ? "--record" : "--replay"} ${message}`);
      process.exit(2);
    }
    if (command.processorsFile !== undefined && message.startsWith("processors[")) {
      console.error(`extendkit-emulator: --processors ${command.processorsFile}: ${message}`);
      process.exit(2);
    }
    console.error(`extendkit-emulator: could not start: ${message}`);
    process.exit(1);
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`extendkit-emulator: ${signal}, stopping`);
    started.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  // Handlers go in before the ready line, so a signal sent right after it still stops cleanly.
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  const health = (await (await started.emulator.fetch(`${started.url}/_emulator/health`)).json()) as {
    processors: Array<{ id: string; name: string; type: string }>;
  };
  const lines = [`extendkit-emulator listening on ${started.url}`];
  if (options.record) {
    // The upstream's processors are the ones that run; the local defaults would only mislead.
    lines.push(
      `  recording into ${command.options.record?.cassette} from ${new URL(options.record.upstream).origin}`,
    );
  } else if (options.replay) lines.push(`  replaying ${command.options.replay?.cassette}`);
  for (const processor of options.record ? [] : health.processors) {
    lines.push(`  processor ${processor.id.padEnd(24)} ${processor.type.padEnd(9)} ${processor.name}`);
  }
  if (!options.apiKeys)
    lines.push("  auth: Authorization: Bearer sk_test_emulator, x-extend-api-version: 2025-04-21");
  // One write, so readers see the URL and the processor ids together.
  process.stdout.write(`${lines.join("\n")}\n`);
}

/** Reads and validates a `--limits <file.json>` file; a bad file is a usage error (exit 2). */
async function loadLimits(path: string): Promise<LimitsConfig> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, "utf8"));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    console.error(`extendkit-emulator: --limits ${path}: cannot read a JSON file (${reason})`);
    process.exit(2);
  }
  try {
    resolveLimits(parsed, "limits file");
  } catch (error) {
    console.error(`extendkit-emulator: --limits ${path}: ${error instanceof Error ? error.message : error}`);
    process.exit(2);
  }
  return parsed as LimitsConfig;
}

async function loadProcessors(path: string): Promise<ProcessorDefinition[]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, "utf8"));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    console.error(`extendkit-emulator: --processors ${path}: cannot read a JSON file (${reason})`);
    process.exit(2);
  }
  if (!Array.isArray(parsed)) {
    console.error(
      `extendkit-emulator: --processors ${path} must contain a JSON array of processor definitions`,
    );
    process.exit(2);
  }
  return parsed as ProcessorDefinition[];
}

void main();
