import type { LatencyOption } from "./options.js";
import type { Prng } from "./prng.js";

/** Draws the processing time of one run from the latency profile. */
export function sampleLatency(option: LatencyOption, prng: Prng, pageCount: number): number {
  if (option === "instant") return 0;
  if (option === "fast") return prng.between(500, 2000);
  if (option === "realistic") {
    // A few seconds for a short document, growing with pages, capped near 30 s.
    const base = prng.between(3000, 9000);
    const perPage = prng.between(600, 1500) * Math.max(0, pageCount - 1);
    return Math.min(30_000, base + perPage);
  }
  return prng.between(Math.min(option.minMs, option.maxMs), Math.max(option.minMs, option.maxMs));
}

/** Checks a latency option, returning a message for a bad one. */
export function latencyProblem(option: unknown): string | null {
  if (option === "instant" || option === "fast" || option === "realistic") return null;
  if (typeof option === "object" && option !== null) {
    const { minMs, maxMs } = option as Record<string, unknown>;
    if (typeof minMs === "number" && typeof maxMs === "number" && minMs >= 0 && maxMs >= 0) return null;
  }
  return 'latency must be "instant", "fast", "realistic" or { minMs, maxMs } with non-negative numbers';
}
