/**
 * Learns the states of all the engine's runs with one list request per poll instead of one GET per run:
 * `GET /processor_runs?processorId=…&sortBy=updatedAt&sortDir=desc&maxPageSize=…` lists the processor's
 * runs most recently changed first. A poll pages until every watched run has been seen, or it meets a
 * summary older than what the previous poll already saw (nothing below it changed since), or the list
 * ends. Only runs the list shows terminal are fetched (`GET /processor_runs/{id}`), to read their
 * outputs. Runs by other users of the same processor cost list entries, not requests.
 *
 * When the list cannot serve (a 400, 403 or 404 — a proxy that refuses lists — or repeated failures),
 * the poller falls back for good, and every waiter (current and later) polls its own run.
 */
import { isTerminalStatus, type ProcessorRun, type ProcessorRunSummary } from "@extendkit/core";
import type { EngineClient } from "./engine-client.js";

/** How the list is polled. */
export interface ListPollingPlan {
  /** Pause between the end of one poll and the start of the next. */
  intervalMs: number;
  /** Largest page asked for (Extend allows 1000). */
  maxPageSize: number;
}

/** Default: a poll every 2 s, pages of up to 1000 summaries. */
export const DEFAULT_LIST_POLLING: ListPollingPlan = { intervalMs: 2000, maxPageSize: 1000 };

/** Slack on the watermark: updates this close to the previous poll's newest are read again. */
const WATERMARK_SLACK_MS = 2000;
/** Consecutive failed polls (other than refusals) before falling back to per-run polling. */
const MAX_FAILED_POLLS = 3;
/** List refusals that mean "this endpoint will not serve lists here". */
const REFUSING_STATUSES = new Set([400, 403, 404, 405, 501]);

/** Waits for one run the per-run way (the fallback). */
export type PerRunWait = (id: string) => Promise<ProcessorRun>;

interface Waiter {
  resolve(run: ProcessorRun): void;
  reject(error: unknown): void;
  fallback: PerRunWait;
  signal: AbortSignal;
  /** Set once the list showed the run terminal and its GET is under way. */
  fetching: boolean;
  /** Whether any poll has listed the run yet (until then, polls page past the watermark to find it). */
  seen: boolean;
}

/** What the poller did, for the log and tests. */
export interface ListPollerStats {
  listRequests: number;
  runReads: number;
  /** Why the poller fell back to per-run polling, if it did. */
  fallbackReason: string | undefined;
}

/** The engine's shared run watcher. */
export interface ListPoller {
  /**
   * Resolves with the run once it is terminal. Rejects with the signal's reason when it aborts, or
   * with the error of the run's read. After a fallback, delegates to `fallback`.
   */
  wait(id: string, signal: AbortSignal, fallback: PerRunWait): Promise<ProcessorRun>;
  readonly stats: ListPollerStats;
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" ? status : undefined;
}

function timeOf(summary: ProcessorRunSummary): number {
  const t = Date.parse(summary.updatedAt);
  return Number.isNaN(t) ? Number.POSITIVE_INFINITY : t;
}

/** A poller over `client`'s run list for `processorId`. */
export function createListPoller(
  client: EngineClient,
  processorId: string,
  plan: ListPollingPlan = DEFAULT_LIST_POLLING,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): ListPoller {
  const waiters = new Map<string, Waiter>();
  const stats: ListPollerStats = { listRequests: 0, runReads: 0, fallbackReason: undefined };
  let watermark: number | undefined;
  let failures = 0;
  let looping = false;

  const fallBack = (reason: string) => {
    stats.fallbackReason = reason;
    for (const [id, waiter] of waiters) {
      waiters.delete(id);
      waiter.fallback(id).then(waiter.resolve, waiter.reject);
    }
  };

  const read = (id: string, waiter: Waiter) => {
    waiter.fetching = true;
    stats.runReads++;
    client.processorRuns.get(id, { signal: waiter.signal }).then(
      (run) => {
        waiters.delete(id);
        // The list and the run can disagree for a moment; a non-terminal read is polled again.
        if (isTerminalStatus(run.status)) waiter.resolve(run);
        else {
          waiter.fetching = false;
          waiters.set(id, waiter);
          if (!looping) void loop();
        }
      },
      (error) => {
        waiters.delete(id);
        waiter.reject(error);
      },
    );
  };

  /** One poll: pages until every watched run was seen, the watermark, or the end of the list. */
  const poll = async () => {
    const unseen = new Set([...waiters].filter(([, w]) => !w.fetching).map(([id]) => id));
    if (unseen.size === 0) return;
    // A run no poll has listed yet may sit below the watermark (it changed just before it was watched).
    const neverSeen = new Set([...unseen].filter((id) => !waiters.get(id)?.seen));
    let newest: number | undefined;
    let pageToken: string | undefined;
    for (;;) {
      stats.listRequests++;
      const page = await client.processorRuns.list({
        processorId,
        sortBy: "updatedAt",
        sortDir: "desc",
        maxPageSize: plan.maxPageSize,
        ...(pageToken ? { nextPageToken: pageToken } : {}),
      });
      let older = false;
      for (const summary of page.data) {
        const at = timeOf(summary);
        if (newest === undefined || at > newest) newest = at;
        if (watermark !== undefined && at < watermark && neverSeen.size === 0) {
          older = true;
          break;
        }
        neverSeen.delete(summary.id);
        if (!unseen.delete(summary.id)) continue;
        const waiter = waiters.get(summary.id);
        if (waiter) waiter.seen = true;
        if (waiter && !waiter.fetching && isTerminalStatus(summary.status)) read(summary.id, waiter);
      }
      pageToken = page.nextPageToken ?? undefined;
      if (older || unseen.size === 0 || !pageToken) break;
    }
    if (newest !== undefined) {
      const next = newest - WATERMARK_SLACK_MS;
      watermark = watermark === undefined ? next : Math.max(watermark, next);
    }
  };

  const loop = async () => {
    looping = true;
    try {
      while (waiters.size > 0 && stats.fallbackReason === undefined) {
        await sleep(plan.intervalMs);
        if (waiters.size === 0) break;
        try {
          await poll();
          failures = 0;
        } catch (error) {
          const status = statusOf(error);
          if (status !== undefined && REFUSING_STATUSES.has(status)) {
            fallBack(`the run list answered ${status}`);
          } else if (++failures >= MAX_FAILED_POLLS) {
            fallBack(`${failures} list requests in a row failed`);
          }
        }
      }
    } finally {
      looping = false;
    }
  };

  return {
    stats,
    wait(id, signal, fallback) {
      if (stats.fallbackReason !== undefined) return fallback(id);
      return new Promise<ProcessorRun>((resolve, reject) => {
        if (signal.aborted) {
          reject(signal.reason);
          return;
        }
        const onAbort = () => {
          waiters.delete(id);
          reject(signal.reason);
        };
        signal.addEventListener("abort", onAbort, { once: true });
        const done =
          <T>(settle: (value: T) => void) =>
          (value: T) => {
            signal.removeEventListener("abort", onAbort);
            settle(value);
          };
        waiters.set(id, {
          resolve: done(resolve),
          reject: done(reject),
          fallback,
          signal,
          fetching: false,
          seen: false,
        });
        if (!looping) void loop();
      });
    },
  };
}
