// Starts a server (or any helper process) and guarantees it is gone afterwards. Each process gets its
// own process group, so a stop reaches the children it spawns (wrangler's workerd), and is stopped by
// its own id: SIGINT first for a clean shutdown, SIGKILL after a grace period, then any descendant
// that escaped the group. Never a broad kill by name.
import { type ChildProcess, spawn } from "node:child_process";
import { descendants, isAlive } from "./process-tree.js";

const MAX_OUTPUT = 256 * 1024;
/** How long `exited` waits after the exit for the last buffered output (a descendant may hold the pipes). */
const DRAIN_MS = 1_000;

/** A process started by {@link startProcess}: its own process group, output captured. */
export interface ManagedProcess {
  readonly name: string;
  readonly pid: number;
  readonly child: ChildProcess;
  /** Resolves with the exit code (null when killed by a signal) once the process and its output are done. */
  readonly exited: Promise<number | null>;
  /** stdout and stderr so far (the last 256 KiB). */
  output(): string;
  running(): boolean;
  /** Sends a signal to the process group. */
  signal(signal: NodeJS.Signals): void;
  /** Called with every chunk of output from now on. */
  onOutput(sink: (text: string) => void): void;
  /** Runs after the process (and its group) stopped, e.g. to remove its temporary files. */
  onStop(hook: () => unknown): void;
  /** Resolves with the first match of `pattern` in the output; rejects on exit or timeout. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray>;
  /** `signal` (default SIGINT) to the group, SIGKILL after `graceMs` (default 5 s), then any escaped descendant. */
  stop(graceMs?: number, signal?: NodeJS.Signals): Promise<void>;
}

/** How to start a managed process. */
export interface StartProcessOptions {
  /** Labels error messages. */
  name: string;
  command: string;
  args: readonly string[];
  cwd?: string | undefined;
  /** The child's whole environment (default `process.env`). */
  env?: NodeJS.ProcessEnv | undefined;
}

const live = new Set<ManagedProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Last resort when a runner or script exits without its cleanup: kill what we started, by pid.
  process.once("exit", () => {
    for (const proc of live) signalGroup(proc.pid, "SIGKILL");
  });
}

/** Sends `signal` to the process group of `pid`, or to `pid` alone when it has no group of its own. */
export function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

/** Spawns `command` in its own process group with stdout and stderr captured. */
export function startProcess(options: StartProcessOptions): ManagedProcess {
  installExitHook();
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (child.pid === undefined) throw new Error(`${options.name}: could not start ${options.command}`);
  const pid = child.pid;
  let buffer = "";
  const waiters = new Set<() => void>();
  const sinks: Array<(text: string) => void> = [];
  const stopHooks: Array<() => unknown> = [];
  const append = (chunk: Buffer) => {
    const text = chunk.toString("utf8");
    buffer += text;
    if (buffer.length > MAX_OUTPUT) buffer = buffer.slice(-MAX_OUTPUT);
    for (const sink of sinks) sink(text);
    for (const waiter of waiters) waiter();
  };
  child.stdout?.on("data", append);
  child.stderr?.on("data", append);
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) => {
    const finish = (code: number | null) => {
      if (exitCode !== undefined) return;
      exitCode = code;
      for (const waiter of waiters) waiter();
      resolve(code);
    };
    // `close` comes after the last output; fall back to `exit` + a short drain for held pipes.
    child.once("close", (code) => finish(code));
    child.once("exit", (code) => setTimeout(() => finish(code), DRAIN_MS).unref());
    child.once("error", (error) => {
      buffer += `\n${error.message}`;
      finish(1);
    });
  });

  const proc: ManagedProcess = {
    name: options.name,
    pid,
    child,
    exited,
    output: () => buffer,
    running: () => exitCode === undefined,
    signal: (signal) => signalGroup(pid, signal),
    onOutput: (sink) => {
      sinks.push(sink);
    },
    onStop: (hook) => {
      stopHooks.push(hook);
    },
    waitFor(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(buffer);
          if (match) {
            done();
            resolve(match);
          } else if (exitCode !== undefined) {
            done();
            reject(
              new Error(`${options.name} exited (code ${exitCode}) before ready:\n${buffer.slice(-4000)}`),
            );
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`${options.name} not ready after ${timeoutMs} ms:\n${buffer.slice(-4000)}`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    async stop(graceMs = 5_000, signal = "SIGINT") {
      const family = descendants(pid);
      if (exitCode === undefined) {
        signalGroup(pid, signal);
        const timeout = new Promise((resolve) => setTimeout(() => resolve("timeout"), graceMs).unref());
        if ((await Promise.race([exited, timeout])) === "timeout") {
          signalGroup(pid, "SIGKILL");
          await exited;
        }
      }
      // Children that left the group (or outlived their parent) are still ours: stop them by pid.
      for (const other of family) if (isAlive(other)) signalGroup(other, "SIGKILL");
      const deadline = Date.now() + graceMs;
      while (family.some(isAlive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      live.delete(proc);
      for (const hook of stopHooks.splice(0)) await hook();
    },
  };
  live.add(proc);
  return proc;
}
