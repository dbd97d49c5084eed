import { randomBytes } from 'node:crypto';
import { Cluster } from 'ioredis';
import { BrokerClosedError } from '../../core/broker.errors';
import type { BlockingOptions, KeyedElement, ListEnd } from '../../core/lists/list.types';
import { keySlot } from '../../core/pubsub/key-slot';
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
import { BlockingCalls } from './blocking-calls';
import { type BlockingDiagnostics, BlockingPool } from './blocking-pool';
import { ClusterRouter, type DeploymentRouter, ServerRouter } from './redis-routers';
import { REDIS_BACKEND_DEFAULTS, type RedisBackendOptions } from './redis-backend.options';
import { trackCommandConnection } from './redis-connection-status';
import { type CommandClient, RedisConnections } from './redis-connections';
import { RedisCommandRunner } from './redis-command-runner';
import { RedisConnectionCommands } from './redis-connection.commands';
import { RedisGroupCommands } from './redis-group.commands';
import { RedisKeyCommands } from './redis-key.commands';
import { RedisListCommands } from './redis-list.commands';
import { RedisPubSubCommands } from './redis-pubsub.commands';
import { RedisSortedSetCommands } from './redis-sorted-set.commands';
import { RedisStreamCommands } from './redis-stream.commands';
import { RedisStringCommands } from './redis-string.commands';
import { RedisSubscriber } from './redis-subscriber';
import { poolExhausted } from './redis.messages';

const noop = (): void => undefined;

/**
 * The broker port over real Redis (standalone, Sentinel or Cluster) through ioredis. Ordinary
 * commands share one command connection; every blocking call gets a pooled connection of its own
 * (in cluster mode, to the node owning the key's slot); every subscriber has its own connection.
 * Replies are converted to the port's types exactly as Redis sends them (nil stays `null`, empty
 * stays `[]`), and error replies become {@link BrokerReplyError}s with Redis's full text.
 */
export class RedisBackend implements BrokerPort {
  readonly backend = 'redis' as const;
  readonly clustered: boolean;
  /** Random id in every connection name (`CLIENT LIST`): `<prefix>:<instanceId>:<role>`. */
  readonly instanceId = randomBytes(4).toString('hex');
  private readonly connections: RedisConnections;
  private readonly logger: BrokerLogger;
  private readonly pool: BlockingPool;
  private readonly client: CommandClient;
  private readonly router: DeploymentRouter;
  private readonly blocking: BlockingCalls;
  private readonly runner: RedisCommandRunner;
  private readonly connectionCommands: RedisConnectionCommands;
  private readonly keys: RedisKeyCommands;
  private readonly strings: RedisStringCommands;
  private readonly lists: RedisListCommands;
  private readonly streams: RedisStreamCommands;
  private readonly groups: RedisGroupCommands;
  private readonly sortedSets: RedisSortedSetCommands;
  private readonly pubsub: RedisPubSubCommands;
  private readonly subscribers = new Set<RedisSubscriber>();
  private readonly connection = new ConnectionStatus('connecting');
  private readonly untrackConnection: () => void;
  private closed = false;

  constructor(options: RedisBackendOptions) {
    this.connections = new RedisConnections(options, this.instanceId);
    this.clustered = this.connections.clustered;
    this.logger = options.logger ?? processWarningLogger;
    this.pool = new BlockingPool(
      options.blockingPoolSize ?? REDIS_BACKEND_DEFAULTS.blockingPoolSize,
      (node) => this.connections.createBlockingConnection(node.address),
      (size) => this.logger.warn(poolExhausted(this.instanceId, size)),
    );
    this.client = this.connections.createCommandClient();
    this.untrackConnection = trackCommandConnection(this.client, this.connection);
    this.router =
      this.client instanceof Cluster
        ? new ClusterRouter(this.client, this.connections)
        : new ServerRouter(this.client);
    this.blocking = new BlockingCalls(this.pool, this.router);
    this.runner = new RedisCommandRunner(this.client, this.router, this.blocking);
    this.connectionCommands = new RedisConnectionCommands(this.runner, this.connections.namePrefix);
    this.keys = new RedisKeyCommands(this.runner);
    this.strings = new RedisStringCommands(this.runner);
    this.lists = new RedisListCommands(this.runner);
    this.streams = new RedisStreamCommands(this.runner);
    this.groups = new RedisGroupCommands(this.runner);
    this.sortedSets = new RedisSortedSetCommands(this.runner);
    this.pubsub = new RedisPubSubCommands(this.runner);
  }

  /**
   * Diagnostics: how many of this instance's connections are blocked in a command right now, from
   * `CLIENT LIST` on every node (flag `b`), counting only clients named for this instance.
   */
  blockedClients(): Promise<number> {
    return this.connectionCommands.blockedClients();
  }

  /**
   * Diagnostics of the blocking pool: its size, the connections open and busy, and the calls
   * queued for one (those are not blocked on the server: see `blockingPoolSize`).
   */
  blockingDiagnostics(): BlockingDiagnostics {
    return this.pool.diagnostics();
  }

  /** The command connection's status: ioredis's `ready`, `reconnecting` and `end` events. */
  get status(): BrokerConnectionStatus {
    return this.connection.value;
  }

  onStatusChange(listener: BrokerStatusListener): () => void {
    return this.connection.subscribe(listener);
  }

  /** PING on the command connection (in a cluster, ioredis picks one node). */
  ping(): Promise<void> {
    return this.connectionCommands.ping();
  }

  /** Ends blocked calls with their timeout reply, closes subscribers and connections; later calls reject. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.untrackConnection();
    this.connection.set('disconnected');
    this.runner.close();
    this.blocking.close();
    await Promise.all([...this.subscribers].map((s) => s.close().catch(noop)));
    this.router.close();
    // QUIT lets queued commands finish; disconnect only if it failed (a second one would linger).
    // A connection that never became ready would queue the QUIT behind its own reconnects.
    if (this.client.status !== 'ready') this.client.disconnect();
    else await this.client.quit().catch(() => this.client.disconnect());
  }

  // keys
  del(keys: string[]): Promise<number> {
    return this.keys.del(keys);
  }
  exists(keys: string[]): Promise<number> {
    return this.keys.exists(keys);
  }
  type(key: string): Promise<RedisKeyType> {
    return this.keys.type(key);
  }
  pexpire(key: string, ms: number): Promise<number> {
    return this.keys.pexpire(key, ms);
  }
  pttl(key: string): Promise<number> {
    return this.keys.pttl(key);
  }

  // strings
  set(key: string, value: string, options?: SetOptions): Promise<'OK' | null> {
    return this.strings.set(key, value, options);
  }
  get(key: string): Promise<string | null> {
    return this.strings.get(key);
  }

  // lists
  lpush(key: string, elements: string[]): Promise<number> {
    return this.lists.lpush(key, elements);
  }
  rpush(key: string, elements: string[]): Promise<number> {
    return this.lists.rpush(key, elements);
  }
  lpop(key: string): Promise<string | null> {
    return this.lists.lpop(key);
  }
  rpop(key: string): Promise<string | null> {
    return this.lists.rpop(key);
  }
  lpopCount(key: string, count: number): Promise<string[] | null> {
    return this.lists.lpopCount(key, count);
  }
  rpopCount(key: string, count: number): Promise<string[] | null> {
    return this.lists.rpopCount(key, count);
  }
  llen(key: string): Promise<number> {
    return this.lists.llen(key);
  }
  lrange(key: string, start: number, stop: number): Promise<string[]> {
    return this.lists.lrange(key, start, stop);
  }
  lrem(key: string, count: number, element: string): Promise<number> {
    return this.lists.lrem(key, count, element);
  }
  lmove(source: string, destination: string, from: ListEnd, to: ListEnd): Promise<string | null> {
    return this.lists.lmove(source, destination, from, to);
  }
  blpop(
    keys: string[],
    timeoutSec: number,
    options?: BlockingOptions,
  ): Promise<KeyedElement | null> {
    return this.lists.blpop(keys, timeoutSec, options);
  }
  brpop(
    keys: string[],
    timeoutSec: number,
    options?: BlockingOptions,
  ): Promise<KeyedElement | null> {
    return this.lists.brpop(keys, timeoutSec, options);
  }
  blmove(
    source: string,
    destination: string,
    from: ListEnd,
    to: ListEnd,
    timeoutSec: number,
    options?: BlockingOptions,
  ): Promise<string | null> {
    return this.lists.blmove(source, destination, from, to, timeoutSec, options);
  }

  // streams
  xadd(key: string, id: string, fields: string[], options?: XAddOptions): Promise<string | null> {
    return this.streams.xadd(key, id, fields, options);
  }
  xlen(key: string): Promise<number> {
    return this.streams.xlen(key);
  }
  xrange(key: string, start: string, end: string, count?: number): Promise<StreamEntry[] | null> {
    return this.streams.xrange(key, start, end, count);
  }
  xrevrange(
    key: string,
    end: string,
    start: string,
    count?: number,
  ): Promise<StreamEntry[] | null> {
    return this.streams.xrevrange(key, end, start, count);
  }
  xrangeByTime(key: string, fromMs: number, toMs: number, count?: number): Promise<StreamEntry[]> {
    return this.streams.xrangeByTime(key, fromMs, toMs, count);
  }
  xdel(key: string, ids: string[]): Promise<number> {
    return this.streams.xdel(key, ids);
  }
  xtrim(key: string, trim: StreamTrim): Promise<number> {
    return this.streams.xtrim(key, trim);
  }
  xread(streams: StreamOffset[], options?: XReadOptions): Promise<StreamReadResult[] | null> {
    return this.streams.xread(streams, options);
  }
  xinfoStream(key: string): Promise<StreamInfo> {
    return this.streams.xinfoStream(key);
  }

  // consumer groups
  xgroupCreate(
    key: string,
    group: string,
    id: string,
    options?: XGroupCreateOptions,
  ): Promise<'OK'> {
    return this.groups.xgroupCreate(key, group, id, options);
  }
  xgroupSetId(key: string, group: string, id: string, entriesRead?: number): Promise<'OK'> {
    return this.groups.xgroupSetId(key, group, id, entriesRead);
  }
  xgroupDestroy(key: string, group: string): Promise<number> {
    return this.groups.xgroupDestroy(key, group);
  }
  xgroupCreateConsumer(key: string, group: string, consumer: string): Promise<number> {
    return this.groups.xgroupCreateConsumer(key, group, consumer);
  }
  xgroupDelConsumer(key: string, group: string, consumer: string): Promise<number> {
    return this.groups.xgroupDelConsumer(key, group, consumer);
  }
  xreadgroup(
    group: string,
    consumer: string,
    streams: StreamOffset[],
    options?: XReadGroupOptions,
  ): Promise<StreamReadResult<PendingReadEntry>[] | null> {
    return this.groups.xreadgroup(group, consumer, streams, options);
  }
  xack(key: string, group: string, ids: string[]): Promise<number> {
    return this.groups.xack(key, group, ids);
  }
  xpending(key: string, group: string): Promise<PendingSummary> {
    return this.groups.xpending(key, group);
  }
  xpendingRange(key: string, group: string, query: PendingRangeQuery): Promise<PendingEntry[]> {
    return this.groups.xpendingRange(key, group, query);
  }
  xclaim(
    key: string,
    group: string,
    consumer: string,
    minIdleMs: number,
    ids: string[],
    options?: XClaimOptions,
  ): Promise<StreamEntry[]> {
    return this.groups.xclaim(key, group, consumer, minIdleMs, ids, options);
  }
  xclaimJustId(
    key: string,
    group: string,
    consumer: string,
    minIdleMs: number,
    ids: string[],
    options?: XClaimOptions,
  ): Promise<string[]> {
    return this.groups.xclaimJustId(key, group, consumer, minIdleMs, ids, options);
  }
  xautoclaim(
    key: string,
    group: string,
    consumer: string,
    minIdleMs: number,
    start: string,
    options?: XAutoClaimOptions,
  ): Promise<AutoClaimResult<StreamEntry>> {
    return this.groups.xautoclaim(key, group, consumer, minIdleMs, start, options);
  }
  xautoclaimJustId(
    key: string,
    group: string,
    consumer: string,
    minIdleMs: number,
    start: string,
    options?: XAutoClaimOptions,
  ): Promise<AutoClaimResult<string>> {
    return this.groups.xautoclaimJustId(key, group, consumer, minIdleMs, start, options);
  }
  xinfoGroups(key: string): Promise<GroupInfo[]> {
    return this.groups.xinfoGroups(key);
  }
  xinfoConsumers(key: string, group: string): Promise<ConsumerInfo[]> {
    return this.groups.xinfoConsumers(key, group);
  }

  // sorted sets
  zadd(key: string, members: ScoredMember[]): Promise<number> {
    return this.sortedSets.zadd(key, members);
  }
  zrem(key: string, members: string[]): Promise<number> {
    return this.sortedSets.zrem(key, members);
  }
  zcard(key: string): Promise<number> {
    return this.sortedSets.zcard(key);
  }
  zscore(key: string, member: string): Promise<number | null> {
    return this.sortedSets.zscore(key, member);
  }
  zrangeByScore(
    key: string,
    min: number,
    max: number,
    options?: ScoreRangeLimit,
  ): Promise<ScoredMember[]> {
    return this.sortedSets.zrangeByScore(key, min, max, options);
  }

  // pub/sub
  publish(channel: string, message: string): Promise<number> {
    return this.pubsub.publish(channel, message);
  }
  spublish(channel: string, message: string): Promise<number> {
    return this.pubsub.spublish(channel, message);
  }
  /** A subscriber with connections of its own (see {@link RedisSubscriber}). */
  async createSubscriber(): Promise<SubscriberPort> {
    if (this.closed) throw new BrokerClosedError('RedisBackend');
    const subscriber = new RedisSubscriber(
      {
        classic: this.connections.createSubscriberClient(),
        openShard: this.clustered ? undefined : () => this.connections.createSubscriberClient(),
        slotOf: this.clustered ? keySlot : undefined,
        logger: this.logger,
      },
      () => this.subscribers.delete(subscriber),
    );
    this.subscribers.add(subscriber);
    return subscriber;
  }
  pubsubChannels(pattern?: string): Promise<string[]> {
    return this.pubsub.pubsubChannels(pattern);
  }
  pubsubNumsub(channels: string[]): Promise<ChannelCount[]> {
    return this.pubsub.pubsubNumsub(channels);
  }
  pubsubNumpat(): Promise<number> {
    return this.pubsub.pubsubNumpat();
  }
  pubsubShardChannels(pattern?: string): Promise<string[]> {
    return this.pubsub.pubsubShardChannels(pattern);
  }
  pubsubShardNumsub(channels: string[]): Promise<ChannelCount[]> {
    return this.pubsub.pubsubShardNumsub(channels);
  }
}
