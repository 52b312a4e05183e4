import type { RequestState } from "../context.ts";
import { readUpstream, type UpstreamResult } from "../respond.ts";
import type { Upstream } from "../upstream.ts";

/** Longest a non-terminal run is served from the shared entry instead of a new upstream read. */
export const RUNNING_ENTRY_MS = 1_000;
/**
 * With webhooks, a long-poll may keep using a running run's entry this long: the delivery drops it when
 * the run ends, and the age limit only bounds the damage of a lost delivery (one read a minute per run).
 */
export const HELD_ENTRY_MS = 60_000;
/** How often a request joining another's upstream read looks for its answer, and for how long at most. */
const JOIN_CHECK_MS = 10;
const JOIN_LIMIT_MS = 30_000;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

interface Entry {
  result: UpstreamResult;
  until: number;
}

/**
 * Reads runs upstream for every tenant at once (ownership is checked by the caller, per request, on the
 * shared answer):
 * - concurrent reads of the same run share one upstream request;
 * - an answer is kept for at most RUNNING_ENTRY_MS, so a crowd polling a running run costs one upstream
 *   GET per run per second at most, whatever its size (a terminal answer is kept as briefly, so the
 *   clients a poll releases read it instead of asking again; the tenant-keyed run cache keeps it longer);
 * - news of a run's change (a webhook, a cancel, a delete) drops the entry at once, so a non-terminal
 *   entry is never served past the run's terminal state once the proxy has heard of it.
 */
export class RunReader {
  readonly #upstream: Upstream;
  readonly #now: () => number;
  readonly #entries = new Map<string, Entry>();
  readonly #inFlight = new Map<string, Promise<UpstreamResult>>();
  /** Upstream reads this reader actually sent (diagnostics and tests). */
  sent = 0;

  constructor(upstream: Upstream, now: () => number) {
    this.#upstream = upstream;
    this.#now = now;
  }

  /**
   * The run's upstream answer: shared entry, shared in-flight read, or a new read. `fresh` skips the entry;
   * `held` (long-polls while webhooks report every run's end) accepts an entry up to HELD_ENTRY_MS old.
   */
  async read(id: string, state: RequestState, fresh = false, held = false): Promise<UpstreamResult> {
    if (!fresh) {
      const entry = this.#entries.get(id);
      const limit = held ? HELD_ENTRY_MS - RUNNING_ENTRY_MS : 0;
      if (entry !== undefined && this.#now() < entry.until + limit) {
        state.upstreamStatus = entry.result.status;
        return entry.result;
      }
    }
    if (this.#inFlight.has(id)) {
      // Another request is reading this run: wait for its answer to land in the entry. It is watched
      // rather than awaited, as Workers refuse to settle one request's promise from another request.
      const since = this.#now();
      while (this.#inFlight.has(id) && this.#now() - since < JOIN_LIMIT_MS) await sleep(JOIN_CHECK_MS);
      const entry = this.#entries.get(id);
      if (entry !== undefined && this.#now() < entry.until) {
        state.upstreamStatus = entry.result.status;
        return entry.result;
      }
    }
    const pending = this.#send(id);
    this.#inFlight.set(id, pending);
    try {
      const result = await pending;
      state.upstreamStatus = result.status;
      return result;
    } finally {
      if (this.#inFlight.get(id) === pending) this.#inFlight.delete(id);
    }
  }

  /** Forgets what is known about a run whose state changed (webhook, cancel, delete). */
  forget(id: string): void {
    this.#entries.delete(id);
  }

  async #send(id: string): Promise<UpstreamResult> {
    this.sent++;
    const scratch: RequestState = { tenant: null, route: "", cache: null };
    const response = await this.#upstream.send({ method: "GET", path: `/processor_runs/${id}` });
    const result = await readUpstream(this.#upstream, response, scratch);
    const run = result.json?.["processorRun"];
    if ((result.ok && run !== undefined) || result.status === 404) {
      if (this.#entries.size > 10_000) this.#sweep();
      this.#entries.set(id, { result, until: this.#now() + RUNNING_ENTRY_MS });
    } else {
      this.#entries.delete(id);
    }
    return result;
  }

  #sweep(): void {
    const now = this.#now();
    for (const [id, entry] of this.#entries) if (now >= entry.until) this.#entries.delete(id);
  }
}
