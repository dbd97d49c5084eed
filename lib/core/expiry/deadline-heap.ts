/** A key and the time it is due. */
export interface Deadline {
  readonly due: number;
  readonly key: string;
}

/** A binary min-heap of deadlines: push and pop O(log n), the earliest one in O(1). */
export class DeadlineHeap {
  private items: Deadline[] = [];

  get size(): number {
    return this.items.length;
  }

  /** The earliest deadline; undefined when empty. */
  peek(): Deadline | undefined {
    return this.items[0];
  }

  push(item: Deadline): void {
    this.items.push(item);
    this.siftUp(this.items.length - 1);
  }

  /** Removes and returns the earliest deadline. */
  pop(): Deadline | undefined {
    const top = this.items[0];
    const last = this.items.pop();
    if (this.items.length > 0 && last) {
      this.items[0] = last;
      this.siftDown(0);
    }
    return top;
  }

  /** Replaces the contents with `items` (any order), in O(n). */
  rebuild(items: Deadline[]): void {
    this.items = items;
    for (let i = (items.length >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  private siftUp(index: number): void {
    const { items } = this;
    const item = items[index];
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (items[parent].due <= item.due) break;
      items[index] = items[parent];
      index = parent;
    }
    items[index] = item;
  }

  private siftDown(index: number): void {
    const { items } = this;
    const item = items[index];
    const n = items.length;
    for (;;) {
      let child = 2 * index + 1;
      if (child >= n) break;
      if (child + 1 < n && items[child + 1].due < items[child].due) child++;
      if (items[child].due >= item.due) break;
      items[index] = items[child];
      index = child;
    }
    items[index] = item;
  }
}
