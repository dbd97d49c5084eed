import type { BlockingOptions, KeyedElement, ListEnd } from '../core/lists/list.types';

/** List commands (queues). Replies are exactly Redis's, `null` where Redis answers nil. */
export interface ListPort {
  /** LPUSH: pushes each element to the head in turn; resolves to the length after the push. */
  lpush(key: string, elements: string[]): Promise<number>;
  /** RPUSH: pushes to the tail; resolves to the length after the push. */
  rpush(key: string, elements: string[]): Promise<number>;
  /** LPOP without count: the head, or `null` when the key is missing. */
  lpop(key: string): Promise<string | null>;
  /** RPOP without count. */
  rpop(key: string): Promise<string | null>;
  /** LPOP key count: up to `count` elements; `[]` for count 0; `null` when the key is missing. */
  lpopCount(key: string, count: number): Promise<string[] | null>;
  /** RPOP key count. */
  rpopCount(key: string, count: number): Promise<string[] | null>;
  /** LLEN: the length; 0 when the key is missing. */
  llen(key: string): Promise<number>;
  /** LRANGE: inclusive, negative indexes count from the end. */
  lrange(key: string, start: number, stop: number): Promise<string[]>;
  /** LREM: count > 0 from head, < 0 from tail, 0 all; resolves to the number removed. */
  lrem(key: string, count: number, element: string): Promise<number>;
  /** LMOVE: the element moved, or `null` when `source` is missing. */
  lmove(source: string, destination: string, from: ListEnd, to: ListEnd): Promise<string | null>;
  /** BLPOP: `[key, element]`, or `null` on timeout. `timeoutSec` 0 = forever. */
  blpop(
    keys: string[],
    timeoutSec: number,
    options?: BlockingOptions,
  ): Promise<KeyedElement | null>;
  /** BRPOP: as BLPOP, from the tail. */
  brpop(
    keys: string[],
    timeoutSec: number,
    options?: BlockingOptions,
  ): Promise<KeyedElement | null>;
  /** BLMOVE: the element moved, or `null` on timeout. */
  blmove(
    source: string,
    destination: string,
    from: ListEnd,
    to: ListEnd,
    timeoutSec: number,
    options?: BlockingOptions,
  ): Promise<string | null>;
}
