// The proxy's Deno and Bun entries as real servers on a free 127.0.0.1 port (the worker's
// test:runtimes), with the deno and bun binaries the workspace pins.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { freePort } from "./free-port.js";
import { type RunningServer, serverWhenReady } from "./http-ready.js";
import { startProcess } from "./managed-process.js";
import { QUIET_ENV, WORKER_DIR } from "./workspace.js";

const require = createRequire(import.meta.url);

/** The deno binary shipped by the `deno` npm package. */
export function denoBin(): string {
  const dir = dirname(require.resolve("deno/package.json"));
  const native = join(dir, "deno");
  return existsSync(native) ? native : join(dir, "bin.cjs");
}

/** The bun binary shipped by the `bun` npm package. */
export function bunBin(): string {
  return join(dirname(require.resolve("bun/package.json")), "bin", "bun.exe");
}

function serve(
  name: string,
  command: string,
  args: string[],
  env: Record<string, string>,
  port: number,
): Promise<RunningServer> {
  const proc = startProcess({
    name,
    command,
    args,
    cwd: WORKER_DIR,
    env: { ...process.env, ...QUIET_ENV, ...env },
  });
  return serverWhenReady(proc, { port });
}

/** `deno serve` of the proxy's Deno entry with `env` as its environment. */
export async function startDenoServer(env: Record<string, string>): Promise<RunningServer> {
  const port = await freePort();
  const args = ["serve", "--no-prompt", "--allow-net=127.0.0.1", "--allow-env", "--host", "127.0.0.1"];
  // The proxy keeps its state in Deno KV: the flag is still needed on deno 2.9, and a STATE_PATH file
  // needs read/write access to its folder (KV keeps -wal/-shm files next to it).
  args.push("--unstable-kv");
  const statePath = env["STATE_PATH"];
  if (statePath) args.push(`--allow-read=${dirname(statePath)}`, `--allow-write=${dirname(statePath)}`);
  args.push("--port", String(port), join(WORKER_DIR, "src", "entry", "deno.ts"));
  return serve("deno serve", denoBin(), args, env, port);
}

/** `bun run` of the proxy's Bun entry with `env` as its environment (PORT/HOST pick the address). */
export async function startBunServer(env: Record<string, string>): Promise<RunningServer> {
  const port = await freePort();
  const entry = join(WORKER_DIR, "src", "entry", "bun.ts");
  return serve("bun", bunBin(), ["run", entry], { ...env, PORT: String(port), HOST: "127.0.0.1" }, port);
}
