// Bookkeeping for `pnpm demo`: what it started (so everything is stopped, newest first, also on Ctrl-C
// and errors) and where each process's output goes. Starting and stopping processes themselves is
// @extendkit/testing (process groups, stop by pid).
import { createWriteStream, existsSync } from "node:fs";
import { type ManagedProcess, node24Path } from "@extendkit/testing";

const started: Array<{ name: string; stop: () => Promise<unknown> }> = [];

/**
 * Node 24 (GitHub runs actions with node24), else this Node: the demo should still run for a user whose
 * install lacks it.
 */
export function actionNode(): string {
  return existsSync(node24Path) ? node24Path : process.execPath;
}

/** Registers something started elsewhere, to be stopped by stopAll. */
export function track(name: string, stop: () => Promise<unknown>): void {
  started.push({ name, stop });
}

/** Copies everything a process printed so far and prints from now on into the file at `path`. */
export function logTo(
  path: string,
  output: string,
  subscribe: (sink: (text: string) => void) => void,
): () => Promise<void> {
  const stream = createWriteStream(path);
  stream.write(output);
  subscribe((text) => stream.write(text));
  return () => new Promise((resolve) => stream.end(resolve));
}

/** Writes a managed process's output to `stream` line by line, each `transform`ed and prefixed. */
export function pipeLines(
  proc: ManagedProcess,
  stream: NodeJS.WritableStream,
  prefix: string,
  transform: (line: string) => string | undefined = (line) => line,
): void {
  let partial = "";
  const write = (line: string) => {
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
export async function stopAll(): Promise<void> {
  for (let next = started.pop(); next; next = started.pop()) await next.stop();
}
