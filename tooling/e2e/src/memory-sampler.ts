// Samples the resident memory of a set of processes once per interval, for "memory does not grow
// without bound" checks under load.
import { residentKiB } from "@extendkit/testing";
import { median } from "./stats.js";

/** A running sampler. */
export interface MemorySampler {
  /** Stops sampling and returns the samples in MiB (sum over the processes). */
  stop(): number[];
}

/** Starts sampling the summed VmRSS of the processes `pids()` returns, every `intervalMs`. */
export function sampleMemory(pids: () => number[], intervalMs = 1000): MemorySampler {
  const samples: number[] = [];
  const take = () => {
    const kib = pids().reduce((sum, pid) => sum + (residentKiB(pid) ?? 0), 0);
    if (kib > 0) samples.push(kib / 1024);
  };
  take();
  const timer = setInterval(take, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      take();
      return samples;
    },
  };
}

/** The bounded-growth rule and its figures. */
export interface GrowthVerdict {
  firstThirdMiB: number;
  lastThirdMiB: number;
  limitMiB: number;
  bounded: boolean;
}

/**
 * Memory is bounded when the median of the last third of the samples is at most `factor` × the median
 * of the first third plus `slackMiB` (the slack absorbs allocator and JIT warm-up on a small baseline).
 */
export function judgeGrowth(samples: readonly number[], factor = 1.5, slackMiB = 32): GrowthVerdict {
  const third = Math.max(1, Math.floor(samples.length / 3));
  const firstThirdMiB = median(samples.slice(0, third));
  const lastThirdMiB = median(samples.slice(-third));
  const limitMiB = factor * firstThirdMiB + slackMiB;
  return { firstThirdMiB, lastThirdMiB, limitMiB, bounded: lastThirdMiB <= limitMiB };
}
