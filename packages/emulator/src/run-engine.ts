import { applyReplayOutcome } from "./cassette/replay-outcome.js";
import type { SimClock } from "./clock.js";
import { sampleLatency } from "./latency.js";
import type { LatencyOption } from "./options.js";
import type { Prng } from "./prng.js";
import { runProcessor } from "./processing/index.js";
import type { RunRecord, RunStatus } from "./records.js";
import type { EmulatorState } from "./state.js";
import type { UsageLedger } from "./usage-ledger.js";

const TERMINAL: ReadonlySet<RunStatus> = new Set(["PROCESSED", "FAILED", "CANCELLED"]);

/** True for PROCESSED, FAILED and CANCELLED. */
export function isTerminal(status: RunStatus): boolean {
  return TERMINAL.has(status);
}

/** What the engine needs from the emulator around it. */
export interface RunEngineDeps {
  clock: SimClock;
  state: EmulatorState;
  prng: Prng;
  ledger: UsageLedger;
  latency: LatencyOption;
  slots: number;
  /** Called once when a run ends PROCESSED or FAILED (webhooks). */
  onFinished(run: RunRecord): void;
  /**
   * The files/min budget, when runs beyond it wait PENDING: `admit` records a start when the run's
   * budget allows one, `nextFreeAt` says when it will.
   */
  throughput?: ThroughputGate;
}

/** A run-start budget (Extend's files/min processor throughput). */
export interface ThroughputGate {
  /** Records a start and returns true when the budget allows this run to start now. */
  admit(run: RunRecord, now: number): boolean;
  /** Emulator time at which this run's budget allows a start. */
  nextFreeAt(run: RunRecord, now: number): number;
}

/**
 * The run lifecycle: PENDING → PROCESSING → PROCESSED/FAILED (or CANCELLED), timed on the emulator
 * clock. A bounded number of slots process at once, and with a throughput gate only as many start as
 * the files/min budget allows; the rest wait PENDING, lower `priority` first and FIFO within a priority.
 */
export class RunEngine {
  private readonly active = new Set<string>();
  private queue: RunRecord[] = [];
  private readonly waiters = new Map<string, Set<() => void>>();
  /** The pending wake-up for runs held back by the throughput budget, and when it fires. */
  private wake: { at: number; cancel(): void } | undefined;

  constructor(private readonly deps: RunEngineDeps) {}

  /** Starts a new run, or queues it PENDING when every slot is busy. */
  submit(run: RunRecord): void {
    this.deps.ledger.recordRun(run.usageTags);
    const gate = this.deps.throughput;
    const free = this.active.size < this.deps.slots;
    if (free && this.queue.length === 0 && (!gate || gate.admit(run, this.deps.clock.now()))) this.start(run);
    else {
      this.enqueue(run);
      if (gate) this.pump();
    }
  }

  /** Runs waiting PENDING for which `include` holds (admin view of the throughput budget). */
  countQueued(include: (run: RunRecord) => boolean): number {
    let count = 0;
    for (const run of this.queue) if (include(run)) count++;
    return count;
  }

  /**
   * Starts queued runs in order while slots are free and their budget allows, skipping runs whose
   * budget is spent (another API key's runs may still start); wakes up when the earliest budget frees.
   */
  pump(): void {
    const gate = this.deps.throughput;
    if (!gate) return;
    const now = this.deps.clock.now();
    let earliest = Number.POSITIVE_INFINITY;
    for (let i = 0; i < this.queue.length && this.active.size < this.deps.slots; ) {
      const run = this.queue[i]!;
      if (gate.admit(run, now)) {
        this.queue.splice(i, 1);
        this.start(run);
      } else {
        earliest = Math.min(earliest, gate.nextFreeAt(run, now));
        i++;
      }
    }
    if (earliest === Number.POSITIVE_INFINITY || (this.wake && this.wake.at <= earliest)) return;
    this.wake?.cancel();
    const timer = this.deps.clock.setTimer(earliest - now, () => {
      this.wake = undefined;
      this.pump();
    });
    this.wake = { at: earliest, cancel: () => timer.cancel() };
  }

  /** PROCESSING → CANCELLED. Returns false when the run is not PROCESSING. */
  cancel(run: RunRecord): boolean {
    if (run.status !== "PROCESSING") return false;
    this.finish(run, "CANCELLED");
    return true;
  }

  /** Forgets a run that is being deleted, freeing its slot or queue place. */
  forget(run: RunRecord): void {
    run.timer?.cancel();
    this.queue = this.queue.filter((queued) => queued !== run);
    this.release(run);
    this.notify(run);
  }

  /** Resolves when the run is terminal (or deleted), or after `timeoutMs` of emulator time. */
  waitForTerminal(run: RunRecord, timeoutMs: number): Promise<void> {
    if (isTerminal(run.status)) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = this.deps.clock.setTimer(timeoutMs, done);
      let set = this.waiters.get(run.id);
      if (!set) {
        set = new Set();
        this.waiters.set(run.id, set);
      }
      const waiters = set;
      function done() {
        timer.cancel();
        waiters.delete(done);
        resolve();
      }
      waiters.add(done);
    });
  }

  /** Releases every waiter (close/reset). */
  releaseAll(): void {
    for (const set of this.waiters.values()) for (const done of [...set]) done();
    this.waiters.clear();
    this.active.clear();
    this.queue = [];
    this.wake?.cancel();
    this.wake = undefined;
  }

  private enqueue(run: RunRecord): void {
    let lo = 0;
    let hi = this.queue.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const other = this.queue[mid]!;
      if (other.priority < run.priority || (other.priority === run.priority && other.seq < run.seq))
        lo = mid + 1;
      else hi = mid;
    }
    this.queue.splice(lo, 0, run);
  }

  private start(run: RunRecord): void {
    const { clock, state } = this.deps;
    const now = clock.now();
    run.status = "PROCESSING";
    run.startedAt = now;
    state.touchRun(run, now);
    // A stuck run would otherwise hold a slot forever and starve the queue of a shared emulator.
    if (run.triggers.stuck) return;
    this.active.add(run.id);
    const pages = run.input.ok ? run.input.pages.length : 1;
    const latency = sampleLatency(this.deps.latency, this.deps.prng, pages) * (run.triggers.slow ? 10 : 1);
    run.timer = clock.setTimer(latency, () => this.complete(run));
  }

  private complete(run: RunRecord): void {
    if (run.status !== "PROCESSING" || !this.deps.state.runs.has(run.id)) return;
    if (run.replay) {
      // A replayed run ends as its recording did (cassette/player.ts).
      const status = applyReplayOutcome(run, run.replay);
      if (run.credits > 0) this.deps.ledger.recordCredits(run.usageTags, run.credits);
      this.finish(run, status);
      return;
    }
    if (!run.input.ok) {
      run.failureReason = run.input.reason;
      run.failureMessage = run.input.message;
      this.finish(run, "FAILED");
      return;
    }
    if (run.triggers.fail) {
      run.failureReason = "PROCESSING_ERROR";
      run.failureMessage = "The input contains the test trigger extendkit-fail, so this run failed.";
      this.finish(run, "FAILED");
      return;
    }
    let result: ReturnType<typeof runProcessor>;
    try {
      result = runProcessor({
        type: run.type,
        config: run.config,
        pages: run.input.pages,
        ...(run.file ? { fileId: run.file.id } : {}),
        ...(run.fileName !== null ? { fileName: run.fileName } : {}),
      });
    } catch (error) {
      // A processing bug must end the run, not leave it PROCESSING with its slot held.
      console.error("extendkit-emulator: processing failed", error);
      result = {
        ok: false,
        failureReason: "INTERNAL_ERROR",
        failureMessage: "The emulator failed to process this input",
      };
    }
    if (!result.ok) {
      run.failureReason = result.failureReason;
      run.failureMessage = result.failureMessage;
      this.finish(run, "FAILED");
      return;
    }
    run.output = result.output;
    run.initialOutput = result.output;
    run.credits = result.credits;
    this.deps.ledger.recordCredits(run.usageTags, result.credits);
    this.finish(run, "PROCESSED");
  }

  private finish(run: RunRecord, status: RunStatus): void {
    const now = this.deps.clock.now();
    run.timer?.cancel();
    delete run.timer;
    run.status = status;
    run.finishedAt = now;
    this.deps.state.touchRun(run, now);
    this.release(run);
    this.notify(run);
    if (status === "PROCESSED" || status === "FAILED") this.deps.onFinished(run);
  }

  private release(run: RunRecord): void {
    if (!this.active.delete(run.id)) return;
    if (this.deps.throughput) {
      this.pump();
      return;
    }
    while (this.active.size < this.deps.slots) {
      const next = this.queue.shift();
      if (!next) break;
      this.start(next);
    }
  }

  private notify(run: RunRecord): void {
    const set = this.waiters.get(run.id);
    if (!set) return;
    this.waiters.delete(run.id);
    for (const done of [...set]) done();
  }
}
