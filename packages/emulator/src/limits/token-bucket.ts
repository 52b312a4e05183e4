/**
 * A token bucket on the emulator clock: `capacity` tokens, refilled continuously at `perSecond`.
 * Refill is computed lazily on each take, so an idle bucket costs nothing and a virtual clock that
 * does not move refills nothing.
 */
export class TokenBucket {
  private tokens: number;
  private at: number;

  constructor(
    readonly capacity: number,
    readonly perSecond: number,
    now: number,
  ) {
    this.tokens = capacity;
    this.at = now;
  }

  /** Takes one token: 0 when taken, otherwise the milliseconds until one will be available. */
  take(now: number): number {
    this.refill(now);
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil(((1 - this.tokens) * 1000) / this.perSecond));
  }

  /** Tokens available at `now` (for the admin view; does not take any). */
  available(now: number): number {
    this.refill(now);
    return this.tokens;
  }

  /** Back to a full bucket. */
  fill(now: number): void {
    this.tokens = this.capacity;
    this.at = now;
  }

  private refill(now: number): void {
    const elapsed = now - this.at;
    if (elapsed <= 0) return;
    this.tokens = Math.min(this.capacity, this.tokens + (elapsed * this.perSecond) / 1000);
    this.at = now;
  }
}
