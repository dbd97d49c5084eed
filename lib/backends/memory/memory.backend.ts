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
import type { BrokerLogger } from '../../core/broker-logger';
import { processWarningLogger } from '../broker-logger';
import { ConnectionStatus } from '../connection-status';
import { MemorySubscriber } from './memory-subscriber';
import { wellFormed } from './well-formed';

/** Options of the in-process backend: the core's ({@link BrokerCoreOptions}) and a logger. */
export interface MemoryBackendOptions extends BrokerCoreOptions {
  /**
   * Receives the errors of message listeners when a subscriber has no `onError` listener.
   * A Nest `Logger` fits.
   * @default Node process warnings (`process.emitWarning`, type `NestjsBrokerWarning`)
   */
  readonly logger?: BrokerLogger;
}

/**
 * The default backend: the broker port over the in-process core. Every call runs synchronously in
 * the core and resolves on the next microtask, so callers see the same promise-based API as on
 * Redis. Errors are the same {@link BrokerReplyError}s Redis would send. Every string argument
 * (names, values, ids, strings inside options) goes through {@link wellFormed}, so the core sees
 * the bytes Redis would: a method added here must do the same.
 */
export class MemoryBackend implements BrokerPort {
  readonly backend = 'memory' as const;
  /** The core itself, for diagnostics and for tests that inspect it. */
  readonly core: BrokerCore;
  readonly clustered: boolean;
  private readonly logger: BrokerLogger;
  private readonly connection = new ConnectionStatus('connected');
  private closed = false;

  constructor(options: MemoryBackendOptions = {}) {
    this.core = new BrokerCore(options);
    this.logger = options.logger ?? processWarningLogger;
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
    return this.open.del(wellFormed(keys));
  }
  async exists(keys: string[]): Promise<number> {
    return this.open.exists(wellFormed(keys));
  }
  async type(key: string): Promise<RedisKeyType> {
    return this.open.type(wellFormed(key));
  }
  async pexpire(key: string, ms: number): Promise<number> {
    return this.open.pexpire(wellFormed(key), ms);
  }
  async pttl(key: string): Promise<number> {
    return this.open.pttl(wellFormed(key));
  }

  // strings
  async set(key: string, value: string, options?: SetOptions): Promise<'OK' | null> {
    return this.open.strings.set(wellFormed(key), wellFormed(value), wellFormed(options));
  }
  async get(key: string): Promise<string | null> {
    return this.open.strings.get(wellFormed(key));
  }

  // lists
  async lpush(key: string, elements: string[]): Promise<number> {
    return this.open.lists.lpush(wellFormed(key), wellFormed(elements));
  }
  async rpush(key: string, elements: string[]): Promise<number> {
    return this.open.lists.rpush(wellFormed(key), wellFormed(elements));
  }
  async lpop(key: string): Promise<string | null> {
    return this.open.lists.lpop(wellFormed(key));
  }
  async rpop(key: string): Promise<string | null> {
    return this.open.lists.rpop(wellFormed(key));
  }
  async lpopCount(key: string, count: number): Promise<string[] | null> {
    return this.open.lists.lpopCount(wellFormed(key), count);
  }
  async rpopCount(key: string, count: number): Promise<string[] | null> {
    return this.open.lists.rpopCount(wellFormed(key), count);
  }
  async llen(key: string): Promise<number> {
    return this.open.lists.llen(wellFormed(key));
  }
  async lrange(key: string, start: number, stop: number): Promise<string[]> {
    return this.open.lists.lrange(wellFormed(key), start, stop);
  }
  async lrem(key: string, count: number, element: string): Promise<number> {
    return this.open.lists.lrem(wellFormed(key), count, wellFormed(element));
  }
  async lmove(
    source: string,
    destination: string,
    from: ListEnd,
    to: ListEnd,
  ): Promise<string | null> {
    return this.open.lists.lmove(wellFormed(source), wellFormed(destination), from, to);
  }
  async blpop(
    keys: string[],
    timeoutSec: number,
    options?: BlockingOptions,
  ): Promise<KeyedElement | null> {
    return this.open.lists.blpop(wellFormed(keys), timeoutSec, wellFormed(options));
  }
  async brpop(
    keys: string[],
    timeoutSec: number,
    options?: BlockingOptions,
  ): Promise<KeyedElement | null> {
    return this.open.lists.brpop(wellFormed(keys), timeoutSec, wellFormed(options));
  }
  async blmove(
    source: string,
    destination: string,
    from: ListEnd,
    to: ListEnd,
    timeoutSec: number,
    options?: BlockingOptions,
  ): Promise<string | null> {
    return this.open.lists.blmove(
      wellFormed(source),
      wellFormed(destination),
      from,
      to,
      timeoutSec,
      wellFormed(options),
    );
  }

  // streams
  async xadd(
    key: string,
    id: string,
    fields: string[],
    options?: XAddOptions,
  ): Promise<string | null> {
    return this.open.streams.xadd(
      wellFormed(key),
      wellFormed(id),
      wellFormed(fields),
      wellFormed(options),
    );
  }
  async xlen(key: string): Promise<number> {
    return this.open.streams.xlen(wellFormed(key));
  }
  async xrange(
    key: string,
    start: string,
    end: string,
    count?: number,
  ): Promise<StreamEntry[] | null> {
    return this.open.streams.xrange(wellFormed(key), wellFormed(start), wellFormed(end), count);
  }
  async xrevrange(
    key: string,
    end: string,
    start: string,
    count?: number,
  ): Promise<StreamEntry[] | null> {
    return this.open.streams.xrevrange(wellFormed(key), wellFormed(end), wellFormed(start), count);
  }
  async xrangeByTime(
    key: string,
    fromMs: number,
    toMs: number,
    count?: number,
  ): Promise<StreamEntry[]> {
    return this.open.streams.xrangeByTime(wellFormed(key), fromMs, toMs, count);
  }
  async xdel(key: string, ids: string[]): Promise<number> {
    return this.open.streams.xdel(wellFormed(key), wellFormed(ids));
  }
  async xtrim(key: string, trim: StreamTrim): Promise<number> {
    return this.open.streams.xtrim(wellFormed(key), wellFormed(trim));
  }
  async xread(streams: StreamOffset[], options?: XReadOptions): Promise<StreamReadResult[] | null> {
    return this.open.streams.xread(wellFormed(streams), wellFormed(options));
  }
  async xgroupCreate(
    key: string,
    group: string,
    id: string,
    options?: XGroupCreateOptions,
  ): Promise<'OK'> {
    return this.open.groups.xgroupCreate(
      wellFormed(key),
      wellFormed(group),
      wellFormed(id),
      wellFormed(options),
    );
  }
  async xgroupSetId(key: string, group: string, id: string, entriesRead?: number): Promise<'OK'> {
    return this.open.groups.xgroupSetId(
      wellFormed(key),
      wellFormed(group),
      wellFormed(id),
      entriesRead,
    );
  }
  async xgroupDestroy(key: string, group: string): Promise<number> {
    return this.open.groups.xgroupDestroy(wellFormed(key), wellFormed(group));
  }
  async xgroupCreateConsumer(key: string, group: string, consumer: string): Promise<number> {
    return this.open.groups.xgroupCreateConsumer(
      wellFormed(key),
      wellFormed(group),
      wellFormed(consumer),
    );
  }
  async xgroupDelConsumer(key: string, group: string, consumer: string): Promise<number> {
    return this.open.groups.xgroupDelConsumer(
      wellFormed(key),
      wellFormed(group),
      wellFormed(consumer),
    );
  }
  async xreadgroup(
    group: string,
    consumer: string,
    streams: StreamOffset[],
    options?: XReadGroupOptions,
  ): Promise<StreamReadResult<PendingReadEntry>[] | null> {
    return this.open.groups.xreadgroup(
      wellFormed(group),
      wellFormed(consumer),
      wellFormed(streams),
      wellFormed(options),
    );
  }
  async xack(key: string, group: string, ids: string[]): Promise<number> {
    return this.open.groups.xack(wellFormed(key), wellFormed(group), wellFormed(ids));
  }
  async xpending(key: string, group: string): Promise<PendingSummary> {
    return this.open.groups.xpending(wellFormed(key), wellFormed(group));
  }
  async xpendingRange(
    key: string,
    group: string,
    query: PendingRangeQuery,
  ): Promise<PendingEntry[]> {
    return this.open.groups.xpendingRange(wellFormed(key), wellFormed(group), wellFormed(query));
  }
  async xclaim(
    key: string,
    group: string,
    consumer: string,
    minIdleMs: number,
    ids: string[],
    options?: XClaimOptions,
  ): Promise<StreamEntry[]> {
    return this.open.groups.xclaim(
      wellFormed(key),
      wellFormed(group),
      wellFormed(consumer),
      minIdleMs,
      wellFormed(ids),
      wellFormed(options),
    );
  }
  async xclaimJustId(
    key: string,
    group: string,
    consumer: string,
    minIdleMs: number,
    ids: string[],
    options?: XClaimOptions,
  ): Promise<string[]> {
    return this.open.groups.xclaimJustId(
      wellFormed(key),
      wellFormed(group),
      wellFormed(consumer),
      minIdleMs,
      wellFormed(ids),
      wellFormed(options),
    );
  }
  async xautoclaim(
    key: string,
    group: string,
    consumer: string,
    minIdleMs: number,
    start: string,
    options?: XAutoClaimOptions,
  ): Promise<AutoClaimResult<StreamEntry>> {
    return this.open.groups.xautoclaim(
      wellFormed(key),
      wellFormed(group),
      wellFormed(consumer),
      minIdleMs,
      wellFormed(start),
      wellFormed(options),
    );
  }
  async xautoclaimJustId(
    key: string,
    group: string,
    consumer: string,
    minIdleMs: number,
    start: string,
    options?: XAutoClaimOptions,
  ): Promise<AutoClaimResult<string>> {
    return this.open.groups.xautoclaimJustId(
      wellFormed(key),
      wellFormed(group),
      wellFormed(consumer),
      minIdleMs,
      wellFormed(start),
      wellFormed(options),
    );
  }
  async xinfoStream(key: string): Promise<StreamInfo> {
    return this.open.streams.xinfoStream(wellFormed(key));
  }
  async xinfoGroups(key: string): Promise<GroupInfo[]> {
    return this.open.groups.xinfoGroups(wellFormed(key));
  }
  async xinfoConsumers(key: string, group: string): Promise<ConsumerInfo[]> {
    return this.open.groups.xinfoConsumers(wellFormed(key), wellFormed(group));
  }

  // sorted sets
  async zadd(key: string, members: ScoredMember[]): Promise<number> {
    return this.open.sortedSets.zadd(wellFormed(key), wellFormed(members));
  }
  async zrem(key: string, members: string[]): Promise<number> {
    return this.open.sortedSets.zrem(wellFormed(key), wellFormed(members));
  }
  async zcard(key: string): Promise<number> {
    return this.open.sortedSets.zcard(wellFormed(key));
  }
  async zscore(key: string, member: string): Promise<number | null> {
    return this.open.sortedSets.zscore(wellFormed(key), wellFormed(member));
  }
  async zrangeByScore(
    key: string,
    min: number,
    max: number,
    options?: ScoreRangeLimit,
  ): Promise<ScoredMember[]> {
    return this.open.sortedSets.zrangeByScore(wellFormed(key), min, max, options);
  }

  // pub/sub
  async publish(channel: string, message: string): Promise<number> {
    return this.open.pubsub.publish(wellFormed(channel), wellFormed(message));
  }
  async spublish(channel: string, message: string): Promise<number> {
    return this.open.pubsub.spublish(wellFormed(channel), wellFormed(message));
  }
  async createSubscriber(): Promise<SubscriberPort> {
    return new MemorySubscriber(this.open.pubsub.connect(), this.logger);
  }
  async pubsubChannels(pattern?: string): Promise<string[]> {
    return this.open.pubsub.channels(wellFormed(pattern));
  }
  async pubsubNumsub(channels: string[]): Promise<ChannelCount[]> {
    return this.open.pubsub.numsub(wellFormed(channels));
  }
  async pubsubNumpat(): Promise<number> {
    return this.open.pubsub.numpat();
  }
  async pubsubShardChannels(pattern?: string): Promise<string[]> {
    return this.open.pubsub.shardChannels(wellFormed(pattern));
  }
  async pubsubShardNumsub(channels: string[]): Promise<ChannelCount[]> {
    return this.open.pubsub.shardNumsub(wellFormed(channels));
  }
}
