interface Tally {
  runs: number;
  credits: number;
}

/** Runs and credits per `extend:usage_tags` tag: runs count on create, credits when a run is processed. */
export class UsageLedger {
  private tags = new Map<string, Tally>();
  private untagged: Tally = { runs: 0, credits: 0 };
  private total: Tally = { runs: 0, credits: 0 };

  recordRun(tags: readonly string[]): void {
    this.bump(tags, (tally) => {
      tally.runs++;
    });
  }

  recordCredits(tags: readonly string[], credits: number): void {
    this.bump(tags, (tally) => {
      tally.credits = round(tally.credits + credits);
    });
  }

  snapshot(): { tags: Record<string, Tally>; untagged: Tally; total: Tally } {
    const tags: Record<string, Tally> = {};
    for (const [tag, tally] of [...this.tags].sort(([a], [b]) => a.localeCompare(b)))
      tags[tag] = { ...tally };
    return { tags, untagged: { ...this.untagged }, total: { ...this.total } };
  }

  clear(): void {
    this.tags = new Map();
    this.untagged = { runs: 0, credits: 0 };
    this.total = { runs: 0, credits: 0 };
  }

  private bump(tags: readonly string[], apply: (tally: Tally) => void): void {
    apply(this.total);
    if (tags.length === 0) apply(this.untagged);
    for (const tag of new Set(tags)) {
      let tally = this.tags.get(tag);
      if (!tally) {
        tally = { runs: 0, credits: 0 };
        this.tags.set(tag, tally);
      }
      apply(tally);
    }
  }
}

// Credits are fractional (e.g. 3.5); keep sums free of float noise.
function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
