const MIN_CAPACITY = 8;

/**
 * A double-ended queue on a growable ring buffer: push and pop at either end in amortised O(1),
 * indexed reads in O(1). The capacity is a power of two so wrapping is a mask, and it halves when
 * the deque falls to a quarter full, so a drained queue does not keep its peak memory.
 */
export class Deque<T> {
  private buffer: (T | undefined)[];
  private head = 0;
  private size = 0;

  constructor(items: Iterable<T> = []) {
    this.buffer = new Array<T | undefined>(MIN_CAPACITY).fill(undefined);
    for (const item of items) this.pushBack(item);
  }

  /** Number of elements. */
  get length(): number {
    return this.size;
  }

  /** Adds `item` after the last element. */
  pushBack(item: T): void {
    if (this.size === this.buffer.length) this.resize(this.buffer.length * 2);
    this.buffer[(this.head + this.size) & (this.buffer.length - 1)] = item;
    this.size++;
  }

  /** Adds `item` before the first element. */
  pushFront(item: T): void {
    if (this.size === this.buffer.length) this.resize(this.buffer.length * 2);
    this.head = (this.head - 1) & (this.buffer.length - 1);
    this.buffer[this.head] = item;
    this.size++;
  }

  /** Removes and returns the first element; undefined when empty. */
  popFront(): T | undefined {
    if (this.size === 0) return undefined;
    const item = this.buffer[this.head];
    this.buffer[this.head] = undefined; // release the reference
    this.head = (this.head + 1) & (this.buffer.length - 1);
    this.size--;
    this.shrinkIfSparse();
    return item;
  }

  /** Removes and returns the last element; undefined when empty. */
  popBack(): T | undefined {
    if (this.size === 0) return undefined;
    const index = (this.head + this.size - 1) & (this.buffer.length - 1);
    const item = this.buffer[index];
    this.buffer[index] = undefined;
    this.size--;
    this.shrinkIfSparse();
    return item;
  }

  /** The element at `index` (0 = first); undefined when out of range. */
  at(index: number): T | undefined {
    if (index < 0 || index >= this.size) return undefined;
    return this.buffer[(this.head + index) & (this.buffer.length - 1)];
  }

  /** Elements `from` (inclusive) to `to` (exclusive), both already within `0..length`. */
  slice(from: number, to: number): T[] {
    const out: T[] = [];
    for (let i = from; i < to; i++)
      out.push(this.buffer[(this.head + i) & (this.buffer.length - 1)] as T);
    return out;
  }

  /**
   * Removes up to `limit` elements matching `match` (0 = no limit), scanning from the front, or
   * from the back when `fromBack`. Returns how many were removed. O(length), as LREM is in Redis.
   */
  removeWhere(match: (item: T) => boolean, limit: number, fromBack: boolean): number {
    const kept: T[] = [];
    let removed = 0;
    const n = this.size;
    for (let step = 0; step < n; step++) {
      const item = this.at(fromBack ? n - 1 - step : step) as T;
      if ((limit === 0 || removed < limit) && match(item)) removed++;
      else kept.push(item);
    }
    if (removed === 0) return 0;
    if (fromBack) kept.reverse();
    this.reset(kept);
    return removed;
  }

  /** All elements, first to last. */
  toArray(): T[] {
    return this.slice(0, this.size);
  }

  private reset(items: T[]): void {
    let capacity = MIN_CAPACITY;
    while (capacity < items.length) capacity *= 2;
    this.copyInto(items, capacity);
  }

  private shrinkIfSparse(): void {
    if (this.buffer.length > MIN_CAPACITY && this.size <= this.buffer.length / 4) {
      this.copyInto(this.toArray(), this.buffer.length / 2);
    }
  }

  private resize(capacity: number): void {
    this.copyInto(this.toArray(), capacity);
  }

  /** Lays `items` out from index 0 of a fresh buffer of `capacity` (a power of two ≥ items). */
  private copyInto(items: T[], capacity: number): void {
    const buffer = new Array<T | undefined>(capacity).fill(undefined);
    for (let i = 0; i < items.length; i++) buffer[i] = items[i];
    this.buffer = buffer;
    this.head = 0;
    this.size = items.length;
  }
}
