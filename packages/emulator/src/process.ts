// The emulator CLI as a child process, for tests, benchmarks and scripts that want it in a separate
// process (its own event loop, a real socket, a real signal-driven shutdown). Node-only, so it lives
// behind the `@extendkit/emulator/process` subpath and never reaches the default entry.
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/**
 * The built CLI. Resolved as `../dist/cli.js` so the same line works from dist/ (published) and from
 * src/ (this package's own tests, which import the TypeScript source).
 */
export const EMULATOR_CLI = fileURLToPath(new URL("../dist/cli.js", import.meta.url));

/** How to spawn the emulator CLI. */
export interface SpawnEmulatorOptions {
  /** CLI flags, e.g. `["--api-key", key, "--latency", "instant"]`; `--port 0` unless given. */
  args?: string[];
  /** The Node binary that runs the CLI; default the current one. */
  node?: string;
  /** The child's whole environment; default `process.env`. */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** How long to wait for the listening line; default 20 s. */
  timeoutMs?: number;
  /** How long `stop()` waits after its signal before SIGKILL; default 5 s. */
  graceMs?: number;
}

/** A running emulator CLI. */
export interface SpawnedEmulator {
  /** `http://127.0.0.1:<port>` as printed by the CLI. */
  readonly url: string;
  readonly port: number;
  readonly child: ChildProcess;
  /** stdout and stderr so far (the last 256 KiB). */
  output(): string;
  /** Resolves with the exit code (null when killed by a signal) once the process has exited. */
  readonly exited: Promise<number | null>;
  /**
   * Sends `signal` (default SIGTERM; the CLI then shuts down cleanly), SIGKILL after the grace period,
   * and resolves with the exit code once the process has exited. Safe to call more than once.
   */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

const LISTENING = /extendkit-emulator listening on (http:\/\/127\.0\.0\.1:(\d+))/;
const MAX_OUTPUT = 256 * 1024;

/**
 * Adds `--port 0` unless a port is given (after a leading `--`, which the CLI skips). The host is left
 * to the CLI, whose default is 127.0.0.1, so callers that rely on that default keep testing it.
 */
function cliArgs(args: string[]): string[] {
  if (args.includes("--port")) return args;
  return args[0] === "--" ? ["--", "--port", "0", ...args.slice(1)] : ["--port", "0", ...args];
}

/**
 * Spawns `node <emulator>/dist/cli.js` and resolves once it prints its listening line. Rejects (after
 * killing the child) when it exits early or is not ready in time; the error carries the CLI's output.
 */
export function spawnEmulator(options: SpawnEmulatorOptions = {}): Promise<SpawnedEmulator> {
  const { timeoutMs = 20_000, graceMs = 5_000 } = options;
  const child = spawn(options.node ?? process.execPath, [EMULATOR_CLI, ...cliArgs(options.args ?? [])], {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const listeners = new Set<() => void>();
  const append = (chunk: Buffer) => {
    output += chunk.toString("utf8");
    if (output.length > MAX_OUTPUT) output = output.slice(-MAX_OUTPUT);
    for (const listener of listeners) listener();
  };
  child.stdout?.on("data", append);
  child.stderr?.on("data", append);

  let exitCode: number | null | undefined;
  // A runner that exits without its hooks must not leave the emulator behind: kill it by its own pid.
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  const exited = new Promise<number | null>((resolve) => {
    const finish = (code: number | null) => {
      if (exitCode !== undefined) return;
      exitCode = code;
      process.off("exit", killOnExit);
      for (const listener of listeners) listener();
      resolve(code);
    };
    child.once("exit", finish);
    child.once("error", (error) => {
      output += `\n${error.message}`;
      finish(null);
    });
  });

  const stop = async (signal: NodeJS.Signals = "SIGTERM"): Promise<number | null> => {
    if (exitCode !== undefined) return exitCode;
    child.kill(signal);
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    const code = await exited;
    clearTimeout(timer);
    return code;
  };

  return new Promise((resolve, reject) => {
    const fail = (reason: string) => {
      done();
      reject(new Error(`extendkit-emulator ${reason}:\n${output.slice(-4000)}`));
    };
    const check = () => {
      const match = LISTENING.exec(output);
      if (match) {
        done();
        resolve({ url: match[1]!, port: Number(match[2]), child, output: () => output, exited, stop });
      } else if (exitCode !== undefined) {
        fail(`exited (code ${exitCode}) before it was ready`);
      }
    };
    const timer = setTimeout(() => {
      void stop("SIGKILL");
      fail(`was not ready after ${timeoutMs} ms`);
    }, timeoutMs);
    const done = () => {
      clearTimeout(timer);
      listeners.delete(check);
    };
    listeners.add(check);
    check();
  });
}
