import type { Clock, TimerHandle } from '../clock';

/** What a waiter did when offered a ready key. */
export const ServeResult = {
  /** The waiter took data (or was answered with an error); it leaves every queue. */
  Served: 'served',
  /** Nothing for this waiter; later waiters on the key may still be served. */
  Skip: 'skip',
  /** Nothing for anyone on this key until it is signalled again. */
  Stop: 'stop',
} as const;
export type ServeResult = (typeof ServeResult)[keyof typeof ServeResult];

/** A client blocked on one or more keys (BLPOP, BLMOVE, XREAD BLOCK, XREADGROUP BLOCK...). */
export interface Waiter {
  readonly keys: readonly string[];
  /** Try to serve this waiter from `key`. Called in blocking order, after a command finished. */
  tryServe(key: string): ServeResult;
  /** The timeout fired, the call was cancelled or the core closed: answer with the timeout reply. */
  expire(): void;
}

interface Entry {
  readonly waiter: Waiter;
  timer?: TimerHandle;
  abort?: () => void;
  signal?: AbortSignal;
}

/**
 * Blocked clients and ready keys, as Redis's blocked.c: waiters queue per key in blocking order;
 * writes signal keys as ready; after the command finishes {@link handleReady} serves waiters key by
 * key in signal order. A waiter blocked on several keys is served from whichever key is handled
 * first. Serving can signal further keys (BLMOVE pushes), handled in the same pass.
 *
 * Queues are insertion-ordered maps, so enqueue, timeout and cancellation are O(1) and serving
 * stops at the first waiter for which the key has nothing left.
 */
export class BlockingRegistry {
  private readonly byKey = new Map<string, Map<Waiter, Entry>>();
  private readonly all = new Map<Waiter, Entry>();
  private readonly ready = new Set<string>();
  private handling = false;

  constructor(private readonly clock: Clock) {}

  /**
   * Blocks `waiter` on its keys.
   * @param timeoutMs 0 = forever
   * @param signal aborting it expires the waiter (timeout reply)
   */
  block(waiter: Waiter, timeoutMs: number, signal?: AbortSignal): void {
    if (signal?.aborted) {
      waiter.expire();
      return;
    }
    const entry: Entry = { waiter };
    this.all.set(waiter, entry);
    for (const key of waiter.keys) {
      let queue = this.byKey.get(key);
      if (!queue) this.byKey.set(key, (queue = new Map()));
      queue.set(waiter, entry);
    }
    if (timeoutMs > 0) entry.timer = this.clock.setTimer(timeoutMs, () => this.expire(waiter));
    if (signal) {
      entry.signal = signal;
      entry.abort = () => this.expire(waiter);
      signal.addEventListener('abort', entry.abort, { once: true });
    }
  }

  /** Marks `key` as ready; waiters are served at the next {@link handleReady}. */
  signal(key: string): void {
    if (this.byKey.has(key)) this.ready.add(key);
  }

  /** Serves waiters on every signalled key, in signal order, until no key is ready. */
  handleReady(): void {
    if (this.handling) return; // re-entrant signals are picked up by the running loop
    this.handling = true;
    try {
      while (this.ready.size > 0) {
        const key = this.ready.values().next().value as string;
        this.ready.delete(key);
        this.serveKey(key);
      }
    } finally {
      this.handling = false;
    }
  }

  /** Number of waiters blocked on `key`, or on any key when omitted. */
  count(key?: string): number {
    return key === undefined ? this.all.size : (this.byKey.get(key)?.size ?? 0);
  }

  /** Whether `waiter` is still blocked. */
  isBlocked(waiter: Waiter): boolean {
    return this.all.has(waiter);
  }

  /** Expires every waiter (timeout reply), e.g. when the core is closed. */
  expireAll(): void {
    for (const waiter of [...this.all.keys()]) this.expire(waiter);
  }

  private serveKey(key: string): void {
    const queue = this.byKey.get(key);
    if (!queue) return;
    for (const waiter of queue.keys()) {
      const result = waiter.tryServe(key);
      if (result === ServeResult.Served) this.remove(waiter);
      else if (result === ServeResult.Stop) break;
    }
  }

  private expire(waiter: Waiter): void {
    if (!this.all.has(waiter)) return;
    this.remove(waiter);
    waiter.expire();
  }

  private remove(waiter: Waiter): void {
    const entry = this.all.get(waiter);
    if (!entry) return;
    this.all.delete(waiter);
    entry.timer?.cancel();
    if (entry.abort) entry.signal?.removeEventListener('abort', entry.abort);
    for (const key of waiter.keys) {
      const queue = this.byKey.get(key);
      if (!queue) continue;
      queue.delete(waiter);
      if (queue.size === 0) this.byKey.delete(key);
    }
  }
}
