// Readiness of a server that cannot report when it listens (wrangler dev, deno serve, bun): poll its
// URL until anything answers, and hand back one handle shape for all of them.
import type { ManagedProcess } from "./managed-process.js";

/** A server started by startWranglerDev, startDenoServer or startBunServer. */
export interface RunningServer {
  pid: number;
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  process: ManagedProcess;
  output(): string;
  exited(): boolean;
  stop(): Promise<void>;
}

/** Polls until something answers HTTP at `url` (any status, even a 404); fails early if `proc` exited. */
export async function waitForHttp(url: string, timeoutMs = 30_000, proc?: ManagedProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (proc && !proc.running())
      throw new Error(`${proc.name} exited before answering:\n${proc.output().slice(-4000)}`);
    try {
      // A per-attempt timeout: a half-started server can accept the connection and never answer.
      await fetch(url, { signal: AbortSignal.timeout(2_000) });
      return;
    } catch (error) {
      if (Date.now() > deadline) {
        const output = proc ? `:\n${proc.output().slice(-4000)}` : "";
        throw new Error(`${proc?.name ?? url} not ready after ${timeoutMs} ms (${error})${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/**
 * Waits until the managed process `proc` answers on 127.0.0.1:`port` and returns its handle; on failure
 * stops it (with `graceMs`) before rethrowing, so a failed start leaves nothing behind.
 */
export async function serverWhenReady(
  proc: ManagedProcess,
  options: { port: number; timeoutMs?: number | undefined; graceMs?: number },
): Promise<RunningServer> {
  const { port, timeoutMs = 90_000, graceMs = 5_000 } = options;
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(url, timeoutMs, proc);
  } catch (error) {
    await proc.stop(graceMs);
    throw error;
  }
  return {
    url,
    port,
    pid: proc.pid,
    process: proc,
    output: proc.output,
    exited: () => !proc.running(),
    stop: () => proc.stop(graceMs),
  };
}
