import type { SimClock } from "./clock.js";
import type { FaultSet } from "./faults.js";
import type { Journal } from "./journal.js";
import type { PlanLimiter } from "./limits/plan-limiter.js";
import type { ResolvedLimits } from "./limits/plans.js";
import type { ProcessorRegistry } from "./processors.js";
import type { RunEngine } from "./run-engine.js";
import type { EmulatorState } from "./state.js";
import type { UsageLedger } from "./usage-ledger.js";

/** The parts of one emulator instance that route handlers use. */
export interface EmulatorServices {
  clock: SimClock;
  state: EmulatorState;
  processors: ProcessorRegistry;
  engine: RunEngine;
  ledger: UsageLedger;
  faults: FaultSet;
  journal: Journal;
  /** Request buckets, files/min windows and answered/refused counters. */
  limiter: PlanLimiter;
  settings: {
    apiKeys: ReadonlySet<string>;
    syncTimeoutMs: number;
    maxFileBytes: number;
    /** Plan limits in force; `undefined` when limits are off. */
    limits: ResolvedLimits | undefined;
  };
  /** Drops runs, files, batch runs, journal, faults and usage. */
  reset(): void;
}
