// Bookkeeping for `pnpm demo`: what it started (so everything is stopped, newest first, also on Ctrl-C
// and errors) and where each process's output goes. Starting and stopping processes themselves is
// apps/worker's dev-server (process groups, stop by pid) and the emulator package's spawnEmulator.
import { createHash } from "node:crypto";
import { createWriteStream, existsSync } from "node:fs";
import { startProcess } from "../../../apps/worker/scripts/processes.mjs";
import { node24Path } from "../../node24/index.mjs";

const started = [];

/** SHA-256 hex of a client token: the key of PROXY_CLIENTS (the proxy never stores plain tokens). */
export function sha256Hex(value) {
  return createHash("sha256").update(value).digest("hex");
}

/**
 * Node 24 from tooling/node24 (GitHub runs actions with node24), else this Node: the demo should still
 * run for a user whose install lacks it.
 */
export function actionNode() {
  return existsSync(node24Path) ? node24Path : process.execPath;
}

/** Registers something started elsewhere, to be stopped by stopAll. */
export function track(name, stop) {
  started.push({ name, stop });
}

/**
 * Starts a process (its own process group, output kept) and registers it.
 * @param {string} name
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd?: string; env?: NodeJS.ProcessEnv }} [options] `env` replaces the environment
 */
export function startManaged(name, command, args, options = {}) {
  const proc = startProcess({ name, command, args, ...options });
  // The action gets time to cancel its runs and write its results.
  track(name, () => proc.stop(60_000));
  return proc;
}

/** Copies everything a process printed so far and prints from now on into the file at `path`. */
export function logTo(path, output, subscribe) {
  const stream = createWriteStream(path);
  stream.write(output);
  subscribe((text) => stream.write(text));
  return () => new Promise((resolve) => stream.end(resolve));
}

/** Writes a managed process's output to `stream` line by line, each `transform`ed and prefixed. */
export function pipeLines(proc, stream, prefix, transform = (line) => line) {
  let partial = "";
  const write = (line) => {
    const shown = transform(line);
    if (shown !== undefined) stream.write(`${prefix}${shown}\n`);
  };
  proc.onOutput((text) => {
    const lines = (partial + text).split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) write(line);
  });
  proc.onStop(() => partial && write(partial));
}

/** Stops everything started here, newest first (the action before the proxy before the emulator). */
export async function stopAll() {
  while (started.length > 0) await started.pop().stop();
}
