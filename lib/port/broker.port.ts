import type { ConnectionPort } from './connection.port';
import type { ListPort } from './list.port';
import type { PubSubPort } from './pubsub.port';
import type { SortedSetPort } from './sorted-set.port';
import type { StreamPort } from './stream.port';
import type { StringPort } from './string.port';

/**
 * What TYPE answers. The core stores lists, streams, sorted sets and strings; a Redis server
 * shared with other applications may hold any Redis type, which the Redis backend reports as it is.
 */
export type RedisKeyType = 'none' | 'string' | 'list' | 'set' | 'zset' | 'hash' | 'stream';

/** Key-level commands the runtime and tests need. */
export interface KeyPort {
  /** DEL: number of keys removed. */
  del(keys: string[]): Promise<number>;
  /** EXISTS: number of the given keys that exist (a key named twice counts twice). */
  exists(keys: string[]): Promise<number>;
  /** TYPE. */
  type(key: string): Promise<RedisKeyType>;
  /**
   * PEXPIRE key ms: 1 when the key exists (it now expires `ms` from now), 0 when it is missing.
   * Keys of every type expire. A deadline not in the future (`ms` ≤ 0) deletes the key at once.
   */
  pexpire(key: string, ms: number): Promise<number>;
  /** PTTL: milliseconds left; -1 when the key has no TTL, -2 when it is missing. */
  pttl(key: string): Promise<number>;
}

/**
 * The one interface the delivery runtime talks to: the subset of Redis it needs, typed, with Redis
 * 7.0 semantics. Implemented by the memory backend (over the in-process core) and by the Redis
 * backend (over ioredis); the conformance suite checks both against the same cases.
 */
export interface BrokerPort
  extends ConnectionPort, KeyPort, StringPort, ListPort, StreamPort, SortedSetPort, PubSubPort {
  /** Which backend this is, for logs and health output only — delivery logic must not branch on it. */
  readonly backend: 'memory' | 'redis';
  /** Whether the deployment is a cluster (real or simulated): multi-key calls must share a slot. */
  readonly clustered: boolean;
  /**
   * Closes connections; blocked calls end with their timeout reply, the status becomes
   * `disconnected`, and every later call rejects with `BrokerClosedError`. Finishes promptly
   * whatever the broker does (down, or not answering): calls still waiting for it then reject
   * with `BrokerClosedError`, and nothing is left running.
   */
  close(): Promise<void>;
}
