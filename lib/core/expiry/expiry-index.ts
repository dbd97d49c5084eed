import type { Clock, TimerHandle } from '../clock';
import { type Deadline, DeadlineHeap } from './deadline-heap';

/** Outdated heap entries tolerated beyond twice the live deadlines before the heap is rebuilt. */
const STALE_SLACK = 64;

/**
 * The deadlines of keys that have a TTL (Redis's `expires` dict), with the active cleanup: a
 * min-heap of deadlines and one clock timer armed for the earliest, so expired keys nobody reads
 * again are still removed — at their deadline, where Redis's sampling cycle gets to them within
 * about 100 ms. The timer is a background one: it never keeps the process alive.
 *
 * Changing or clearing a deadline leaves its old heap entry behind (checked against the map when
 * it surfaces); the heap is rebuilt once such entries outnumber the live ones. Setting a deadline
 * is O(log n) amortised, checking one O(1), removing k due keys O(k log n).
 */
export class ExpiryIndex {
  private readonly deadlines = new Map<string, number>();
  private readonly heap = new DeadlineHeap();
  private timer: TimerHandle | undefined;
  private timerDue = Infinity;
  private closed = false;

  constructor(
    private readonly clock: Clock,
    /** Called when the timer fires; takes the due keys with {@link takeDue}. */
    private readonly onDue: () => void,
  ) {}

  /** Heap entries, outdated ones included (diagnostics: shows that renewals do not pile up). */
  get heapSize(): number {
    return this.heap.size;
  }

  /** The key's deadline (ms since the epoch); undefined when it has none. */
  deadline(key: string): number | undefined {
    return this.deadlines.get(key);
  }

  /** Whether `key` has a deadline that `now` is past. At its deadline a key still exists (Redis: `now > when`). */
  isExpired(key: string, now: number): boolean {
    if (this.deadlines.size === 0) return false;
    const due = this.deadlines.get(key);
    return due !== undefined && now > due;
  }

  set(key: string, due: number): void {
    this.deadlines.set(key, due);
    this.heap.push({ due, key });
    if (this.heap.size > 2 * this.deadlines.size + STALE_SLACK) this.compact();
    this.arm();
  }

  clear(key: string): void {
    if (!this.deadlines.delete(key) || this.deadlines.size > 0) return;
    this.heap.rebuild([]);
    this.disarm();
  }

  /** Removes and returns every key whose deadline `now` is past, earliest first. */
  takeDue(now: number): string[] {
    const due: string[] = [];
    for (let top = this.heap.peek(); top && top.due < now; top = this.heap.peek()) {
      this.heap.pop();
      if (this.deadlines.get(top.key) !== top.due) continue; // outdated entry
      this.deadlines.delete(top.key);
      due.push(top.key);
    }
    return due;
  }

  /** Cancels the timer for good. */
  close(): void {
    this.closed = true;
    this.disarm();
  }

  /** Arms the timer for the earliest live deadline, unless it already fires by then. */
  private arm(): void {
    let top = this.heap.peek();
    while (top && this.deadlines.get(top.key) !== top.due) {
      this.heap.pop();
      top = this.heap.peek();
    }
    if (!top || this.closed) return this.disarm();
    if (top.due >= this.timerDue) return;
    this.disarm();
    this.timerDue = top.due;
    // One millisecond past the deadline: the first moment the key counts as expired.
    const wait = Math.max(0, top.due + 1 - this.clock.now());
    this.timer = this.clock.setTimer(wait, () => this.fire(), { background: true });
  }

  private fire(): void {
    this.timer = undefined;
    this.timerDue = Infinity;
    this.onDue();
    this.arm();
  }

  private disarm(): void {
    this.timer?.cancel();
    this.timer = undefined;
    this.timerDue = Infinity;
  }

  private compact(): void {
    const live: Deadline[] = [];
    for (const [key, due] of this.deadlines) live.push({ due, key });
    this.heap.rebuild(live);
  }
}
