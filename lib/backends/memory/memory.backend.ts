import { BrokerClosedError } from '../../core/broker.errors';
import { BrokerCore, type BrokerCoreOptions } from '../../core/broker-core';
import type { BlockingOptions, KeyedElement, ListEnd } from '../../core/lists/list.types';
import type { ChannelCount } from '../../core/pubsub/pubsub.types';
import type { ScoredMember, ScoreRangeLimit } from '../../core/sorted-sets/sorted-set.types';
import type {
  AutoClaimResult,
  ConsumerInfo,
  GroupInfo,
  PendingEntry,
  PendingRangeQuery,
  PendingReadEntry,
  PendingSummary,
  StreamEntry,
  StreamInfo,
  StreamOffset,
  StreamReadResult,
  StreamTrim,
  XAddOptions,
  XAutoClaimOptions,
  XClaimOptions,
  XGroupCreateOptions,
  XReadGroupOptions,
  XReadOptions,
} from '../../core/streams/stream.types';
import type { SetOptions } from '../../core/strings/string.types';
import type { BrokerPort, RedisKeyType } from '../../port/broker.port';
import type { BrokerConnectionStatus, BrokerStatusListener } from '../../port/connection.port';
import type { SubscriberPort } from '../../port/pubsub.port';
import { ConnectionStatus } from '../connection-status';
import { MemorySubscriber } from './memory-subscriber';

/** Options of the in-process backend; see {@link BrokerCoreOptions}. */
export type MemoryBackendOptions = BrokerCoreOptions;

/**
 * The default backend: the broker port over the in-process core. Every call runs synchronously in
 * the core and resolves on the next microtask, so callers see the same promise-based API as on
 * Redis. Errors are the same {@link BrokerReplyError}s Redis would send.
 */
export class MemoryBackend implements BrokerPort {
  readonly backend = 'memory' as const;
  /** The core itself, for diagnostics and for tests that inspect it. */
  readonly core: BrokerCore;
  readonly clustered: boolean;
  private readonly connection = new ConnectionStatus('connected');
  private closed = false;

  constructor(options: MemoryBackendOptions = {}) {
    this.core = new BrokerCore(options);
    this.clustered = this.core.clustered;
  }

  /** `connected` until close(), then `disconnected`: there is no connection to lose. */
  get status(): BrokerConnectionStatus {
    return this.connection.value;
  }

  onStatusChange(listener: BrokerStatusListener): () => void {
    return this.connection.subscribe(listener);
  }

  /** Resolves while open (the core is in this process); rejects after close(). */
  async ping(): Promise<void> {
    if (this.closed) throw new BrokerClosedError('MemoryBackend');
  }

  /** Ends blocked calls with their timeout reply and drops subscribers; later calls reject. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.core.close();
    this.connection.set('disconnected');
  }

  /** The core, for a call made while open; {@link BrokerClosedError} after close(). */
  private get open(): BrokerCore {
    if (this.closed) throw new BrokerClosedError('MemoryBackend');
    return this.core;
  }

  // keys
  async del(keys: string[]): Promise<number> {
    return this.open.del(keys);
  }
  async exists(keys: string[]): Promise<number> {
    return this.open.exists(keys);
  }
  async type(key: string): Promise<RedisKeyType> {
    return this.open.type(key);
  }
  async pexpire(key: string, ms: number): Promise<number> {
    return this.open.pexpire(key, ms);
  }
  async pttl(key: string): Promise<number> {
    return this.open.pttl(key);
  }

  // strings
  async set(key: string, value: string, options?: SetOptions): Promise<'OK' | null> {
    return this.open.strings.set(key, value, options);
  }
  async get(key: string): Promise<string | null> {
    return this.open.strings.get(key);
  }

  // lists
  async lpush(key: string, elements: string[]): Promise<number> {
    return this.open.lists.lpush(key, elements);
  }
  async rpush(key: string, elements: string[]): Promise<number> {
    return this.open.lists.rpush(key, elements);
  }
  async lpop(key: string): Promise<string | null> {
    return this.open.lists.lpop(key);
  }
  async rpop(key: string): Promise<string | null> {
    return this.open.lists.rpop(key);
  }
  async lpopCount(key: string, count: number): Promise<string[] | null> {
    return this.open.lists.lpopCount(key, count);
  }
  async rpopCount(key: string, count: number): Promise<string[] | null> {
    return this.open.lists.rpopCount(key, count);
  }
  async llen(key: string): Promise<number> {
    return this.open.lists.llen(key);
  }
  async lrange(key: string, start: number, stop: number): Promise<string[]> {
    return this.open.lists.lrange(key, start, stop);
  }
  async lrem(key: string, count: number, element: string): Promise<number> {
    return this.open.lists.lrem(key, count, element);
  }
  async lmove(
    source: string,
    destination: string,
    from: ListEnd,
    to: ListEnd,
  ): Promise<string | null> {
    return this.open.lists.lmove(source, destination, from, to);
  }
  async blpop(
    keys: string[],
    timeoutSec: number,
    options?: BlockingOptions,
  ): Promise<KeyedElement | null> {
    return this.open.lists.blpop(keys, timeoutSec, options);
  }
  async brpop(
    keys: string[],
    timeoutSec: number,
    options?: BlockingOptions,
  ): Promise<KeyedElement | null> {
    return this.open.lists.brpop(keys, timeoutSec, options);
  }
  async blmove(
    source: string,
    destination: string,
    from: ListEnd,
    to: ListEnd,
    timeoutSec: number,
    options?: BlockingOptions,
  ): Promise<string | null> {
    return this.open.lists.blmove(source, destination, from, to, timeoutSec, options);
  }

  // streams
  async xadd(
    key: string,
    id: string,
    fields: string[],
    options?: XAddOptions,
  ): Promise<string | null> {
    return this.open.streams.xadd(key, id, fields, options);
  }
  async xlen(key: string): Promise<number> {
    return this.open.streams.xlen(key);
  }
  async xrange(
    key: string,
    start: string,
    end: string,
    count?: number,
  ): Promise<StreamEntry[] | null> {
    return this.open.streams.xrange(key, start, end, count);
  }
  async xrevrange(
    key: string,
    end: string,
    start: string,
    count?: number,
  ): Promise<StreamEntry[] | null> {
    return this.open.streams.xrevrange(key, end, start, count);
  }
  async xrangeByTime(
    key: string,
    fromMs: number,
    toMs: number,
    count?: number,
  ): Promise<StreamEntry[]> {
    return this.open.streams.xrangeByTime(key, fromMs, toMs, count);
  }
  async xdel(key: string, ids: string[]): Promise<number> {
    return this.open.streams.xdel(key, ids);
  }
  async xtrim(key: string, trim: StreamTrim): Promise<number> {
    return this.open.streams.xtrim(key, trim);
  }
  async xread(streams: StreamOffset[], options?: XReadOptions): Promise<StreamReadResult[] | null> {
    return this.open.streams.xread(streams, options);
  }
  async xgroupCreate(
    key: string,
    group: string,
    id: string,
    options?: XGroupCreateOptions,
  ): Promise<'OK'> {
    return this.open.groups.xgroupCreate(key, group, id, options);
  }
  async xgroupSetId(key: string, group: string, id: string, entriesRead?: number): Promise<'OK'> {
    return this.open.groups.xgroupSetId(key, group, id, entriesRead);
  }
  async xgroupDestroy(key: string, group: string): Promise<number> {
    return this.open.groups.xgroupDestroy(key, group);
  }
  async xgroupCreateConsumer(key: string, group: string, consumer: string): Promise<number> {
    return this.open.groups.xgroupCreateConsumer(key, group, consumer);
  }
  async xgroupDelConsumer(key: string, group: string, consumer: string): Promise<number> {
    return this.open.groups.xgroupDelConsumer(key, group, consumer);
  }
  async xreadgroup(
    group: string,
    consumer: string,
    streams: StreamOffset[],
    options?: XReadGroupOptions,
  ): Promise<StreamReadResult<PendingReadEntry>[] | null> {
    return this.open.groups.xreadgroup(group, consumer, streams, options);
  }
  async xack(key: string, group: string, ids: string[]): Promise<number> {
    return this.open.groups.xack(key, group, ids);
  }
  async xpending(key: string, group: string): Promise<PendingSummary> {
    return this.open.groups.xpending(key, group);
  }
  async xpendingRange(
    key: string,
    group: string,
    query: PendingRangeQuery,
  ): Promise<PendingEntry[]> {
    return this.open.groups.xpendingRange(key, group, query);
  }
  async xclaim(
    key: string,
    group: string,
    consumer: string,
    minIdleMs: number,
    ids: string[],
    options?: XClaimOptions,
  ): Promise<StreamEntry[]> {
    return this.open.groups.xclaim(key, group, consumer, minIdleMs, ids, options);
  }
  async xclaimJustId(
    key: string,
    group: string,
    consumer: string,
    minIdleMs: number,
    ids: string[],
    options?: XClaimOptions,
  ): Promise<string[]> {
    return this.open.groups.xclaimJustId(key, group, consumer, minIdleMs, ids, options);
  }
  async xautoclaim(
    key: string,
    group: string,
    consumer: string,
    minIdleMs: number,
    start: string,
    options?: XAutoClaimOptions,
  ): Promise<AutoClaimResult<StreamEntry>> {
    return this.open.groups.xautoclaim(key, group, consumer, minIdleMs, start, options);
  }
  async xautoclaimJustId(
    key: string,
    group: string,
    consumer: string,
    minIdleMs: number,
    start: string,
    options?: XAutoClaimOptions,
  ): Promise<AutoClaimResult<string>> {
    return this.open.groups.xautoclaimJustId(key, group, consumer, minIdleMs, start, options);
  }
  async xinfoStream(key: string): Promise<StreamInfo> {
    return this.open.streams.xinfoStream(key);
  }
  async xinfoGroups(key: string): Promise<GroupInfo[]> {
    return this.open.groups.xinfoGroups(key);
  }
  async xinfoConsumers(key: string, group: string): Promise<ConsumerInfo[]> {
    return this.open.groups.xinfoConsumers(key, group);
  }

  // sorted sets
  async zadd(key: string, members: ScoredMember[]): Promise<number> {
    return this.open.sortedSets.zadd(key, members);
  }
  async zrem(key: string, members: string[]): Promise<number> {
    return this.open.sortedSets.zrem(key, members);
  }
  async zcard(key: string): Promise<number> {
    return this.open.sortedSets.zcard(key);
  }
  async zscore(key: string, member: string): Promise<number | null> {
    return this.open.sortedSets.zscore(key, member);
  }
  async zrangeByScore(
    key: string,
    min: number,
    max: number,
    options?: ScoreRangeLimit,
  ): Promise<ScoredMember[]> {
    return this.open.sortedSets.zrangeByScore(key, min, max, options);
  }

  // pub/sub
  async publish(channel: string, message: string): Promise<number> {
    return this.open.pubsub.publish(channel, message);
  }
  async spublish(channel: string, message: string): Promise<number> {
    return this.open.pubsub.spublish(channel, message);
  }
  async createSubscriber(): Promise<SubscriberPort> {
    return new MemorySubscriber(this.open.pubsub.connect());
  }
  async pubsubChannels(pattern?: string): Promise<string[]> {
    return this.open.pubsub.channels(pattern);
  }
  async pubsubNumsub(channels: string[]): Promise<ChannelCount[]> {
    return this.open.pubsub.numsub(channels);
  }
  async pubsubNumpat(): Promise<number> {
    return this.open.pubsub.numpat();
  }
  async pubsubShardChannels(pattern?: string): Promise<string[]> {
    return this.open.pubsub.shardChannels(pattern);
  }
  async pubsubShardNumsub(channels: string[]): Promise<ChannelCount[]> {
    return this.open.pubsub.shardNumsub(channels);
  }
}
