import { ServeResult, type Waiter } from '../blocking/blocking-registry';
import type { CoreContext } from '../core.context';
import { ListValue } from './list.value';

/** Takes what a served client receives from the non-empty list at `key`; may throw (WRONGTYPE). */
export type ListServe<T> = (key: string, list: ListValue) => T;

/**
 * Blocks list clients (BLPOP, BRPOP, BLMOVE) in the core's blocking registry and counts them per
 * key. The count lets a waiter that finds no list tell the registry to stop scanning the key when
 * only list clients wait there (the 10,000-waiter case stays O(1) per push), while still letting a
 * stream reader queued behind it on the same key be served.
 */
export class ListWaiters {
  private readonly perKey = new Map<string, number>();

  constructor(private readonly ctx: CoreContext) {}

  /**
   * Blocks until `serve` can run on one of `keys` (resolves with its result), the timeout passes or
   * `signal` aborts (both resolve `null`). A throwing `serve` rejects with its error.
   * @param timeoutMs 0 = forever
   */
  block<T>(
    keys: readonly string[],
    timeoutMs: number,
    signal: AbortSignal | undefined,
    serve: ListServe<T>,
  ): Promise<T | null> {
    return new Promise<T | null>((resolve, reject) => {
      const waiter = new ListWaiter(this, [...new Set(keys)], serve, resolve, reject);
      for (const key of waiter.keys) this.perKey.set(key, (this.perKey.get(key) ?? 0) + 1);
      this.ctx.blocking.block(waiter, timeoutMs, signal);
    });
  }

  /** Whether every client blocked on `key` is a list client. */
  onlyListClientsOn(key: string): boolean {
    return this.perKey.get(key) === this.ctx.blocking.count(key);
  }

  /** The list at `key` if it holds one; anything else (missing, a stream) serves no list client. */
  listAt(key: string): ListValue | undefined {
    const value = this.ctx.keyspace.get(key);
    return value instanceof ListValue ? value : undefined;
  }

  /** Forgets a waiter that left the registry (served or expired). */
  release(keys: readonly string[]): void {
    for (const key of keys) {
      const n = (this.perKey.get(key) ?? 0) - 1;
      if (n > 0) this.perKey.set(key, n);
      else this.perKey.delete(key);
    }
  }
}

/** One blocked list client. */
class ListWaiter<T> implements Waiter {
  private settled = false;

  constructor(
    private readonly owner: ListWaiters,
    readonly keys: readonly string[],
    private readonly serve: ListServe<T>,
    private readonly resolve: (value: T | null) => void,
    private readonly reject: (error: unknown) => void,
  ) {}

  tryServe(key: string): ServeResult {
    const list = this.owner.listAt(key);
    if (!list || list.length === 0) {
      // Nothing for list clients; a stream reader further down the queue may still be served.
      return this.owner.onlyListClientsOn(key) ? ServeResult.Stop : ServeResult.Skip;
    }
    this.settle();
    try {
      this.resolve(this.serve(key, list));
    } catch (error) {
      // §3.4.7: a woken BLMOVE whose destination has the wrong type gets WRONGTYPE and leaves the
      // element for the next client.
      this.reject(error);
    }
    return ServeResult.Served;
  }

  expire(): void {
    this.settle();
    this.resolve(null);
  }

  private settle(): void {
    if (this.settled) return;
    this.settled = true;
    this.owner.release(this.keys);
  }
}
