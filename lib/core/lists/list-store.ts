import type { CoreContext } from '../core.context';
import type { ListEnd } from './list.types';
import { ListValue } from './list.value';

/**
 * List access shared by the commands and by blocked clients being served: lookups with the
 * WRONGTYPE rule, pushes that create the key and signal it as ready, and pops/moves that delete a
 * list once it is empty (redis-semantics.md §1: lists never stay empty).
 */
export class ListStore {
  constructor(private readonly ctx: CoreContext) {}

  /** The list at `key`; undefined when the key is missing; WRONGTYPE when it holds another type. */
  get(key: string): ListValue | undefined {
    return this.ctx.keyspace.lookup<ListValue>(key, 'list');
  }

  /**
   * Pushes `elements` one by one at `end`, creating the list if needed, and signals the key so
   * blocked clients are served when the command finishes. Returns the length after the push.
   */
  push(key: string, end: ListEnd, elements: readonly string[]): number {
    const list = this.get(key) ?? this.create(key);
    for (const element of elements) list.push(end, element);
    this.ctx.blocking.signal(key);
    return list.length;
  }

  /** Pops one element from `list` (stored at `key`, non-empty), deleting the key when emptied. */
  pop(key: string, list: ListValue, end: ListEnd): string {
    const element = list.pop(end) as string;
    if (list.length === 0) this.ctx.keyspace.delete(key);
    return element;
  }

  /**
   * LMOVE from the non-empty `list` stored at `source`. The destination is checked before anything
   * is popped (WRONGTYPE leaves the source untouched), and looked up first so `source ===
   * destination` rotates the same list instead of deleting and re-creating it (§3.2).
   */
  move(source: string, list: ListValue, destination: string, from: ListEnd, to: ListEnd): string {
    const target = this.get(destination);
    const element = list.pop(from) as string;
    (target ?? this.create(destination)).push(to, element);
    if (list.length === 0) this.ctx.keyspace.delete(source);
    this.ctx.blocking.signal(destination);
    return element;
  }

  private create(key: string): ListValue {
    const list = new ListValue();
    this.ctx.keyspace.set(key, list);
    return list;
  }
}
