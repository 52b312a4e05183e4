import type { BatchRecord, FileRecord, RunRecord } from "./records.js";
import { SortedIndex } from "./sorted-index.js";

/**
 * Everything `reset()` drops: runs (indexed by creation and by last update, for O(page) lists),
 * files, batch runs.
 */
export class EmulatorState {
  readonly runs = new Map<string, RunRecord>();
  readonly runsByCreated = new SortedIndex<RunRecord>();
  readonly runsByUpdated = new SortedIndex<RunRecord>();
  readonly files = new Map<string, FileRecord>();
  readonly filesByCreated = new SortedIndex<FileRecord>();
  readonly batches = new Map<string, BatchRecord>();
  private seq = 0;

  /** Next value of the single increasing sequence behind every index key. */
  nextSeq(): number {
    return ++this.seq;
  }

  addRun(run: RunRecord): void {
    this.runs.set(run.id, run);
    this.runsByCreated.add(run.seq, run);
    this.runsByUpdated.add(run.updSeq, run);
  }

  /** Marks a run updated at `now`, moving it to the end of the updatedAt order. */
  touchRun(run: RunRecord, now: number): void {
    run.updatedAt = now;
    if (!this.runs.has(run.id)) return;
    this.runsByUpdated.remove(run.updSeq);
    run.updSeq = this.nextSeq();
    this.runsByUpdated.add(run.updSeq, run);
  }

  deleteRun(run: RunRecord): void {
    this.runs.delete(run.id);
    this.runsByCreated.remove(run.seq);
    this.runsByUpdated.remove(run.updSeq);
  }

  addFile(file: FileRecord): void {
    this.files.set(file.id, file);
    this.filesByCreated.add(file.seq, file);
  }

  deleteFile(file: FileRecord): void {
    this.files.delete(file.id);
    this.filesByCreated.remove(file.seq);
  }

  clear(): void {
    this.runs.clear();
    this.runsByCreated.clear();
    this.runsByUpdated.clear();
    this.files.clear();
    this.filesByCreated.clear();
    this.batches.clear();
  }
}
