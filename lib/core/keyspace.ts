import { BrokerReplyError, ReplyText } from './reply-error';

/** The kinds of value the core stores. */
export type KeyType = 'list' | 'stream' | 'zset';

/** Anything stored under a key. */
export interface KeyValue {
  readonly type: KeyType;
}

/** One database: key → value, with Redis's WRONGTYPE rule. */
export class Keyspace {
  private readonly values = new Map<string, KeyValue>();

  get(key: string): KeyValue | undefined {
    return this.values.get(key);
  }

  /** The value at `key` if it is of `type`; undefined if missing; WRONGTYPE otherwise. */
  lookup<T extends KeyValue>(key: string, type: T['type']): T | undefined {
    const value = this.values.get(key);
    if (value === undefined) return undefined;
    if (value.type !== type) throw new BrokerReplyError(ReplyText.wrongType);
    return value as T;
  }

  set(key: string, value: KeyValue): void {
    this.values.set(key, value);
  }

  delete(key: string): boolean {
    return this.values.delete(key);
  }

  has(key: string): boolean {
    return this.values.has(key);
  }

  typeOf(key: string): KeyType | 'none' {
    return this.values.get(key)?.type ?? 'none';
  }

  keys(): IterableIterator<string> {
    return this.values.keys();
  }

  get size(): number {
    return this.values.size;
  }
}
