// `pnpm demo`: the whole product on one machine. Starts the emulator (the embedded default upstream) and
// the edge proxy (`wrangler dev`, the real Cloudflare entry) on free 127.0.0.1 ports, then runs the
// action's committed bundle exactly as a GitHub runner does, through the proxy with a client token, on
// examples/documents. Prints the results table, says where the job summary and the results file are,
// stops everything it started (also on Ctrl-C and on errors) and exits with the action's exit code.
//
// With EXTEND_API_KEY and EXTEND_PROCESSOR_ID set, the emulator is skipped and the proxy's upstream is
// the real Extend API (EXTEND_BASE_URL, default https://api.extend.ai): the same topology, so the key
// still stays inside the proxy and the action only ever holds a client token.
//
// Options (environment): EXTENDKIT_DEMO_PROCESSOR = extractor | classifier (emulator mode, default
// extractor), EXTENDKIT_DEMO_FILES = the action's `files` input (newline-separated globs).
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { printResults } from "./demo/results-table.mjs";
import { runnerLogLine } from "./demo/runner-log.mjs";
import {
  actionNode,
  freePort,
  sha256Hex,
  startManaged,
  stopAll,
  waitForHttp,
  wranglerBin,
} from "./demo/stack.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const outDir = join(root, ".artifacts", "demo");
const emulatorCli = join(root, "packages", "emulator", "dist", "cli.js");
const actionBundle = join(root, "apps", "action", "dist", "index.js");
const workerDir = join(root, "apps", "worker");

const PROCESSORS = { extractor: "dp_invoice_extractor", classifier: "dp_document_classifier" };
const DEFAULT_FILES = {
  extractor: ["examples/documents/invoice-*", "examples/documents/receipt-*"],
  classifier: ["examples/documents/*.txt", "examples/documents/*.pdf"],
};

const realMode = Boolean(process.env.EXTEND_API_KEY && process.env.EXTEND_PROCESSOR_ID);
const processorKind = process.env.EXTENDKIT_DEMO_PROCESSOR === "classifier" ? "classifier" : "extractor";
const processorId = realMode ? process.env.EXTEND_PROCESSOR_ID : PROCESSORS[processorKind];
const files = process.env.EXTENDKIT_DEMO_FILES ?? DEFAULT_FILES[processorKind].join("\n");

let action;
let interrupted;

function log(line) {
  console.log(`demo │ ${line}`);
}

function requireBuilt() {
  const missing = [realMode ? undefined : emulatorCli, actionBundle].filter((p) => p && !existsSync(p));
  if (missing.length > 0) {
    throw new Error(
      `missing ${missing.map((p) => relative(root, p)).join(", ")}: run \`pnpm demo\` from the repository root ` +
        "(it builds first) or `pnpm build`",
    );
  }
}

async function startUpstream() {
  if (realMode) {
    const url = process.env.EXTEND_BASE_URL ?? "https://api.extend.ai";
    log(`upstream: the real Extend API at ${url} (EXTEND_API_KEY and EXTEND_PROCESSOR_ID are set)`);
    return { url, apiKey: process.env.EXTEND_API_KEY };
  }
  const apiKey = `sk_test_demo_${randomBytes(12).toString("hex")}`;
  const emulator = startManaged("emulator", process.execPath, [
    emulatorCli,
    "--host",
    "127.0.0.1",
    "--port",
    "0",
    "--api-key",
    apiKey,
    "--latency",
    "fast",
  ]);
  emulator.logTo(join(outDir, "emulator.log"));
  const match = await emulator.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/, 30_000);
  log(`emulator listening on ${match[1]} (pid ${emulator.pid})`);
  return { url: match[1], apiKey };
}

/** One `.env` line; single quotes keep the value literal (JSON included). */
function dotenvLine(name, value) {
  if (/['\r\n]/.test(value)) throw new Error(`${name} cannot contain a single quote or a line break`);
  return `${name}='${value}'\n`;
}

async function startProxy(upstream, clientToken) {
  const port = await freePort();
  const inspectorPort = await freePort();
  // Secrets go to wrangler in a private env file, not on its command line where `ps` would show them.
  const secretsDir = mkdtempSync(join(tmpdir(), "extendkit-demo-"));
  const secretsFile = join(secretsDir, "proxy.env");
  const clients = {
    [sha256Hex(clientToken)]: {
      tenant: "demo",
      tags: ["demo"],
      scopes: ["runs:create", "runs:read", "runs:cancel", "files:write", "files:read"],
      processors: [processorId],
    },
  };
  writeFileSync(
    secretsFile,
    `${dotenvLine("EXTEND_API_KEY", upstream.apiKey)}${dotenvLine("PROXY_CLIENTS", JSON.stringify(clients))}`,
    {
      mode: 0o600,
    },
  );
  const proxy = startManaged(
    "proxy",
    process.execPath,
    [
      wranglerBin(workerDir),
      "dev",
      "--ip",
      "127.0.0.1",
      "--port",
      String(port),
      "--inspector-port",
      String(inspectorPort),
      "--persist-to",
      join(secretsDir, "state"),
      "--show-interactive-dev-session=false",
      "--env-file",
      secretsFile,
      "--var",
      `EXTEND_BASE_URL:${upstream.url}`,
      "--var",
      `ALLOWED_ORIGINS:http://127.0.0.1:${port}`,
      "--var",
      "USAGE_TAGS:extendkit-demo",
    ],
    {
      cwd: workerDir,
      env: { WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false", NO_COLOR: "1" },
    },
  );
  proxy.onStop(() => rmSync(secretsDir, { recursive: true, force: true }));
  proxy.logTo(join(outDir, "proxy.log"));
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(url, proxy, 90_000);
  log(`proxy (wrangler dev) listening on ${url} (pid ${proxy.pid})`);
  return url;
}

async function runAction(proxyUrl, clientToken) {
  const runnerTemp = join(outDir, "runner-temp");
  mkdirSync(runnerTemp, { recursive: true });
  const paths = {
    output: join(outDir, "github-output.txt"),
    summary: join(outDir, "summary.md"),
    results: join(outDir, "results.json"),
  };
  writeFileSync(paths.output, "");
  writeFileSync(paths.summary, "");
  const inputs = {
    "api-key": clientToken,
    "base-url": proxyUrl,
    "processor-id": processorId,
    files,
    "results-file": paths.results,
    concurrency: "4",
    timeout: "10m",
  };
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("INPUT_")));
  // The action must only ever see the client token, never the upstream key.
  delete env.EXTEND_API_KEY;
  Object.assign(env, {
    GITHUB_ACTIONS: "true",
    GITHUB_WORKSPACE: root,
    GITHUB_OUTPUT: paths.output,
    GITHUB_STEP_SUMMARY: paths.summary,
    GITHUB_REPOSITORY: "extendkit/demo",
    GITHUB_WORKFLOW: "demo",
    GITHUB_RUN_ID: String(Date.now()),
    RUNNER_TEMP: runnerTemp,
  });
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  const node = actionNode(root);
  log(
    `running the action: ${relative(root, node) || node} ${relative(root, actionBundle)} (processor ${processorId})`,
  );
  action = startManaged("action", node, [actionBundle], { cwd: root, env, replaceEnv: true });
  action.pipeTo(process.stdout, "action │ ", runnerLogLine());
  const code = await action.exited;
  return { code: code ?? 1, paths };
}

async function main() {
  requireBuilt();
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const clientToken = `ekc_demo_${randomBytes(18).toString("hex")}`;
  const upstream = await startUpstream();
  const proxyUrl = await startProxy(upstream, clientToken);
  const { code, paths } = await runAction(proxyUrl, clientToken);
  console.log("");
  if (existsSync(paths.results)) printResults(JSON.parse(readFileSync(paths.results, "utf8")), root);
  else log("the action wrote no results file");
  console.log("");
  log(`job summary:  ${relative(root, paths.summary)}`);
  log(`results file: ${relative(root, paths.results)}`);
  const logs = ["emulator.log", "proxy.log"]
    .map((name) => join(outDir, name))
    .filter((path) => existsSync(path));
  log(`logs:         ${logs.map((path) => relative(root, path)).join(", ")}`);
  log(`action exit code: ${code}${interrupted ? ` (interrupted by ${interrupted})` : ""}`);
  return code;
}

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = signal;
    log(`${signal}: stopping`);
    // The action handles the signal itself (cancels its runs, writes results); the rest is stopped below.
    if (action?.running()) action.signal(signal);
    else void stopAll().then(() => process.exit(130));
  });
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (error) {
  console.error(`demo │ error: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  await stopAll();
}
process.exit(exitCode);
