/**
 * Per-key lanes for `orderBy`: while an entry of a key is held (running, or waiting for its
 * retry), later entries of that key wait here in arrival order — the stream's order, as one
 * consumer reads it. Entries without a key never wait.
 */
export class KeyLanes<T> {
  /** Keys held by an entry, with the entries waiting behind it. */
  private readonly lanes = new Map<string, T[]>();
  private waitingCount = 0;

  /** Entries waiting behind their key. */
  get waiting(): number {
    return this.waitingCount;
  }

  /** True when `item` may run now (its key is free, or it has none); else it waits its turn. */
  admit(key: string | undefined, item: T): boolean {
    if (key === undefined) return true;
    const lane = this.lanes.get(key);
    if (!lane) {
      this.lanes.set(key, []);
      return true;
    }
    lane.push(item);
    this.waitingCount++;
    return false;
  }

  /** The entry holding `key` is done: the next entry of the key, which now holds it, if any. */
  release(key: string | undefined): T | undefined {
    if (key === undefined) return undefined;
    const lane = this.lanes.get(key);
    if (!lane) return undefined;
    const next = lane.shift();
    if (next === undefined) this.lanes.delete(key);
    else this.waitingCount--;
    return next;
  }

  /** Forgets every lane. */
  clear(): void {
    this.lanes.clear();
    this.waitingCount = 0;
  }
}
