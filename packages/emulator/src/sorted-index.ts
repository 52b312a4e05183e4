/**
 * Items kept sorted by a unique, increasing numeric key (a sequence number). Lists read a page by
 * binary-searching the cursor key and walking from there, so a page costs O(log n + page) instead of
 * a scan or sort of every item — the list benchmark depends on this.
 */
export class SortedIndex<T> {
  private readonly keys: number[] = [];
  private readonly items: T[] = [];

  get size(): number {
    return this.items.length;
  }

  /** Adds an item; keys normally arrive in increasing order (O(1)), otherwise it is inserted in place. */
  add(key: number, item: T): void {
    const last = this.keys[this.keys.length - 1];
    if (last === undefined || key > last) {
      this.keys.push(key);
      this.items.push(item);
      return;
    }
    const at = this.lowerBound(key);
    this.keys.splice(at, 0, key);
    this.items.splice(at, 0, item);
  }

  /** Removes the item with this key, if present. */
  remove(key: number): void {
    const at = this.lowerBound(key);
    if (this.keys[at] === key) {
      this.keys.splice(at, 1);
      this.items.splice(at, 1);
    }
  }

  /** Drops every item. */
  clear(): void {
    this.keys.length = 0;
    this.items.length = 0;
  }

  /**
   * Walks items strictly after `afterKey` in the given direction (from the start when absent), calling
   * `visit` until it returns false.
   */
  walk(
    direction: "asc" | "desc",
    afterKey: number | undefined,
    visit: (item: T, key: number) => boolean,
  ): void {
    if (direction === "asc") {
      let i = afterKey === undefined ? 0 : this.upperBound(afterKey);
      for (; i < this.items.length; i++) if (!visit(this.items[i]!, this.keys[i]!)) return;
    } else {
      let i = afterKey === undefined ? this.items.length - 1 : this.lowerBound(afterKey) - 1;
      for (; i >= 0; i--) if (!visit(this.items[i]!, this.keys[i]!)) return;
    }
  }

  /** First position whose key is >= key. */
  private lowerBound(key: number): number {
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.keys[mid]! < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** First position whose key is > key. */
  private upperBound(key: number): number {
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.keys[mid]! <= key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
