/** Length of the throughput window: Extend's budget is in files per minute. */
export const FILES_WINDOW_MS = 60_000;

/**
 * A rolling one-minute window of run starts: at most `limit` starts in any 60 s of emulator time.
 * Start times are kept in order, so expiring old ones is a walk from the front.
 */
export class FilesWindow {
  private starts: number[] = [];
  private head = 0;

  constructor(readonly limit: number) {}

  /** Starts counted in the window ending at `now`. */
  used(now: number): number {
    this.expire(now);
    return this.starts.length - this.head;
  }

  /** Records a start at `now` when the budget allows one; false when it is spent. */
  tryRecord(now: number): boolean {
    if (this.used(now) >= this.limit) return false;
    this.starts.push(now);
    return true;
  }

  /** Records a start at `now` whatever the budget (after a check made before an await). */
  record(now: number): void {
    this.starts.push(now);
  }

  /** When the next start fits (now if one fits already). */
  nextFreeAt(now: number): number {
    if (this.used(now) < this.limit) return now;
    return this.starts[this.head]! + FILES_WINDOW_MS;
  }

  clear(): void {
    this.starts = [];
    this.head = 0;
  }

  private expire(now: number): void {
    const cutoff = now - FILES_WINDOW_MS;
    while (this.head < this.starts.length && this.starts[this.head]! <= cutoff) this.head++;
    // Compact now and then so a long-lived window does not keep every start ever made.
    if (this.head > 1024 && this.head * 2 > this.starts.length) {
      this.starts = this.starts.slice(this.head);
      this.head = 0;
    }
  }
}
