import { type CassetteMode, setUpCassette } from "./cassette/setup.js";
import { SimClock } from "./clock.js";
import { preflightResponse, withCors } from "./cors.js";
import { FaultSet } from "./faults.js";
import { Journal } from "./journal.js";
import { latencyProblem } from "./latency.js";
import { PlanLimiter } from "./limits/plan-limiter.js";
import { DEFAULT_LIMITS, resolveLimits } from "./limits/plans.js";
import { DEFAULT_API_KEY, type Emulator, type EmulatorOptions } from "./options.js";
import { Prng } from "./prng.js";
import { ProcessorRegistry } from "./processors.js";
import { handleRequest } from "./request-pipeline.js";
import { Router } from "./router.js";
import { adminRoutes } from "./routes/admin.js";
import { batchProcessorRunRoutes } from "./routes/batch-processor-runs.js";
import { fileRoutes } from "./routes/files.js";
import { limitsAdminRoutes } from "./routes/limits-admin.js";
import { processorRunRoutes } from "./routes/processor-runs.js";
import { RunEngine, type ThroughputGate } from "./run-engine.js";
import { runJson } from "./serialize.js";
import type { EmulatorServices } from "./services.js";
import { EmulatorState } from "./state.js";
import { UsageLedger } from "./usage-ledger.js";
import { WebhookSender } from "./webhooks.js";

const servicesOf = new WeakMap<Emulator, EmulatorServices>();

/** Creates an emulator: the whole Extend API (2025-04-21) and the admin API as one fetch handler. */
export function createEmulator(options: EmulatorOptions = {}): Emulator {
  checkOptions(options);
  // Validated here so a bad configuration fails at creation; `undefined` means limits are off.
  // Record mode forwards the upstream's own limits (setUpCassette refuses explicit ones).
  const limits = resolveLimits(options.record ? "off" : (options.limits ?? DEFAULT_LIMITS));
  const seed = options.seed ?? 1;
  const clock = new SimClock(options.clock ?? "real");
  const state = new EmulatorState();
  const ledger = new UsageLedger();
  const journal = new Journal();
  const timingPrng = new Prng(seed);
  const faultPrng = new Prng(seed ^ 0x5bd1e995);
  const faults = new FaultSet(faultPrng);
  const apiKeys = options.apiKeys ?? [DEFAULT_API_KEY];
  const limiter = new PlanLimiter(limits, apiKeys, clock.now());
  const webhook = options.webhook ? new WebhookSender(options.webhook) : undefined;
  // The origin is only known per request; webhooks carry the last one seen (presigned URLs in payloads).
  let lastOrigin = "http://127.0.0.1";
  const engine = new RunEngine({
    clock,
    state,
    prng: timingPrng,
    ledger,
    latency: options.latency ?? "fast",
    slots: options.processingSlots ?? 16,
    // In reject mode the budget is spent at create time instead, so runs never wait for it.
    ...(limits?.throughput === "queue"
      ? {
          throughput: {
            admit: (run, now) => !run.quota || run.quota.files.tryRecord(now),
            nextFreeAt: (run, now) => (run.quota ? run.quota.files.nextFreeAt(now) : now),
          } satisfies ThroughputGate,
        }
      : {}),
    onFinished: (run) => {
      webhook?.send(
        run.status === "PROCESSED" ? "processor_run.processed" : "processor_run.failed",
        runJson(run, lastOrigin),
      );
    },
  });
  let cassette: CassetteMode | undefined;
  const services: EmulatorServices = {
    clock,
    state,
    processors: new ProcessorRegistry(options.processors ?? []),
    engine,
    ledger,
    faults,
    journal,
    limiter,
    settings: {
      apiKeys: new Set(apiKeys),
      syncTimeoutMs: options.syncTimeoutMs ?? 300_000,
      maxFileBytes: options.maxFileBytes ?? 100 * 1024 * 1024,
      limits,
    },
    reset() {
      engine.releaseAll();
      clock.clear();
      state.clear();
      journal.clear();
      faults.clear();
      ledger.clear();
      limiter.reset(clock.now());
      timingPrng.restart();
      faultPrng.restart();
      cassette?.reset();
    },
  };
  if (options.faults) faults.add(options.faults);
  const router = new Router();
  adminRoutes(router, services);
  limitsAdminRoutes(router, services);
  // Before the API routes: the recorder's forwarding and the player's create take precedence.
  cassette = setUpCassette(options, services, router);
  processorRunRoutes(router, services);
  batchProcessorRunRoutes(router, services);
  fileRoutes(router, services);
  let closed = false;

  const emulator: Emulator = {
    clock: {
      virtual: clock.virtual,
      now: () => clock.now(),
      advance: (ms) => clock.advance(ms),
    },
    async fetch(input: Request | string | URL, init?: RequestInit): Promise<Response> {
      const request = input instanceof Request && init === undefined ? input : new Request(input, init);
      lastOrigin = new URL(request.url).origin;
      if (!options.cors) return handleRequest(request, router, services, () => closed);
      if (request.method === "OPTIONS") return preflightResponse(request);
      return withCors(request, await handleRequest(request, router, services, () => closed));
    },
    reset: () => services.reset(),
    async close() {
      closed = true;
      webhook?.close();
      engine.releaseAll();
      clock.clear();
    },
  };
  servicesOf.set(emulator, services);
  return emulator;
}

/** Internal services of an emulator created by {@link createEmulator} (seeding, benchmarks). */
export function emulatorServices(emulator: Emulator): EmulatorServices {
  const services = servicesOf.get(emulator);
  if (!services) throw new TypeError("not an emulator created by createEmulator()");
  return services;
}

function checkOptions(options: EmulatorOptions): void {
  const problem = options.latency === undefined ? null : latencyProblem(options.latency);
  if (problem) throw new TypeError(problem);
  const positive = (name: string, value: number | undefined, min: number) => {
    if (value !== undefined && (!Number.isFinite(value) || value < min)) {
      throw new TypeError(`${name} must be a number >= ${min}`);
    }
  };
  positive("syncTimeoutMs", options.syncTimeoutMs, 0);
  positive("maxFileBytes", options.maxFileBytes, 1);
  positive("processingSlots", options.processingSlots, 1);
  if (options.apiKeys !== undefined && (options.apiKeys.length === 0 || options.apiKeys.some((k) => !k))) {
    throw new TypeError("apiKeys must be a non-empty array of non-empty strings");
  }
  if (options.clock !== undefined && options.clock !== "real" && options.clock !== "virtual") {
    throw new TypeError('clock must be "real" or "virtual"');
  }
  if (options.webhook && !options.webhook.secret) throw new TypeError("webhook.secret is required");
}
