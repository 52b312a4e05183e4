// Starts a server (or any helper process) and guarantees it is gone afterwards. Each process gets its
// own process group, so a stop reaches the children it spawns (wrangler's workerd), and is stopped by
// its own id: SIGINT first for a clean shutdown, SIGKILL after a grace period, then any descendant
// that escaped the group. Never a broad kill by name.
import { spawn } from "node:child_process";
import { descendants, isAlive } from "./process-tree.mjs";

const MAX_OUTPUT = 256 * 1024;
/** How long `exited` waits after the exit for the last buffered output (a descendant may hold the pipes). */
const DRAIN_MS = 1_000;

const live = new Set();
let exitHookInstalled = false;

function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Last resort when a runner or script exits without its cleanup: kill what we started, by pid.
  process.once("exit", () => {
    for (const proc of live) signalGroup(proc.pid, "SIGKILL");
  });
}

/** Sends `signal` to the process group of `pid`, or to `pid` alone when it has no group of its own. */
export function signalGroup(pid, signal) {
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

/**
 * Spawns `command` in its own process group with stdout and stderr captured.
 * @param {{ name: string, command: string, args: string[], cwd?: string, env?: NodeJS.ProcessEnv }} options
 *   `env` is the child's whole environment (default `process.env`); `name` labels error messages.
 */
export function startProcess(options) {
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
  const waiters = new Set();
  const sinks = [];
  const stopHooks = [];
  const append = (chunk) => {
    const text = chunk.toString("utf8");
    buffer += text;
    if (buffer.length > MAX_OUTPUT) buffer = buffer.slice(-MAX_OUTPUT);
    for (const sink of sinks) sink(text);
    for (const waiter of waiters) waiter();
  };
  child.stdout.on("data", append);
  child.stderr.on("data", append);
  let exitCode;
  const exited = new Promise((resolve) => {
    const finish = (code) => {
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

  const proc = {
    name: options.name,
    pid,
    child,
    exited,
    output: () => buffer,
    running: () => exitCode === undefined,
    signal: (signal) => signalGroup(pid, signal),
    onOutput: (sink) => sinks.push(sink),
    onStop: (hook) => stopHooks.push(hook),
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
    async stop(graceMs = 5_000) {
      const family = descendants(pid);
      if (exitCode === undefined) {
        signalGroup(pid, "SIGINT");
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
