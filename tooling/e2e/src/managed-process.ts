// Starts a server process for a test and guarantees it is gone afterwards. Each process gets its own
// process group (so a stop reaches the children it spawns, such as wrangler's workerd) and is stopped
// by its id: SIGINT first for a clean shutdown, SIGKILL after a grace period, then any descendant that
// escaped the group.
import { type ChildProcess, spawn } from "node:child_process";
import { descendants, isAlive } from "./process-tree.js";

/** How to start a managed process. */
export interface StartOptions {
  command: string;
  args: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Label used in error messages. */
  name: string;
}

/** A running process with its captured output. */
export interface ManagedProcess {
  readonly pid: number;
  readonly child: ChildProcess;
  /** stdout and stderr so far (the last 256 KiB). */
  output(): string;
  /** Resolves with the first match of `pattern` in the output; rejects on exit or timeout. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  /** Resolves when the process has exited (with its code, or null when killed by a signal). */
  exited: Promise<number | null>;
  /** Stops the process and everything it started. */
  stop(graceMs?: number): Promise<void>;
}

const live = new Set<ManagedProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Last resort when a test runner exits without running its hooks: kill what we started, by pid.
  process.once("exit", () => {
    for (const proc of live) killGroup(proc.pid, "SIGKILL");
  });
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
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

const MAX_OUTPUT = 256 * 1024;

/** Spawns a process in its own process group and captures its output. */
export function startProcess(options: StartOptions): ManagedProcess {
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
  const listeners = new Set<() => void>();
  const append = (chunk: Buffer) => {
    buffer += chunk.toString("utf8");
    if (buffer.length > MAX_OUTPUT) buffer = buffer.slice(-MAX_OUTPUT);
    for (const listener of listeners) listener();
  };
  child.stdout?.on("data", append);
  child.stderr?.on("data", append);
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) => {
    child.once("exit", (code) => {
      exitCode = code;
      for (const listener of listeners) listener();
      resolve(code);
    });
  });

  const proc: ManagedProcess = {
    pid,
    child,
    exited,
    output: () => buffer,
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
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      });
    },
    async stop(graceMs = 5000) {
      const family = descendants(pid);
      if (exitCode === undefined) {
        killGroup(pid, "SIGINT");
        const timer = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), graceMs));
        if ((await Promise.race([exited, timer])) === "timeout") {
          killGroup(pid, "SIGKILL");
          await exited;
        }
      }
      // Children that left the group (or outlived their parent) are still ours: stop them by pid.
      for (const other of family) if (isAlive(other)) killGroup(other, "SIGKILL");
      const deadline = Date.now() + graceMs;
      while (family.some(isAlive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      live.delete(proc);
    },
  };
  live.add(proc);
  return proc;
}
