// Starting and stopping the real servers used by the SDK test, the runtime runner and the benchmark:
// the emulator CLI, `wrangler dev`, `deno serve` and `bun run`. Everything listens on 127.0.0.1 and
// every process is stopped by its own pid.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
/** apps/worker */
export const WORKER_DIR = fileURLToPath(new URL("..", import.meta.url));
/** The workspace root (resolved, never hard-coded). */
export const REPO_ROOT = join(WORKER_DIR, "..", "..");

/** Environment that keeps wrangler, deno and bun offline and quiet. */
export const QUIET_ENV = {
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  DENO_NO_UPDATE_CHECK: "1",
  DENO_NO_PROMPT: "1",
  NO_COLOR: "1",
};

/** A free TCP port on 127.0.0.1 (for servers that cannot report the port they picked). */
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

/**
 * Spawns a process and resolves once `ready` matches its output (stdout or stderr).
 * @returns {Promise<{ pid: number, match: RegExpMatchArray, output: () => string, stop: () => Promise<void> }>}
 */
export function startProcess({ command, args, env = {}, cwd = WORKER_DIR, ready, timeoutMs = 60_000, name }) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, ...QUIET_ENV, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    let settled = false;
    let exited = false;
    const exitPromise = new Promise((resolveExit) => {
      child.once("exit", () => {
        exited = true;
        resolveExit();
      });
    });
    const stop = async () => {
      if (exited) return;
      child.kill("SIGINT");
      const timer = setTimeout(() => {
        if (!exited) child.kill("SIGKILL");
      }, 5_000);
      await exitPromise;
      clearTimeout(timer);
    };
    const timer = setTimeout(() => {
      if (settled) return;
      settled = true;
      void stop();
      reject(new Error(`${name} did not become ready in ${timeoutMs} ms:\n${output.slice(-2000)}`));
    }, timeoutMs);
    const onData = (chunk) => {
      output += chunk.toString();
      if (output.length > 40_000) output = output.slice(-20_000);
      if (ready === null || settled) return;
      const match = output.match(ready);
      if (match && !settled) {
        settled = true;
        clearTimeout(timer);
        resolve({ pid: child.pid, match, output: () => output, stop, exited: () => exited });
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    // Without a banner to wait for, the caller polls the port instead.
    if (ready === null) {
      settled = true;
      clearTimeout(timer);
      resolve({ pid: child.pid, match: null, output: () => output, stop, exited: () => exited });
    }
    child.once("exit", (code) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(new Error(`${name} exited early (code ${code}):\n${output.slice(-2000)}`));
    });
  });
}

/** Starts the emulator CLI on a free port; resolves with its URL. */
export async function startEmulatorCli({ apiKey, latency = "instant", extraArgs = [] }) {
  const cli = join(REPO_ROOT, "packages", "emulator", "dist", "cli.js");
  const proc = await startProcess({
    name: "emulator",
    command: process.execPath,
    args: [
      cli,
      "--host",
      "127.0.0.1",
      "--port",
      "0",
      "--api-key",
      apiKey,
      "--latency",
      latency,
      ...extraArgs,
    ],
    ready: /listening on (http:\/\/127\.0\.0\.1:\d+)/,
  });
  return { ...proc, url: proc.match[1] };
}

/** Path of the wrangler CLI script from this package's dependencies. */
export function wranglerBin() {
  return join(dirname(require.resolve("wrangler/package.json")), "bin", "wrangler.js");
}

/**
 * Runs `wrangler dev` on 127.0.0.1:<free port>. Secrets go through a private temporary env file (so
 * wrangler prints them as hidden); plain vars through `--var`.
 */
export async function startWranglerDev({
  vars = {},
  secrets = {},
  config,
  script,
  extraArgs = [],
  port: fixedPort,
  logLevel = "warn",
}) {
  const port = fixedPort ?? (await freePort());
  const dir = await mkdtemp(join(tmpdir(), "extendkit-wrangler-"));
  const envFile = join(dir, ".env");
  // Single quotes keep JSON values literal in dotenv syntax.
  const lines = Object.entries(secrets).map(([key, value]) => {
    if (value.includes("'") || value.includes("\n"))
      throw new Error(`${key}: value not representable in an env file`);
    return `${key}='${value}'`;
  });
  await writeFile(envFile, `${lines.join("\n")}\n`);
  await chmod(envFile, 0o600);
  const args = [wranglerBin(), "dev", "--ip", "127.0.0.1", "--port", String(port), "--env-file", envFile];
  args.push(
    "--persist-to",
    join(dir, "state"),
    "--inspector-port",
    String(await freePort()),
    "--log-level",
    logLevel,
  );
  if (config) args.push("--config", config);
  if (script) args.push(script);
  for (const [key, value] of Object.entries(vars)) args.push("--var", `${key}:${value}`);
  args.push(...extraArgs);
  const url = `http://127.0.0.1:${port}`;
  const proc = await startProcess({ name: "wrangler dev", command: process.execPath, args, ready: null });
  await waitForHttp(url, 90_000, proc).catch(async (error) => {
    await proc.stop();
    await rm(dir, { recursive: true, force: true });
    throw error;
  });
  return {
    ...proc,
    url,
    stop: async () => {
      await proc.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Polls until something answers HTTP at `url` (any status); fails early if `proc` exited. */
export async function waitForHttp(url, timeoutMs = 30_000, proc) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await fetch(url);
      return;
    } catch (error) {
      if (proc?.exited()) throw new Error(`server exited before answering:\n${proc.output().slice(-2000)}`);
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

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

/** `deno serve` of the Deno entry with `env` as its environment. */
export async function startDeno(env) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const proc = await startProcess({
    name: "deno serve",
    command: denoBin(),
    args: [
      "serve",
      "--no-prompt",
      "--allow-net=127.0.0.1",
      "--allow-env",
      "--host",
      "127.0.0.1",
      "--port",
      String(port),
      join(WORKER_DIR, "src", "entry", "deno.ts"),
    ],
    env,
    ready: null,
  });
  await waitForHttp(url, 90_000, proc).catch(async (error) => {
    await proc.stop();
    throw error;
  });
  return { ...proc, url };
}

/** `bun run` of the Bun entry with `env` as its environment (PORT/HOST pick the address). */
export async function startBun(env) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const proc = await startProcess({
    name: "bun",
    command: bunBin(),
    args: ["run", join(WORKER_DIR, "src", "entry", "bun.ts")],
    env: { ...env, PORT: String(port), HOST: "127.0.0.1" },
    ready: null,
  });
  await waitForHttp(url, 60_000, proc).catch(async (error) => {
    await proc.stop();
    throw error;
  });
  return { ...proc, url };
}
