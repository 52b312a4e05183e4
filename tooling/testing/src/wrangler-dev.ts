// `wrangler dev` of a Worker project (by default apps/worker, the proxy) on a free 127.0.0.1 port, ready
// to serve: the real Cloudflare entry in workerd, configured the way a developer runs it locally.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { freePort } from "./free-port.js";
import { type RunningServer, serverWhenReady } from "./http-ready.js";
import { startProcess } from "./managed-process.js";
import { commandLine, commandName, descendants } from "./process-tree.js";
import { QUIET_ENV, WORKER_DIR } from "./workspace.js";

const require = createRequire(import.meta.url);

/** A running `wrangler dev`. */
export interface WranglerDevServer extends RunningServer {
  /** The workerd processes of this wrangler (it runs the Worker and its dev proxy in separate ones). */
  workerdPids(): number[];
  /** The workerd that runs the Worker itself (the one with an inspector). */
  workerPid(): number | undefined;
}

/** Options of {@link startWranglerDev}. */
export interface WranglerDevOptions {
  /** The Worker project (default apps/worker). */
  cwd?: string;
  vars?: Record<string, string>;
  /** Written to a private 0600 env file, never put on the command line. */
  secrets?: Record<string, string>;
  config?: string;
  script?: string;
  extraArgs?: string[];
  /** Listen on this port instead of a fresh free one. */
  port?: number;
  /** wrangler's --log-level (default "warn"; "log" also prints the Worker's console.log lines). */
  logLevel?: string;
  /** How long to wait for the first HTTP answer (default 90 s). */
  timeoutMs?: number;
  /**
   * Keep wrangler's local state (Durable Objects, KV, cache) in this folder, which outlives the
   * instance, so a second instance can start on the same state (default: a private folder removed on stop).
   */
  persistTo?: string;
}

/** Path of the wrangler CLI script (the workspace's pinned version, the one the proxy is tested with). */
export function wranglerBin(): string {
  return join(dirname(require.resolve("wrangler/package.json")), "bin", "wrangler.js");
}

/** Secrets as a dotenv file; single quotes keep values (JSON included) literal. */
function dotenv(secrets: Record<string, string>): string {
  return Object.entries(secrets)
    .map(([key, value]) => {
      if (/['\r\n]/.test(value)) throw new Error(`${key}: value not representable in an env file`);
      return `${key}='${value}'\n`;
    })
    .join("");
}

async function startOnce(options: WranglerDevOptions, port: number): Promise<WranglerDevServer> {
  // Private folder per instance: the secrets file (0600, so secrets never show on the command line
  // or in `ps`) and wrangler's persistence, so parallel instances never share cache state.
  const dir = await mkdtemp(join(tmpdir(), "extendkit-wrangler-"));
  const envFile = join(dir, ".env");
  await writeFile(envFile, dotenv(options.secrets ?? {}), { mode: 0o600 });
  const args = [
    wranglerBin(),
    "dev",
    "--ip",
    "127.0.0.1",
    "--port",
    String(port),
    "--inspector-port",
    String(await freePort()),
    "--persist-to",
    options.persistTo ?? join(dir, "state"),
    "--show-interactive-dev-session=false",
    "--log-level",
    options.logLevel ?? "warn",
    "--env-file",
    envFile,
  ];
  if (options.config) args.push("--config", options.config);
  if (options.script) args.push(options.script);
  for (const [key, value] of Object.entries(options.vars ?? {})) args.push("--var", `${key}:${value}`);
  args.push(...(options.extraArgs ?? []));
  const proc = startProcess({
    name: "wrangler dev",
    command: process.execPath,
    args,
    cwd: options.cwd ?? WORKER_DIR,
    env: { ...process.env, ...QUIET_ENV, FORCE_COLOR: "0" },
  });
  proc.onStop(() => rm(dir, { recursive: true, force: true }));
  // wrangler gets time to stop workerd itself before the group is killed.
  const server = await serverWhenReady(proc, { port, timeoutMs: options.timeoutMs, graceMs: 8_000 });
  return {
    ...server,
    workerdPids: () => descendants(proc.pid).filter((pid) => commandName(pid) === "workerd"),
    // The workerd that runs the Worker is the one started with an inspector; the other one is
    // wrangler's dev front proxy, which does not exist in production.
    workerPid: () =>
      descendants(proc.pid).find(
        (pid) =>
          commandName(pid) === "workerd" &&
          commandLine(pid).some((arg) => arg.startsWith("--inspector-addr")),
      ),
  };
}

/**
 * Runs `wrangler dev` and resolves once it answers HTTP. Secrets go through a private env file, plain
 * vars through `--var`. Without a fixed `port`, a lost race for the free port is retried on another.
 */
export async function startWranglerDev(options: WranglerDevOptions = {}): Promise<WranglerDevServer> {
  let lastError: unknown;
  for (let attempt = 0; attempt < (options.port === undefined ? 3 : 1); attempt++) {
    try {
      return await startOnce(options, options.port ?? (await freePort()));
    } catch (error) {
      lastError = error;
      if (!/EADDRINUSE|address already in use/i.test(String(error))) break;
    }
  }
  throw lastError;
}
