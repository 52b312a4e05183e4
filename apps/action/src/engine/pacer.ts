/**
 * Pacing under Extend's per-organisation limits: one schedule per request category (GET; WRITE =
 * upload, cancel, delete; RUN = create) at a safety margin of the plan's rate times the job's share,
 * and creates no faster than the files/min budget (runs over it would wait PENDING at Extend, and a
 * cancelled job would leave that queue behind). Requests are spaced evenly (a bucket of one), so no
 * second ever carries more than the paced rate plus one request.
 *
 * A 429 in a category halves that category's pace (multiplicative decrease, once per second at most, so
 * one burst of refusals counts once); the pace then recovers additively, a small step per second, back
 * to the full paced rate. The pause a 429's Retry-After asks for is the rate gate's (rate-gate.ts).
 */
import type { RateLimits } from "../inputs/rate-limits.js";

/** The three categories Extend limits separately. */
export type RequestCategory = "get" | "write" | "run";

/** Fraction of the plan's request rates the action aims at, leaving room for clock skew and other callers. */
export const SAFETY_MARGIN = 0.9;
/** Lowest fraction of the paced rate AIMD narrows to. */
const MIN_FACTOR = 1 / 16;
/** Additive recovery of the factor per second without a 429. */
const RECOVERY_PER_SECOND = 0.05;
/** Refusals closer together than this narrow the pace once. */
const DECREASE_SPACING_MS = 1000;

/** The category of a request, from its method and URL path (as Extend counts it). */
export function categoryOf(method: string, url: string): RequestCategory {
  const upper = method.toUpperCase();
  if (upper === "GET" || upper === "HEAD") return "get";
  const path = url.replace(/^[a-z]+:\/\/[^/]+/i, "").replace(/[?#].*$/, "");
  return /\/processor_runs\/?$/.test(path) ? "run" : "write";
}

interface Lane {
  /** Requests per second at factor 1. */
  rate: number;
  factor: number;
  /** When the factor last changed (recovery is computed from it lazily). */
  changedAt: number;
  lastDecreaseAt: number;
  /** Earliest time the next request of this lane may start. */
  nextAt: number;
}

/** Pacer state and counters. */
export interface Pacer {
  /** Milliseconds the request must wait before it is sent; reserves its slot. */
  reserve(category: RequestCategory, now: number): number;
  /** A 429 in `category`: narrow its pace. */
  narrow(category: RequestCategory, now: number): void;
  /** Current requests per second of a category (after share, margin and AIMD). */
  rate(category: RequestCategory, now: number): number;
  /** Runs created per minute at most (the files/min budget times the share). */
  readonly createsPerMinute: number;
  /** How many times a 429 narrowed a pace. */
  readonly decreases: number;
}

function newLane(rate: number): Lane {
  return { rate, factor: 1, changedAt: 0, lastDecreaseAt: Number.NEGATIVE_INFINITY, nextAt: 0 };
}

function factorAt(lane: Lane, now: number): number {
  const recovered = lane.factor + (RECOVERY_PER_SECOND * Math.max(0, now - lane.changedAt)) / 1000;
  return Math.min(1, recovered);
}

/** Takes the next slot of a lane at `intervalMs` spacing; returns the wait. */
function take(lane: { nextAt: number }, intervalMs: number, now: number): number {
  const at = Math.max(now, lane.nextAt);
  lane.nextAt = at + intervalMs;
  return at - now;
}

/** A pacer for `limits` (see the module comment). */
export function createPacer(limits: RateLimits, margin = SAFETY_MARGIN): Pacer {
  const paced = (rate: number) => rate * limits.share * margin;
  const lanes: Record<RequestCategory, Lane> = {
    get: newLane(paced(limits.get)),
    write: newLane(paced(limits.write)),
    run: newLane(paced(limits.run)),
  };
  // The files/min budget is Extend's queue, not a 429: pacing creates at the full budget loses no time
  // and leaves nothing PENDING behind.
  const createsPerMinute = limits.filesPerMinute * limits.share;
  const files = { nextAt: 0 };
  let decreases = 0;
  const rateOf = (category: RequestCategory, now: number) => {
    const lane = lanes[category];
    return lane.rate * factorAt(lane, now);
  };
  return {
    reserve(category, now) {
      const wait = take(lanes[category], 1000 / rateOf(category, now), now);
      if (category !== "run") return wait;
      // A create also needs a slot of the files/min budget, after its request slot.
      return wait + take(files, 60_000 / createsPerMinute, now + wait);
    },
    narrow(category, now) {
      const lane = lanes[category];
      if (now - lane.lastDecreaseAt < DECREASE_SPACING_MS) return;
      lane.factor = Math.max(MIN_FACTOR, factorAt(lane, now) / 2);
      lane.changedAt = now;
      lane.lastDecreaseAt = now;
      decreases++;
    },
    rate: rateOf,
    createsPerMinute,
    get decreases() {
      return decreases;
    },
  };
}
