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
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join, relative } from "node:path";
import {
  ACTION_BUNDLE,
  freePort,
  type ManagedProcess,
  newClientToken,
  proxyClientsJson,
  REPO_ROOT,
  startActionBundle,
  startEmulatorProcess,
  startWranglerDev,
} from "@extendkit/testing";
import { printResults } from "./demo/results-table.js";
import { runnerLogLine } from "./demo/runner-log.js";
import { actionNode, logTo, pipeLines, stopAll, track } from "./demo/stack.js";

const root = REPO_ROOT;
const outDir = join(root, ".artifacts", "demo");
const emulatorCli = join(root, "packages", "emulator", "dist", "cli.js");

const PROCESSORS = { extractor: "dp_invoice_extractor", classifier: "dp_document_classifier" } as const;
const DEFAULT_FILES = {
  extractor: ["examples/documents/invoice-*", "examples/documents/receipt-*"],
  classifier: ["examples/documents/*.txt", "examples/documents/*.pdf"],
};

const realMode = Boolean(process.env["EXTEND_API_KEY"] && process.env["EXTEND_PROCESSOR_ID"]);
const processorKind = process.env["EXTENDKIT_DEMO_PROCESSOR"] === "classifier" ? "classifier" : "extractor";
const processorId: string = (realMode && process.env["EXTEND_PROCESSOR_ID"]) || PROCESSORS[processorKind];
const files = process.env["EXTENDKIT_DEMO_FILES"] ?? DEFAULT_FILES[processorKind].join("\n");

let action: ManagedProcess | undefined;
let interrupted: NodeJS.Signals | undefined;

/** Where the proxy sends the action's requests, and the key it uses there. */
interface Upstream {
  url: string;
  apiKey: string;
}

function log(line: string): void {
  console.log(`demo │ ${line}`);
}

function requireBuilt(): void {
  const missing = [realMode ? undefined : emulatorCli, ACTION_BUNDLE].filter(
    (p): p is string => p !== undefined && !existsSync(p),
  );
  if (missing.length > 0) {
    throw new Error(
      `missing ${missing.map((p) => relative(root, p)).join(", ")}: run \`pnpm demo\` from the repository root ` +
        "(it builds first) or `pnpm build`",
    );
  }
}

async function startUpstream(): Promise<Upstream> {
  const realKey = process.env["EXTEND_API_KEY"];
  if (realMode && realKey) {
    const url = process.env["EXTEND_BASE_URL"] ?? "https://api.extend.ai";
    log(`upstream: the real Extend API at ${url} (EXTEND_API_KEY and EXTEND_PROCESSOR_ID are set)`);
    return { url, apiKey: realKey };
  }
  const apiKey = `sk_test_demo_${randomBytes(12).toString("hex")}`;
  // Under Extend's PAYG limits, as a user's CI would run the emulator: the demo must hold up under them.
  const emulator = await startEmulatorProcess({ apiKey, latency: "fast", timeoutMs: 30_000, limits: "payg" });
  const { child } = emulator.process;
  const endLog = logTo(join(outDir, "emulator.log"), emulator.process.output(), (sink) => {
    child.stdout?.on("data", (chunk: Buffer) => sink(chunk.toString("utf8")));
    child.stderr?.on("data", (chunk: Buffer) => sink(chunk.toString("utf8")));
  });
  track("emulator", async () => {
    await emulator.stop();
    await endLog();
  });
  log(`emulator listening on ${emulator.url} (pid ${child.pid})`);
  return { url: emulator.url, apiKey };
}

async function startProxy(upstream: Upstream, clientToken: string): Promise<string> {
  // Chosen up front: the proxy's own origin goes into ALLOWED_ORIGINS.
  const port = await freePort();
  const clients = await proxyClientsJson([
    {
      token: clientToken,
      client: {
        tenant: "demo",
        tags: ["demo"],
        scopes: ["runs:create", "runs:read", "runs:cancel", "files:write", "files:read"],
        processors: [processorId],
      },
    },
  ]);
  const proxy = await startWranglerDev({
    port,
    // Secrets go to wrangler in a private env file, not on its command line where `ps` would show them.
    secrets: { EXTEND_API_KEY: upstream.apiKey, PROXY_CLIENTS: clients },
    vars: {
      EXTEND_BASE_URL: upstream.url,
      ALLOWED_ORIGINS: `http://127.0.0.1:${port}`,
      USAGE_TAGS: "extendkit-demo",
    },
    logLevel: "log",
  });
  track("proxy", proxy.stop);
  const endLog = logTo(join(outDir, "proxy.log"), proxy.output(), proxy.process.onOutput);
  proxy.process.onStop(endLog);
  log(`proxy (wrangler dev) listening on ${proxy.url} (pid ${proxy.pid})`);
  return proxy.url;
}

async function runAction(
  proxyUrl: string,
  clientToken: string,
): Promise<{ code: number; paths: { summary: string; results: string } }> {
  const paths = { summary: join(outDir, "summary.md"), results: join(outDir, "results.json") };
  const env = { ...process.env };
  // The action must only ever see the client token, never the upstream key.
  delete env["EXTEND_API_KEY"];
  const node = actionNode();
  log(
    `running the action: ${relative(root, node) || node} ${relative(root, ACTION_BUNDLE)} (processor ${processorId})`,
  );
  const started = startActionBundle({
    node,
    inputs: {
      "api-key": clientToken,
      "base-url": proxyUrl,
      "processor-id": processorId,
      files,
      "results-file": paths.results,
      concurrency: "4",
      timeout: "10m",
    },
    workDir: outDir,
    workspace: root,
    outputPath: join(outDir, "github-output.txt"),
    summaryPath: paths.summary,
    env,
    github: {
      GITHUB_REPOSITORY: "extendkit/demo",
      GITHUB_WORKFLOW: "demo",
      GITHUB_RUN_ID: String(Date.now()),
    },
    // The action's own `timeout` input comes first; this is the safety net.
    timeoutMs: 15 * 60_000,
  });
  action = started.process;
  // The action gets time to cancel its runs and write its results.
  track("action", () => started.process.stop(60_000));
  pipeLines(started.process, process.stdout, "action │ ", runnerLogLine());
  const run = await started.result;
  return { code: run.code ?? 1, paths };
}

async function main(): Promise<number> {
  requireBuilt();
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const clientToken = newClientToken("demo");
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

for (const signal of ["SIGINT", "SIGTERM"] as const) {
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
