// `pnpm bench` (second part): 200 clients waiting on 20 PROCESSING runs for 30 s, through the proxy under
// `wrangler dev`, with an emulator enforcing Extend's PAYG limits (10 requests/s per category) as upstream.
// Three set-ups, the same load each time:
//   today     — the proxy as it was before waiting was designed (commit BASELINE_COMMIT), clients polling
//               once a second, as frontends do today;
//   polling   — this proxy without webhooks: clients use @extendkit/core's wait (Prefer: wait long-polls),
//               one poller per run inside the governed GET budget;
//   webhooks  — this proxy with WEBHOOK_SECRET: the emulator's deliveries release the waiting clients.
// Upstream load is counted from the emulator's journal (what actually arrived) and its limit counters,
// never inferred. Webhook deliveries pass through a relay here that notes when each arrived, so the
// clients' delay after the webhook is measured. Writes .bench-results/worker-waiting.md.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ExtendClient } from "@extendkit/core";
import { startEmulator } from "@extendkit/emulator";
import { EmulatorAdmin } from "@extendkit/emulator/admin";
import { freePort, proxyClients, REPO_ROOT, startWranglerDev, WORKER_DIR } from "@extendkit/testing";

const API_KEY = "sk_bench_waiting_key_4d7e1a";
const TOKEN = "tok_bench_waiting_client";
const WEBHOOK_SECRET = "wss_bench_9f3c2a7d41e8b05c6d2f";
const RUNS = 20;
const CLIENTS = 200;
const RUN_MS = 30_000;
/** The proxy before issue 13's waiting work (what "today's behaviour" means below). */
const BASELINE_COMMIT = "db42cbb";

const clients = await proxyClients([
  {
    token: TOKEN,
    client: { tenant: "bench", tags: [], scopes: ["runs:create", "runs:read"], processors: ["*"] },
  },
]);

const stops = [];

/** A copy of apps/worker at BASELINE_COMMIT that resolves its packages from the workspace. */
function baselineWorker() {
  const dir = mkdtempSync(join(tmpdir(), "extendkit-worker-baseline-"));
  const archive = execFileSync("git", ["archive", BASELINE_COMMIT, "apps/worker"], { cwd: REPO_ROOT });
  execFileSync("tar", ["-x", "-C", dir], { input: archive });
  const worker = join(dir, "apps", "worker");
  symlinkSync(join(WORKER_DIR, "node_modules"), join(worker, "node_modules"));
  stops.push(async () => rmSync(dir, { recursive: true, force: true }));
  return worker;
}

/** Forwards the emulator's webhook deliveries to the proxy, noting when each run's delivery arrived. */
async function webhookRelay() {
  const arrivals = new Map();
  let target = "";
  const server = http.createServer((request, response) => {
    const chunks = [];
    request.on("data", (chunk) => chunks.push(chunk));
    request.on("end", async () => {
      const body = Buffer.concat(chunks);
      try {
        const id = JSON.parse(body.toString("utf8"))?.payload?.id;
        if (typeof id === "string" && !arrivals.has(id)) arrivals.set(id, performance.now());
      } catch {}
      const headers = {};
      for (const [name, value] of Object.entries(request.headers)) {
        if (name.startsWith("x-extend") || name === "content-type") headers[name] = value;
      }
      const answer = await fetch(`${target}/webhooks/extend`, { method: "POST", headers, body });
      response.writeHead(answer.status, { "content-type": "application/json" });
      response.end(await answer.text());
    });
  });
  const port = await freePort();
  await new Promise((resolve) => server.listen(port, "127.0.0.1", resolve));
  stops.push(() => new Promise((resolve) => server.close(resolve)));
  return { url: `http://127.0.0.1:${port}/hook`, arrivals, setTarget: (url) => (target = url) };
}

/** Runs one set-up and returns its figures. */
async function scenario(name, { baseline = false, webhooks = false, longPoll = true }) {
  const relay = webhooks ? await webhookRelay() : null;
  const emulator = await startEmulator({
    host: "127.0.0.1",
    port: 0,
    apiKeys: [API_KEY],
    latency: { minMs: RUN_MS, maxMs: RUN_MS },
    limits: "payg",
    processingSlots: RUNS * 2,
    ...(relay ? { webhook: { url: relay.url, secret: WEBHOOK_SECRET } } : {}),
  });
  const admin = new EmulatorAdmin(emulator.url);
  const proxy = await startWranglerDev({
    ...(baseline ? { cwd: baselineWorker() } : {}),
    vars: { EXTEND_BASE_URL: emulator.url, RATE_LIMIT_PER_MINUTE: "0", UPSTREAM_LIMITS: "payg" },
    secrets: {
      EXTEND_API_KEY: API_KEY,
      PROXY_CLIENTS: JSON.stringify(clients),
      ...(webhooks ? { WEBHOOK_SECRET } : {}),
    },
    timeoutMs: 90_000,
  });
  relay?.setTarget(proxy.url);
  try {
    const client = new ExtendClient({ apiKey: TOKEN, baseUrl: proxy.url, maxRetries: 5 });
    const ids = [];
    for (let i = 0; i < RUNS; i++) {
      const run = await client.processorRuns.create({
        processorId: "dp_invoice_extractor",
        rawText: `Invoice ${i}`,
      });
      ids.push(run.id);
    }
    const startedAt = new Date();
    const started = performance.now();
    const results = await Promise.all(
      Array.from({ length: CLIENTS }, (_, i) => waitOne(client, proxy.url, ids[i % RUNS], longPoll)),
    );
    const elapsedMs = performance.now() - started;
    const endedAt = new Date();
    const journal = (await admin.journal()).filter((r) => {
      const at = Date.parse(r.at);
      return (
        r.method === "GET" && r.path.startsWith("/processor_runs/") && at >= +startedAt && at <= +endedAt
      );
    });
    const limits = await admin.limits();
    const perSecond = new Map();
    for (const r of journal) {
      const second = Math.floor((Date.parse(r.at) - +startedAt) / 1000);
      perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
    }
    const delays = relay
      ? results.filter((r) => r.ok).map((r) => (r.doneAt - relay.arrivals.get(r.id)) / 1000)
      : [];
    return {
      name,
      elapsedS: elapsedMs / 1000,
      finished: results.filter((r) => r.ok).length,
      clientErrors: results.reduce((sum, r) => sum + r.errors, 0),
      clientRequests: results.reduce((sum, r) => sum + r.requests, 0),
      upstreamGets: journal.length,
      upstream429: journal.filter((r) => r.status === 429).length,
      emulatorRefused: limits.counts.get.refused + limits.counts.write.refused + limits.counts.run.refused,
      avgGetPerS: journal.length / (elapsedMs / 1000),
      maxGetPerS: Math.max(0, ...perSecond.values()),
      p50Delay: delays.length ? percentile(delays, 0.5) : null,
      p99Delay: delays.length ? percentile(delays, 0.99) : null,
      missingWebhooks: relay ? ids.filter((id) => !relay.arrivals.has(id)).length : null,
    };
  } finally {
    await proxy.stop();
    await emulator.stop();
  }
}

/** One client: core's wait (long-poll when applied) or a plain poll a second; never gives up before 60 s. */
async function waitOne(client, proxyUrl, id, longPoll) {
  const outcome = { id, ok: false, errors: 0, requests: 0, doneAt: 0 };
  const deadline = performance.now() + 2 * RUN_MS;
  if (longPoll) {
    try {
      const run = await client.processorRuns.wait(id, {
        timeoutMs: 2 * RUN_MS,
        onUpdate: () => outcome.requests++,
      });
      outcome.ok = run.status === "PROCESSED";
    } catch {
      outcome.errors++;
    }
    outcome.doneAt = performance.now();
    return outcome;
  }
  while (performance.now() < deadline) {
    outcome.requests++;
    const response = await fetch(`${proxyUrl}/processor_runs/${id}`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    }).catch(() => null);
    if (response?.ok) {
      const { processorRun } = await response.json();
      if (processorRun.status === "PROCESSED") {
        outcome.ok = true;
        break;
      }
    } else {
      outcome.errors++;
      await response?.body?.cancel();
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  outcome.doneAt = performance.now();
  return outcome;
}

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

async function main() {
  const rows = [
    await scenario("today (proxy at db42cbb, clients poll 1/s)", { baseline: true, longPoll: false }),
    await scenario("this proxy, no webhooks (core wait: long-poll)", {}),
    await scenario("this proxy, webhooks (core wait: long-poll)", { webhooks: true }),
  ];
  const fmt = (n, d = 1) => (n === null ? "—" : n.toFixed(d));
  const markdown = `## Worker proxy: ${CLIENTS} clients waiting on ${RUNS} PROCESSING runs

Method: the emulator (in process, PAYG limits: 10 requests/s per category, runs take ${RUN_MS / 1000} s) behind
\`wrangler dev\`; ${CLIENTS} clients (${CLIENTS / RUNS} per run) wait until their run is PROCESSED. *today*: the
proxy at ${BASELINE_COMMIT} (before coalescing, long-poll and the governor) with clients polling once a second;
the other rows: this proxy (\`UPSTREAM_LIMITS=payg\`) with clients using \`@extendkit/core\`'s \`wait\`, which
long-polls with \`Prefer: wait\`. Upstream GETs are counted from the emulator's journal during the wait, and
429s from its journal and limit counters. The delay after the webhook is from the delivery reaching the proxy
(through a relay that notes its arrival) to the client holding the finished run.

| Set-up | clients finished | client requests | client errors | upstream GETs | avg GET/s | max GET/s in a second | emulator 429s | delay after webhook p50 / p99 (s) |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${rows
  .map(
    (r) =>
      `| ${r.name} | ${r.finished}/${CLIENTS} | ${r.clientRequests} | ${r.clientErrors} | ${r.upstreamGets} | ${fmt(r.avgGetPerS)} | ${r.maxGetPerS} | ${r.emulatorRefused} | ${fmt(r.p50Delay, 2)} / ${fmt(r.p99Delay, 2)} |`,
  )
  .join("\n")}

Budget: PAYG allows 10 GET/s; the governor sends at most 9/s and the waiting room's pollers at most half of that.
`;
  mkdirSync(join(WORKER_DIR, ".bench-results"), { recursive: true });
  writeFileSync(join(WORKER_DIR, ".bench-results", "worker-waiting.md"), markdown);
  console.log(markdown);
  console.log(JSON.stringify(rows, null, 2));
}

try {
  await main();
} finally {
  for (const stop of stops.reverse()) await stop().catch(() => {});
}
