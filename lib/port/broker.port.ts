import type { ListPort } from './list.port';
import type { PubSubPort } from './pubsub.port';
import type { SortedSetPort } from './sorted-set.port';
import type { StreamPort } from './stream.port';

/**
 * What TYPE answers. The core only stores lists, streams and sorted sets; a Redis server shared
 * with other applications may hold any Redis type, which the Redis backend reports as it is.
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
}

/**
 * The one interface the delivery runtime talks to: the subset of Redis it needs, typed, with Redis
 * 7.0 semantics. Implemented by the memory backend (over the in-process core) and by the Redis
 * backend (over ioredis); the conformance suite checks both against the same cases.
 */
export interface BrokerPort extends KeyPort, ListPort, StreamPort, SortedSetPort, PubSubPort {
  /** Which backend this is, for logs and health output only — delivery logic must not branch on it. */
  readonly backend: 'memory' | 'redis';
  /** Whether the deployment is a cluster (real or simulated): multi-key calls must share a slot. */
  readonly clustered: boolean;
  /** Closes connections; blocked calls end with their timeout reply. */
  close(): Promise<void>;
}
