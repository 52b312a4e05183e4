// The edge proxy served by `wrangler dev` from apps/worker (the real Cloudflare entry in workerd), on a
// free 127.0.0.1 port, configured with `--var` the way a developer runs it locally.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./free-port.js";
import { type ManagedProcess, startProcess } from "./managed-process.js";
import { workerDir, wranglerBin } from "./paths.js";
import { commandLine, commandName, descendants } from "./process-tree.js";

/** Configuration of a proxy instance (names as in apps/worker's configuration table). */
export interface ProxyOptions {
  upstreamUrl: string;
  upstreamKey: string;
  /** PROXY_CLIENTS: sha256-hex(token) → client. */
  clients: Record<string, unknown>;
  allowedOrigins?: string[];
  jwtSecret?: string;
  /** Any further variables (USAGE_TAGS, RATE_LIMIT_PER_MINUTE, …). */
  vars?: Record<string, string>;
}

/** A running `wrangler dev`. */
export interface ProxyProcess {
  readonly url: string;
  readonly port: number;
  readonly process: ManagedProcess;
  /** The workerd processes of this wrangler (it runs the worker and its dev proxy in separate ones). */
  workerdPids(): number[];
  /**
   * The workerd that runs the worker itself: the one wrangler starts with an inspector. The other one
   * is wrangler's dev front proxy, which does not exist in production.
   */
  workerPid(): number | undefined;
  stop(): Promise<void>;
}

/** Environment that keeps wrangler offline and quiet. */
export function wranglerEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    WRANGLER_SEND_METRICS: "false",
    CLOUDFLARE_CF_FETCH_ENABLED: "false",
    WRANGLER_LOG: "warn",
    NO_COLOR: "1",
    FORCE_COLOR: "0",
  };
}

/** Starts the proxy (apps/worker) with `wrangler dev --ip 127.0.0.1 --port <free>`, ready to serve. */
export function startProxyProcess(options: ProxyOptions): Promise<ProxyProcess> {
  return startWranglerDev(workerDir, {
    EXTEND_BASE_URL: options.upstreamUrl,
    EXTEND_API_KEY: options.upstreamKey,
    PROXY_CLIENTS: JSON.stringify(options.clients),
    ...(options.allowedOrigins ? { ALLOWED_ORIGINS: options.allowedOrigins.join(",") } : {}),
    ...(options.jwtSecret ? { JWT_SECRET: options.jwtSecret } : {}),
    ...options.vars,
  });
}

/** Starts `wrangler dev` for the worker project in `projectDir` with `--var`s and waits until it answers HTTP. */
export async function startWranglerDev(
  projectDir: string,
  vars: Record<string, string>,
): Promise<ProxyProcess> {
  let lastError: unknown;
  // The free port is released before wrangler binds it; on the rare lost race, try another.
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const inspectorPort = await freePort();
    // Each instance gets its own persistence folder so parallel instances never share cache state.
    const persistTo = mkdtempSync(join(tmpdir(), "extendkit-wrangler-"));
    const args = [
      wranglerBin(),
      "dev",
      "--ip",
      "127.0.0.1",
      "--port",
      String(port),
      "--inspector-port",
      String(inspectorPort),
      "--persist-to",
      persistTo,
      "--show-interactive-dev-session=false",
      "--log-level",
      "warn",
      ...Object.entries(vars).flatMap(([key, value]) => ["--var", `${key}:${value}`]),
    ];
    const proc = startProcess({
      name: "wrangler dev",
      command: process.execPath,
      args,
      cwd: projectDir,
      env: wranglerEnv(),
    });
    const url = `http://127.0.0.1:${port}`;
    const stop = async () => {
      await proc.stop(8000);
      rmSync(persistTo, { recursive: true, force: true });
    };
    try {
      await waitForHttp(url, proc, 60_000);
      return {
        url,
        port,
        process: proc,
        workerdPids: () => descendants(proc.pid).filter((pid) => commandName(pid) === "workerd"),
        workerPid: () =>
          descendants(proc.pid).find(
            (pid) =>
              commandName(pid) === "workerd" &&
              commandLine(pid).some((arg) => arg.startsWith("--inspector-addr")),
          ),
        stop,
      };
    } catch (error) {
      lastError = error;
      await stop();
      if (!/EADDRINUSE|address already in use/i.test(String(error))) break;
    }
  }
  throw lastError;
}

async function waitForHttp(url: string, proc: ManagedProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void proc.exited.then(() => {
    exited = true;
  });
  while (Date.now() < deadline) {
    if (exited) throw new Error(`wrangler dev exited before ready:\n${proc.output().slice(-4000)}`);
    try {
      // Any HTTP answer (even a 404) means workerd is serving the worker.
      await fetch(`${url}/`, { signal: AbortSignal.timeout(2000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  throw new Error(`wrangler dev not ready after ${timeoutMs} ms:\n${proc.output().slice(-4000)}`);
}
