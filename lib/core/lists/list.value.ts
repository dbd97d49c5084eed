import type { KeyValue } from '../keyspace';
import { Deque } from './deque';
import type { ListEnd } from './list.types';

/** A list as stored in the keyspace: a deque of strings; `LEFT` is the head. */
export class ListValue extends Deque<string> implements KeyValue {
  readonly type = 'list' as const;

  /** Pushes `element` at `end`. */
  push(end: ListEnd, element: string): void {
    if (end === 'LEFT') this.pushFront(element);
    else this.pushBack(element);
  }

  /** Pops from `end`; undefined when empty. */
  pop(end: ListEnd): string | undefined {
    return end === 'LEFT' ? this.popFront() : this.popBack();
  }
}
