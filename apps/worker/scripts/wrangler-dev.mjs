// `wrangler dev` of a Worker project (by default this one, the proxy) on a free 127.0.0.1 port, ready
// to serve: the real Cloudflare entry in workerd, configured the way a developer runs it locally.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { freePort } from "./free-port.mjs";
import { serverWhenReady } from "./http-ready.mjs";
import { startProcess } from "./managed-process.mjs";
import { commandLine, commandName, descendants } from "./process-tree.mjs";
import { QUIET_ENV, WORKER_DIR } from "./worker-paths.mjs";

const require = createRequire(import.meta.url);

/** Path of the wrangler CLI script from this package's dependencies (the version the proxy is tested with). */
export function wranglerBin() {
  return join(dirname(require.resolve("wrangler/package.json")), "bin", "wrangler.js");
}

/** Secrets as a dotenv file; single quotes keep values (JSON included) literal. */
function dotenv(secrets) {
  return Object.entries(secrets)
    .map(([key, value]) => {
      if (/['\r\n]/.test(value)) throw new Error(`${key}: value not representable in an env file`);
      return `${key}='${value}'\n`;
    })
    .join("");
}

async function startOnce(options, port) {
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
    join(dir, "state"),
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
export async function startWranglerDev(options = {}) {
  let lastError;
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
