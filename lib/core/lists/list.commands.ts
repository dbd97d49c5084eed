import { requireArguments } from '../arg-checks';
import type { CoreContext } from '../core.context';
import { assertEnd, assertInteger, assertPopCount, timeoutMs } from './list-args';
import { ListStore } from './list-store';
import { ListWaiters } from './list-waiter';
import type { BlockingOptions, KeyedElement, ListEnd } from './list.types';

/**
 * Redis 7.0 list commands (redis-semantics.md §3): pushes, pops, LRANGE, LREM, LMOVE and the
 * blocking BLPOP / BRPOP / BLMOVE. Non-blocking commands answer synchronously; every write signals
 * the keys it touched and serves the clients it unblocks before returning, as Redis does after
 * each command.
 */
export class ListCommands {
  private readonly store: ListStore;
  private readonly waiters: ListWaiters;

  constructor(private readonly ctx: CoreContext) {
    this.store = new ListStore(ctx);
    this.waiters = new ListWaiters(ctx);
  }

  /** LPUSH: pushes each element to the head in turn; the length after the push (§3.1, §3.4.3). */
  lpush(key: string, elements: string[]): number {
    return this.pushCommand('lpush', key, 'LEFT', elements);
  }

  /** RPUSH: pushes each element to the tail in turn; the length after the push. */
  rpush(key: string, elements: string[]): number {
    return this.pushCommand('rpush', key, 'RIGHT', elements);
  }

  /** LPOP key: the head, `null` when the key is missing. */
  lpop(key: string): string | null {
    return this.popOne(key, 'LEFT');
  }

  /** RPOP key: the tail, `null` when the key is missing. */
  rpop(key: string): string | null {
    return this.popOne(key, 'RIGHT');
  }

  /** LPOP key count: up to `count` from the head; `[]` for 0 on an existing key; `null` if missing. */
  lpopCount(key: string, count: number): string[] | null {
    return this.popMany(key, 'LEFT', count);
  }

  /** RPOP key count: up to `count` from the tail, tail first. */
  rpopCount(key: string, count: number): string[] | null {
    return this.popMany(key, 'RIGHT', count);
  }

  /** LLEN: the length; 0 when missing. */
  llen(key: string): number {
    return this.store.get(key)?.length ?? 0;
  }

  /** LRANGE: inclusive range, negative indexes from the end, clamped; `[]` when missing. */
  lrange(key: string, start: number, stop: number): string[] {
    assertInteger(start);
    assertInteger(stop);
    const list = this.store.get(key);
    if (!list) return [];
    const length = list.length;
    let from = start < 0 ? length + start : start;
    let to = stop < 0 ? length + stop : stop;
    if (from < 0) from = 0;
    if (from > to || from >= length) return [];
    if (to >= length) to = length - 1;
    return list.slice(from, to + 1);
  }

  /** LREM: removes `count` matches from the head (> 0), the tail (< 0) or all (0); how many. */
  lrem(key: string, count: number, element: string): number {
    assertInteger(count);
    const list = this.store.get(key);
    if (!list) return 0;
    const removed = list.removeWhere((item) => item === element, Math.abs(count), count < 0);
    if (list.length === 0) this.ctx.keyspace.delete(key);
    return removed;
  }

  /**
   * LMOVE: the moved element; `null` when the source is missing, even if the destination has the
   * wrong type; WRONGTYPE on the destination pops nothing; `source === destination` rotates (§3.2).
   */
  lmove(source: string, destination: string, from: ListEnd, to: ListEnd): string | null {
    this.ctx.assertSameSlot([source, destination]);
    assertEnd(from);
    assertEnd(to);
    const list = this.store.get(source);
    if (!list) return null;
    const element = this.store.move(source, list, destination, from, to);
    this.ctx.blocking.handleReady();
    return element;
  }

  /** BLPOP: `[key, head]` from the first non-empty key, else blocks; `null` on timeout (§3.3). */
  async blpop(
    keys: string[],
    timeoutSec: number,
    options?: BlockingOptions,
  ): Promise<KeyedElement | null> {
    return this.blockingPop('blpop', keys, 'LEFT', timeoutSec, options);
  }

  /** BRPOP: as BLPOP, from the tail. */
  async brpop(
    keys: string[],
    timeoutSec: number,
    options?: BlockingOptions,
  ): Promise<KeyedElement | null> {
    return this.blockingPop('brpop', keys, 'RIGHT', timeoutSec, options);
  }

  /**
   * BLMOVE: LMOVE when the source has data, else blocks on the source; `null` on timeout. A
   * missing source blocks even when the destination has the wrong type: the client gets WRONGTYPE
   * when it is woken (§3.4.7).
   */
  async blmove(
    source: string,
    destination: string,
    from: ListEnd,
    to: ListEnd,
    timeoutSec: number,
    options?: BlockingOptions,
  ): Promise<string | null> {
    this.ctx.assertSameSlot([source, destination]);
    assertEnd(from);
    assertEnd(to);
    const ms = timeoutMs(timeoutSec);
    const list = this.store.get(source);
    if (list) {
      const element = this.store.move(source, list, destination, from, to);
      this.ctx.blocking.handleReady();
      return element;
    }
    return this.waiters.block([source], ms, options?.signal, (key, ready) =>
      this.store.move(key, ready, destination, from, to),
    );
  }

  private pushCommand(command: string, key: string, end: ListEnd, elements: string[]): number {
    requireArguments(elements, command);
    const length = this.store.push(key, end, elements);
    this.ctx.blocking.handleReady();
    return length;
  }

  private popOne(key: string, end: ListEnd): string | null {
    const list = this.store.get(key);
    return list ? this.store.pop(key, list, end) : null;
  }

  private popMany(key: string, end: ListEnd, count: number): string[] | null {
    assertPopCount(count);
    const list = this.store.get(key);
    if (!list) return null;
    const popped: string[] = [];
    while (popped.length < count && list.length > 0) popped.push(list.pop(end) as string);
    if (list.length === 0) this.ctx.keyspace.delete(key);
    return popped;
  }

  /**
   * BLPOP / BRPOP: keys are examined in argument order; a wrong-typed key reached before any
   * non-empty list is WRONGTYPE, one after it is not looked at (§3.3). Nothing anywhere → block.
   */
  private async blockingPop(
    command: string,
    keys: string[],
    end: ListEnd,
    timeoutSec: number,
    options: BlockingOptions | undefined,
  ): Promise<KeyedElement | null> {
    requireArguments(keys, command);
    this.ctx.assertSameSlot(keys);
    const ms = timeoutMs(timeoutSec);
    for (const key of keys) {
      const list = this.store.get(key);
      if (list) return [key, this.store.pop(key, list, end)];
    }
    return this.waiters.block<KeyedElement>(keys, ms, options?.signal, (key, ready) => [
      key,
      this.store.pop(key, ready, end),
    ]);
  }
}
