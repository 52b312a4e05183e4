// The proxy's Deno and Bun entries as real servers on a free 127.0.0.1 port (for test:runtimes).
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { freePort } from "./free-port.mjs";
import { serverWhenReady } from "./http-ready.mjs";
import { startProcess } from "./managed-process.mjs";
import { QUIET_ENV, WORKER_DIR } from "./worker-paths.mjs";

const require = createRequire(import.meta.url);

/** The deno binary shipped by the `deno` npm package. */
export function denoBin() {
  const dir = dirname(require.resolve("deno/package.json"));
  const native = join(dir, "deno");
  return existsSync(native) ? native : join(dir, "bin.cjs");
}

/** The bun binary shipped by the `bun` npm package. */
export function bunBin() {
  return join(dirname(require.resolve("bun/package.json")), "bin", "bun.exe");
}

async function serve(name, command, args, env, port) {
  const proc = startProcess({
    name,
    command,
    args,
    cwd: WORKER_DIR,
    env: { ...process.env, ...QUIET_ENV, ...env },
  });
  return serverWhenReady(proc, { port });
}

/** `deno serve` of the Deno entry with `env` as its environment. */
export async function startDeno(env) {
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

/** `bun run` of the Bun entry with `env` as its environment (PORT/HOST pick the address). */
export async function startBun(env) {
  const port = await freePort();
  const entry = join(WORKER_DIR, "src", "entry", "bun.ts");
  return serve("bun", bunBin(), ["run", entry], { ...env, PORT: String(port), HOST: "127.0.0.1" }, port);
}
