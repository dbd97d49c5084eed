import type { ListCommands } from '../../core/lists/list.commands';
import type { BlockingOptions, KeyedElement, ListEnd } from '../../core/lists/list.types';
import type { ListPort } from '../../port/list.port';
import { wellFormed } from './well-formed';

/**
 * List commands of the port over the in-process core. Every string argument goes through {@link
 * wellFormed} here, so the core sees the bytes Redis would: a method added here must do the same.
 */
export class MemoryListCommands implements ListPort {
  /** @param lists returns the core's list commands; throws `BrokerClosedError` after close() */
  constructor(private readonly lists: () => ListCommands) {}

  async lpush(key: string, elements: string[]): Promise<number> {
    return this.lists().lpush(wellFormed(key), wellFormed(elements));
  }

  async rpush(key: string, elements: string[]): Promise<number> {
    return this.lists().rpush(wellFormed(key), wellFormed(elements));
  }

  async lpop(key: string): Promise<string | null> {
    return this.lists().lpop(wellFormed(key));
  }

  async rpop(key: string): Promise<string | null> {
    return this.lists().rpop(wellFormed(key));
  }

  async lpopCount(key: string, count: number): Promise<string[] | null> {
    return this.lists().lpopCount(wellFormed(key), count);
  }

  async rpopCount(key: string, count: number): Promise<string[] | null> {
    return this.lists().rpopCount(wellFormed(key), count);
  }

  async llen(key: string): Promise<number> {
    return this.lists().llen(wellFormed(key));
  }

  async lrange(key: string, start: number, stop: number): Promise<string[]> {
    return this.lists().lrange(wellFormed(key), start, stop);
  }

  async lrem(key: string, count: number, element: string): Promise<number> {
    return this.lists().lrem(wellFormed(key), count, wellFormed(element));
  }

  async lmove(
    source: string,
    destination: string,
    from: ListEnd,
    to: ListEnd,
  ): Promise<string | null> {
    return this.lists().lmove(wellFormed(source), wellFormed(destination), from, to);
  }

  async blpop(
    keys: string[],
    timeoutSec: number,
    options?: BlockingOptions,
  ): Promise<KeyedElement | null> {
    return this.lists().blpop(wellFormed(keys), timeoutSec, wellFormed(options));
  }

  async brpop(
    keys: string[],
    timeoutSec: number,
    options?: BlockingOptions,
  ): Promise<KeyedElement | null> {
    return this.lists().brpop(wellFormed(keys), timeoutSec, wellFormed(options));
  }

  async blmove(
    source: string,
    destination: string,
    from: ListEnd,
    to: ListEnd,
    timeoutSec: number,
    options?: BlockingOptions,
  ): Promise<string | null> {
    return this.lists().blmove(
      wellFormed(source),
      wellFormed(destination),
      from,
      to,
      timeoutSec,
      wellFormed(options),
    );
  }
}
