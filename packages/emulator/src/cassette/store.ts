// Where a recorder keeps its cassette. The recorder hands over the whole text after every completed
// run; a store must replace what it held atomically, so that a recorder killed at any moment leaves
// the previous complete cassette, never half of one.

/** A place to save cassette text. */
export interface CassetteStore {
  /** For messages: a path, or "memory". */
  readonly name: string;
  /** Replaces the saved cassette with `text`; resolves once it is durable. */
  save(text: string): Promise<void>;
}

/** A store in memory, for in-process use (tests, tools that keep the text themselves). */
export class MemoryCassetteStore implements CassetteStore {
  readonly name = "memory";
  /** The last saved text; "" before the first save. */
  text = "";
  /** How many saves completed. */
  saves = 0;

  async save(text: string): Promise<void> {
    this.text = text;
    this.saves++;
  }
}
