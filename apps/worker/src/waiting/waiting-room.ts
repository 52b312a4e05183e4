import { isTerminalRun } from "../cache.ts";
import type { RequestState } from "../context.ts";
import type { RunReader } from "./run-reader.ts";

/** Where clients wait for runs to finish; one per proxy handler (per isolate or process). */
export interface WaitingRoom {
  /**
   * Waits until the run is released (it finished, or is gone) or `until` (epoch ms) passes. Resolves
   * true when released. Without webhooks, the room polls the upstream meanwhile (one read per run per
   * poll interval, whoever is waiting); with webhooks it only listens.
   */
  wait(id: string, until: number): Promise<boolean>;
  /** Releases every client waiting on a run (a webhook said it finished, or a read found it terminal). */
  release(id: string): void;
}

/** How the room learns that a run finished. */
export interface WaitingRoomOptions {
  reader: RunReader;
  /** False when webhooks release the waiters: then the room never polls the upstream. */
  poll: boolean;
  /** Milliseconds between upstream reads of one run, given how many runs are being polled now. */
  pollIntervalMs: (runsPolled: number) => number;
  now: () => number;
}

/** How often a waiting request looks whether it was released (see LocalWaitingRoom). */
export const RELEASE_CHECK_MS = 50;

interface Waiter {
  released: boolean;
}

interface Room {
  waiters: Set<Waiter>;
  /** When the next upstream read of this run is due (shared by every waiter of the run). */
  nextPollAt: number;
}

/**
 * The in-process waiting room. Every waiting request runs its own small loop, so no poller outlives the
 * request that started it (Workers cancel a finished request's timers); but the run's `nextPollAt` is
 * shared, so only one of them reads the upstream per interval, and that read is itself coalesced by the
 * RunReader. A release only flips a flag that each waiter checks every RELEASE_CHECK_MS: Workers refuse
 * to settle one request's promise from another request's handler, but plain shared data is fine.
 */
export class LocalWaitingRoom implements WaitingRoom {
  readonly #options: WaitingRoomOptions;
  readonly #rooms = new Map<string, Room>();

  constructor(options: WaitingRoomOptions) {
    this.#options = options;
  }

  /** Runs with at least one waiter (diagnostics and tests). */
  get runsWaitedOn(): number {
    return this.#rooms.size;
  }

  async wait(id: string, until: number): Promise<boolean> {
    const { now, poll } = this.#options;
    let room = this.#rooms.get(id);
    if (room === undefined) {
      // The caller has just read the run, so the first poll is one interval away.
      room = { waiters: new Set(), nextPollAt: now() + this.#interval(1) };
      this.#rooms.set(id, room);
    }
    const waiter: Waiter = { released: false };
    room.waiters.add(waiter);
    try {
      while (!waiter.released && now() < until) {
        const wakeAt = poll ? Math.min(until, room.nextPollAt) : until;
        await sleep(Math.max(0, Math.min(RELEASE_CHECK_MS, wakeAt - now())));
        if (waiter.released || now() >= until) break;
        if (poll && now() >= room.nextPollAt) await this.#poll(id, room);
      }
      return waiter.released;
    } finally {
      room.waiters.delete(waiter);
      if (room.waiters.size === 0 && this.#rooms.get(id) === room) this.#rooms.delete(id);
    }
  }

  release(id: string): void {
    const room = this.#rooms.get(id);
    if (room === undefined) return;
    for (const waiter of room.waiters) waiter.released = true;
  }

  async #poll(id: string, room: Room): Promise<void> {
    room.nextPollAt = this.#options.now() + this.#interval(this.#rooms.size);
    const scratch: RequestState = { tenant: null, route: "", cache: null };
    try {
      const result = await this.#options.reader.read(id, scratch);
      if (result.status === 404 || isTerminalRun(result.json?.["processorRun"])) this.release(id);
    } catch {
      // A refused or failed poll (governor 429, upstream down) is retried at the next interval.
    }
  }

  #interval(runsPolled: number): number {
    return this.#options.pollIntervalMs(Math.max(1, runsPolled));
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
