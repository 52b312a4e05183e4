/**
 * Serialises saves of a changing cassette and coalesces bursts: a save asked for while another is
 * writing waits for it, then one write covers every request made meanwhile. A caller that awaits
 * `request()` knows its change is durable, which is what lets the recorder answer a client only after
 * the run that client saw finish is on disk.
 */
export class SaveQueue {
  private running: Promise<void> = Promise.resolve();
  private next: Promise<void> | undefined;

  /** `write` must capture the state when it is called (synchronously) and persist it. */
  constructor(private readonly write: () => Promise<void>) {}

  /** Resolves once a save that started after this call has completed; rejects when that save fails. */
  request(): Promise<void> {
    if (this.next) return this.next;
    const next = this.running
      .catch(() => undefined)
      .then(() => {
        this.next = undefined;
        return this.write();
      });
    this.next = next;
    this.running = next;
    return next;
  }

  /** Resolves when no save is running or queued (errors are the requesters' to handle). */
  idle(): Promise<void> {
    return this.running.catch(() => undefined);
  }
}
