import { BrokerCore, type BrokerCoreOptions } from '../../core/broker-core';
import type { KeyType } from '../../core/keyspace';
import type { BlockingOptions, KeyedElement, ListEnd } from '../../core/lists/list.types';
import type { ChannelCount } from '../../core/pubsub/pubsub.types';
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
import type { BrokerPort } from '../../port/broker.port';
import type { SubscriberPort } from '../../port/pubsub.port';
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
  readonly core: BrokerCore;

  constructor(options: MemoryBackendOptions = {}) {
    this.core = new BrokerCore(options);
  }

  get clustered(): boolean {
    return this.core.clustered;
  }

  async close(): Promise<void> {
    this.core.close();
  }

  // keys
  async del(keys: string[]): Promise<number> {
    return this.core.del(keys);
  }
  async exists(keys: string[]): Promise<number> {
    return this.core.exists(keys);
  }
  async type(key: string): Promise<KeyType | 'none'> {
    return this.core.type(key);
  }

  // lists
  async lpush(key: string, elements: string[]): Promise<number> {
    return this.core.lists.lpush(key, elements);
  }
  async rpush(key: string, elements: string[]): Promise<number> {
    return this.core.lists.rpush(key, elements);
  }
  async lpop(key: string): Promise<string | null> {
    return this.core.lists.lpop(key);
  }
  async rpop(key: string): Promise<string | null> {
    return this.core.lists.rpop(key);
  }
  async lpopCount(key: string, count: number): Promise<string[] | null> {
    return this.core.lists.lpopCount(key, count);
  }
  async rpopCount(key: string, count: number): Promise<string[] | null> {
    return this.core.lists.rpopCount(key, count);
  }
  async llen(key: string): Promise<number> {
    return this.core.lists.llen(key);
  }
  async lrange(key: string, start: number, stop: number): Promise<string[]> {
    return this.core.lists.lrange(key, start, stop);
  }
  async lrem(key: string, count: number, element: string): Promise<number> {
    return this.core.lists.lrem(key, count, element);
  }
  async lmove(
    source: string,
    destination: string,
    from: ListEnd,
    to: ListEnd,
  ): Promise<string | null> {
    return this.core.lists.lmove(source, destination, from, to);
  }
  blpop(
    keys: string[],
    timeoutSec: number,
    options?: BlockingOptions,
  ): Promise<KeyedElement | null> {
    return this.core.lists.blpop(keys, timeoutSec, options);
  }
  brpop(
    keys: string[],
    timeoutSec: number,
    options?: BlockingOptions,
  ): Promise<KeyedElement | null> {
    return this.core.lists.brpop(keys, timeoutSec, options);
  }
  blmove(
    source: string,
    destination: string,
    from: ListEnd,
    to: ListEnd,
    timeoutSec: number,
    options?: BlockingOptions,
  ): Promise<string | null> {
    return this.core.lists.blmove(source, destination, from, to, timeoutSec, options);
  }

  // streams
  async xadd(
    key: string,
    id: string,
    fields: string[],
    options?: XAddOptions,
  ): Promise<string | null> {
    return this.core.streams.xadd(key, id, fields, options);
  }
  async xlen(key: string): Promise<number> {
    return this.core.streams.xlen(key);
  }
  async xrange(
    key: string,
    start: string,
    end: string,
    count?: number,
  ): Promise<StreamEntry[] | null> {
    return this.core.streams.xrange(key, start, end, count);
  }
  async xrevrange(
    key: string,
    end: string,
    start: string,
    count?: number,
  ): Promise<StreamEntry[] | null> {
    return this.core.streams.xrevrange(key, end, start, count);
  }
  async xrangeByTime(
    key: string,
    fromMs: number,
    toMs: number,
    count?: number,
  ): Promise<StreamEntry[]> {
    return this.core.streams.xrangeByTime(key, fromMs, toMs, count);
  }
  async xdel(key: string, ids: string[]): Promise<number> {
    return this.core.streams.xdel(key, ids);
  }
  async xtrim(key: string, trim: StreamTrim): Promise<number> {
    return this.core.streams.xtrim(key, trim);
  }
  xread(streams: StreamOffset[], options?: XReadOptions): Promise<StreamReadResult[] | null> {
    return this.core.streams.xread(streams, options);
  }
  async xgroupCreate(
    key: string,
    group: string,
    id: string,
    options?: XGroupCreateOptions,
  ): Promise<'OK'> {
    return this.core.groups.xgroupCreate(key, group, id, options);
  }
  async xgroupSetId(key: string, group: string, id: string, entriesRead?: number): Promise<'OK'> {
    return this.core.groups.xgroupSetId(key, group, id, entriesRead);
  }
  async xgroupDestroy(key: string, group: string): Promise<number> {
    return this.core.groups.xgroupDestroy(key, group);
  }
  async xgroupCreateConsumer(key: string, group: string, consumer: string): Promise<number> {
    return this.core.groups.xgroupCreateConsumer(key, group, consumer);
  }
  async xgroupDelConsumer(key: string, group: string, consumer: string): Promise<number> {
    return this.core.groups.xgroupDelConsumer(key, group, consumer);
  }
  xreadgroup(
    group: string,
    consumer: string,
    streams: StreamOffset[],
    options?: XReadGroupOptions,
  ): Promise<StreamReadResult<PendingReadEntry>[] | null> {
    return this.core.groups.xreadgroup(group, consumer, streams, options);
  }
  async xack(key: string, group: string, ids: string[]): Promise<number> {
    return this.core.groups.xack(key, group, ids);
  }
  async xpending(key: string, group: string): Promise<PendingSummary> {
    return this.core.groups.xpending(key, group);
  }
  async xpendingRange(
    key: string,
    group: string,
    query: PendingRangeQuery,
  ): Promise<PendingEntry[]> {
    return this.core.groups.xpendingRange(key, group, query);
  }
  async xclaim(
    key: string,
    group: string,
    consumer: string,
    minIdleMs: number,
    ids: string[],
    options?: XClaimOptions,
  ): Promise<StreamEntry[]> {
    return this.core.groups.xclaim(key, group, consumer, minIdleMs, ids, options);
  }
  async xclaimJustId(
    key: string,
    group: string,
    consumer: string,
    minIdleMs: number,
    ids: string[],
    options?: XClaimOptions,
  ): Promise<string[]> {
    return this.core.groups.xclaimJustId(key, group, consumer, minIdleMs, ids, options);
  }
  async xautoclaim(
    key: string,
    group: string,
    consumer: string,
    minIdleMs: number,
    start: string,
    options?: XAutoClaimOptions,
  ): Promise<AutoClaimResult<StreamEntry>> {
    return this.core.groups.xautoclaim(key, group, consumer, minIdleMs, start, options);
  }
  async xautoclaimJustId(
    key: string,
    group: string,
    consumer: string,
    minIdleMs: number,
    start: string,
    options?: XAutoClaimOptions,
  ): Promise<AutoClaimResult<string>> {
    return this.core.groups.xautoclaimJustId(key, group, consumer, minIdleMs, start, options);
  }
  async xinfoStream(key: string): Promise<StreamInfo> {
    return this.core.streams.xinfoStream(key);
  }
  async xinfoGroups(key: string): Promise<GroupInfo[]> {
    return this.core.groups.xinfoGroups(key);
  }
  async xinfoConsumers(key: string, group: string): Promise<ConsumerInfo[]> {
    return this.core.groups.xinfoConsumers(key, group);
  }

  // pub/sub
  async publish(channel: string, message: string): Promise<number> {
    return this.core.pubsub.publish(channel, message);
  }
  async spublish(channel: string, message: string): Promise<number> {
    return this.core.pubsub.spublish(channel, message);
  }
  async createSubscriber(): Promise<SubscriberPort> {
    return new MemorySubscriber(this.core.pubsub.connect());
  }
  async pubsubChannels(pattern?: string): Promise<string[]> {
    return this.core.pubsub.channels(pattern);
  }
  async pubsubNumsub(channels: string[]): Promise<ChannelCount[]> {
    return this.core.pubsub.numsub(channels);
  }
  async pubsubNumpat(): Promise<number> {
    return this.core.pubsub.numpat();
  }
  async pubsubShardChannels(pattern?: string): Promise<string[]> {
    return this.core.pubsub.shardChannels(pattern);
  }
  async pubsubShardNumsub(channels: string[]): Promise<ChannelCount[]> {
    return this.core.pubsub.shardNumsub(channels);
  }
}
