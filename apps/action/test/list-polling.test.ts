import { readFile } from "node:fs/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createPacer } from "../src/engine/pacer.js";
import { DEFAULT_POLLING } from "../src/engine/process-file.js";
import { createRateGate, type FetchLike } from "../src/engine/rate-gate.js";
import { type EnginePlan, runEngine } from "../src/engine/run-engine.js";
import { RATE_PLANS } from "../src/inputs/rate-limits.js";
import { enginePlan } from "./helpers/engine-plan.js";
import { inProcessEmulator, type JournalEntry } from "./helpers/in-process.js";
import { createWorkspace, invoiceText, type TempWorkspace } from "./helpers/workspace.js";

/** Runs of 1.2 s: long enough that a run is polled several times, short enough for a unit suite. */
const RUN_MS = 1200;
const FILES = 12;
const PAYG = { plan: "payg", ...RATE_PLANS.payg, share: 1 };

let ws: TempWorkspace;
let emu: ReturnType<typeof inProcessEmulator>;
beforeEach(async () => {
  ws = await createWorkspace();
  emu = inProcessEmulator({ limits: "payg", latency: { minMs: RUN_MS, maxMs: RUN_MS } });
});
afterEach(async () => {
  await emu.close();
  await ws.remove();
});

async function invoices() {
  const docs: Record<string, string> = {};
  for (let i = 0; i < FILES; i++) docs[`docs/inv-${i}.txt`] = invoiceText(`INV-${i}`);
  return ws.write(docs);
}

/** Runs the engine through the paced gate, as the action does, optionally behind a wrapping transport. */
async function run(overrides: Partial<EnginePlan>, wrap: (f: FetchLike) => FetchLike = (f) => f) {
  const files = await invoices();
  const gate = createRateGate(wrap(emu.fetch), { pacer: createPacer(PAYG) });
  const outcome = await runEngine(
    enginePlan(files, { concurrency: FILES, polling: DEFAULT_POLLING, ...overrides }),
    { client: emu.client(undefined, () => gate.fetch), readFile: (path) => readFile(path) },
  );
  const journal = await emu.journal();
  const api = journal.filter((e) => !e.path.startsWith("/_emulator"));
  const runIds = new Set(outcome.results.map((r) => r.runId));
  const runReads = (e: JournalEntry) => e.method === "GET" && /^\/processor_runs\/[^/]+$/.test(e.path);
  const lists = (e: JournalEntry) => e.method === "GET" && e.path === "/processor_runs";
  const readsPerRun = [...runIds].map(
    (id) => api.filter((e) => runReads(e) && e.path.endsWith(`/${id}`)).length,
  );
  return {
    outcome,
    gate,
    gets: api.filter((e) => e.method === "GET").length,
    lists: api.filter(lists),
    readsPerRun,
    limited: api.filter((e) => e.status === 429).length,
    limits: await emu.admin.limits(),
  };
}

describe("learning run states from the run list (PAYG limits)", () => {
  it("reads each run once, when the list shows it terminal, with far fewer GETs than per-run polling", async () => {
    const listed = await run({ listPolling: { intervalMs: 1000, maxPageSize: 1000 } });
    expect(listed.outcome.totals.processed).toBe(FILES);
    expect(listed.outcome.listPoller?.fallbackReason).toBeUndefined();
    // Exactly one read per run: the one after the list showed it PROCESSED (it carries the output).
    expect(listed.readsPerRun).toEqual(new Array(FILES).fill(1));
    expect(listed.outcome.results.every((r) => r.output !== null)).toBe(true);
    // Every list request asked for this processor's runs, most recently updated first.
    expect(listed.lists.length).toBeGreaterThan(0);
    for (const entry of listed.lists) {
      expect(entry.query).toMatchObject({ processorId: "dp_invoice_extractor", sortBy: "updatedAt" });
    }
    expect(listed.outcome.listPoller?.listRequests).toBe(listed.lists.length);
    // No other GET: list pages plus one read per run (creates are paced at 80/min, so the job lasts ~9 s).
    expect(listed.gets).toBe(listed.lists.length + FILES);
    console.info(
      `list polling: ${listed.gets} GETs for ${FILES} runs (${listed.lists.length} list requests)`,
    );
    expect(listed.limited).toBe(0);
    expect(listed.limits.counts.get.refused).toBe(0);

    await emu.admin.clearJournal();
    const perRun = await run({});
    expect(perRun.outcome.totals.processed).toBe(FILES);
    // Per-run polling reads every run several times while it processes.
    console.info(`per-run polling: ${perRun.gets} GETs for ${FILES} runs`);
    expect(perRun.gets).toBeGreaterThan(listed.gets * 2);
    expect(Math.min(...perRun.readsPerRun)).toBeGreaterThan(1);
  });

  it("falls back to per-run polling when the list is refused (a proxy that serves no lists)", async () => {
    let refused = 0;
    const refuseLists =
      (inner: FetchLike): FetchLike =>
      async (input, init) => {
        const request = new Request(input, init);
        if (request.method === "GET" && new URL(request.url).pathname === "/processor_runs") {
          refused++;
          return Response.json({ code: "FORBIDDEN", message: "lists are not allowed" }, { status: 403 });
        }
        return inner(request);
      };
    const result = await run({ listPolling: { intervalMs: 1000, maxPageSize: 1000 } }, refuseLists);
    expect(result.outcome.totals.processed).toBe(FILES);
    expect(refused).toBe(1);
    expect(result.outcome.listPoller?.fallbackReason).toBe("the run list answered 403");
    expect(result.lists).toEqual([]);
    expect(Math.min(...result.readsPerRun)).toBeGreaterThanOrEqual(1);
  });
});
