import type { EmulatorClock } from "./options.js";

/** A cancellable timer handle of the {@link SimClock}. */
export interface TimerHandle {
  cancel(): void;
}

interface VirtualTimer {
  due: number;
  seq: number;
  fn: () => unknown;
  cancelled: boolean;
}

/**
 * The emulator clock. Real mode wraps Date.now/setTimeout; virtual mode keeps its own time and a
 * timer list that only `advance(ms)` fires, in due order, awaiting each callback so that work a
 * timer starts (status changes, queue pumping) settles before the next one runs.
 */
export class SimClock implements EmulatorClock {
  readonly virtual: boolean;
  private current: number;
  private lastReal = 0;
  private readonly timers: VirtualTimer[] = [];
  private readonly realTimers = new Set<ReturnType<typeof setTimeout>>();
  private seq = 0;

  constructor(mode: "real" | "virtual") {
    this.virtual = mode === "virtual";
    this.current = Date.now();
  }

  now(): number {
    if (this.virtual) return this.current;
    // Monotonic even if the wall clock steps back, so sort orders never invert.
    this.lastReal = Math.max(this.lastReal, Date.now());
    return this.lastReal;
  }

  /** Runs `fn` after `ms` of emulator time. */
  setTimer(ms: number, fn: () => unknown): TimerHandle {
    const delay = Math.max(0, ms);
    if (!this.virtual) {
      const handle = setTimeout(() => {
        this.realTimers.delete(handle);
        Promise.resolve().then(fn).catch(reportTimerError);
      }, delay);
      this.realTimers.add(handle);
      return {
        cancel: () => {
          clearTimeout(handle);
          this.realTimers.delete(handle);
        },
      };
    }
    const timer: VirtualTimer = { due: this.current + delay, seq: this.seq++, fn, cancelled: false };
    this.insert(timer);
    return {
      cancel: () => {
        timer.cancelled = true;
      },
    };
  }

  async advance(ms: number): Promise<void> {
    if (!this.virtual) throw new Error('clock.advance() needs the virtual clock (clock: "virtual")');
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError("clock.advance(ms) needs a finite ms >= 0");
    const target = this.current + ms;
    await settle();
    for (;;) {
      const next = this.timers[0];
      if (!next || next.due > target) break;
      this.timers.shift();
      if (next.cancelled) continue;
      this.current = Math.max(this.current, next.due);
      await next.fn();
      await settle();
    }
    this.current = target;
  }

  /** Cancels every pending timer (used by close()). */
  clear(): void {
    for (const timer of this.timers) timer.cancelled = true;
    this.timers.length = 0;
    for (const handle of this.realTimers) clearTimeout(handle);
    this.realTimers.clear();
  }

  private insert(timer: VirtualTimer): void {
    let lo = 0;
    let hi = this.timers.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const other = this.timers[mid]!;
      if (other.due < timer.due || (other.due === timer.due && other.seq < timer.seq)) lo = mid + 1;
      else hi = mid;
    }
    this.timers.splice(lo, 0, timer);
  }
}

// A timer callback must never take the process down; surface the bug instead.
function reportTimerError(error: unknown): void {
  console.error("extendkit-emulator: timer callback failed", error);
}

/** Lets promise chains started by a timer run before the next timer fires. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}
