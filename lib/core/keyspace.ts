import type { Clock } from './clock';
import { ExpiryIndex } from './expiry/expiry-index';
import { BrokerReplyError, ReplyText } from './reply-error';

/** The kinds of value the core stores. */
export type KeyType = 'list' | 'stream' | 'zset' | 'string';

/** Anything stored under a key. */
export interface KeyValue {
  readonly type: KeyType;
}

/** What the keyspace tells its owner. */
export interface KeyspaceEvents {
  /** `key` passed its deadline and was removed (on access or by the cleanup timer). */
  expired(key: string): void;
}

/**
 * One database: key → value, with Redis's WRONGTYPE rule and key expiry. Every read checks the
 * key's deadline first and removes it when the clock is past it (Redis's lazy expiry), so an
 * expired key is gone for every command the moment its time is up; keys nobody reads again are
 * removed by the expiry index's timer.
 */
export class Keyspace {
  private readonly values = new Map<string, KeyValue>();
  private readonly expiry: ExpiryIndex;

  constructor(
    private readonly clock: Clock,
    private readonly events: KeyspaceEvents = { expired: () => undefined },
  ) {
    this.expiry = new ExpiryIndex(clock, () => this.sweep());
  }

  get(key: string): KeyValue | undefined {
    this.expireIfDue(key);
    return this.values.get(key);
  }

  /** The value at `key` if it is of `type`; undefined if missing; WRONGTYPE otherwise. */
  lookup<T extends KeyValue>(key: string, type: T['type']): T | undefined {
    const value = this.get(key);
    if (value === undefined) return undefined;
    if (value.type !== type) throw new BrokerReplyError(ReplyText.wrongType);
    return value as T;
  }

  /** Stores `value`, replacing what `key` held and its TTL: a new value starts without one. */
  set(key: string, value: KeyValue): void {
    this.values.set(key, value);
    this.expiry.clear(key);
  }

  /** Removes the key and its TTL; false when it was missing (or had just expired). */
  delete(key: string): boolean {
    if (this.expireIfDue(key)) return false;
    this.expiry.clear(key);
    return this.values.delete(key);
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  typeOf(key: string): KeyType | 'none' {
    return this.get(key)?.type ?? 'none';
  }

  /** The key's deadline in ms since the epoch; undefined when it has no TTL or is missing. */
  deadlineOf(key: string): number | undefined {
    this.expireIfDue(key);
    return this.expiry.deadline(key);
  }

  /** Gives the existing `key` a deadline (ms since the epoch), replacing any earlier one. */
  expireAt(key: string, due: number): void {
    this.expiry.set(key, due);
  }

  keys(): IterableIterator<string> {
    this.sweep();
    return this.values.keys();
  }

  get size(): number {
    this.sweep();
    return this.values.size;
  }

  /** Stops the cleanup timer (the core is closing). */
  close(): void {
    this.expiry.close();
  }

  private expireIfDue(key: string): boolean {
    if (!this.expiry.isExpired(key, this.clock.now())) return false;
    this.expiry.clear(key);
    this.removeExpired(key);
    return true;
  }

  /** Removes every key whose deadline has passed. */
  private sweep(): void {
    for (const key of this.expiry.takeDue(this.clock.now())) this.removeExpired(key);
  }

  private removeExpired(key: string): void {
    this.values.delete(key);
    this.events.expired(key);
  }
}
