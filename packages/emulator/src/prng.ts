/** A small seeded PRNG (mulberry32): deterministic timings and fault draws for a given seed. */
export class Prng {
  private state: number;

  constructor(private readonly seed: number) {
    this.state = seed >>> 0;
  }

  /** Starts the sequence over (reset() makes timings independent of earlier tests). */
  restart(): void {
    this.state = this.seed >>> 0;
  }

  /** Uniform float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform integer in [min, max]. */
  between(min: number, max: number): number {
    return Math.floor(min + this.next() * (max - min + 1));
  }
}
