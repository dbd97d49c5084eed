import { randomBytes } from 'node:crypto';
import { Cluster } from 'ioredis';
import { BrokerClosedError } from '../../core/broker.errors';
import { keySlot } from '../../core/pubsub/key-slot';
import type { BrokerPort } from '../../port/broker.port';
import type { BrokerConnectionStatus, BrokerStatusListener } from '../../port/connection.port';
import type { SubscriberPort } from '../../port/pubsub.port';
import type { BrokerLogger } from '../../core/broker-logger';
import { processWarningLogger } from '../broker-logger';
import { BackendFacade } from '../backend-facade';
import type { CommandFamilies } from '../command-families';
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
import { CLOSE_REPLY_TIMEOUT_MS, disconnectNow, within } from './redis-connection-end';
import { poolExhausted } from './redis.messages';

const noop = (): void => undefined;

/**
 * The broker port over real Redis (standalone, Sentinel or Cluster) through ioredis. Ordinary
 * commands share one command connection; every blocking call gets a pooled connection of its own
 * (in cluster mode, to the node owning the key's slot); every subscriber has its own connection.
 * Replies are converted to the port's types exactly as Redis sends them (nil stays `null`, empty
 * stays `[]`), and error replies become {@link BrokerReplyError}s with Redis's full text.
 *
 * The commands are run by one `Redis<Family>Commands` class per family of the port, to which
 * {@link BackendFacade} forwards them; this class owns the connections and their lifecycle.
 */
export class RedisBackend extends BackendFacade implements BrokerPort {
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
  protected readonly families: CommandFamilies;
  private readonly subscribers = new Set<RedisSubscriber>();
  private readonly connection = new ConnectionStatus('connecting');
  private readonly untrackConnection: () => void;
  private closing: Promise<void> | undefined;

  constructor(options: RedisBackendOptions) {
    super();
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
    this.runner = new RedisCommandRunner(this.client, this.router, this.blocking, () =>
      this.connections.databaseCheck.refused(),
    );
    this.connectionCommands = new RedisConnectionCommands(this.runner, this.connections.namePrefix);
    this.families = {
      keys: new RedisKeyCommands(this.runner),
      strings: new RedisStringCommands(this.runner),
      lists: new RedisListCommands(this.runner),
      streams: new RedisStreamCommands(this.runner),
      groups: new RedisGroupCommands(this.runner),
      sortedSets: new RedisSortedSetCommands(this.runner),
      pubsub: new RedisPubSubCommands(this.runner),
    };
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

  /**
   * Ends blocked calls with their timeout reply, closes subscribers and connections; later calls
   * reject. Finishes promptly whatever the server does: subscribers unsubscribe and the command
   * connection sends QUIT (letting commands already sent finish) only when connected, and wait at
   * most {@link CLOSE_REPLY_TIMEOUT_MS} for the replies before they disconnect. Every command
   * still pending then rejects with {@link BrokerClosedError}, and no timer or socket is left.
   */
  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    this.untrackConnection();
    this.connection.set('disconnected');
    this.runner.close();
    this.blocking.close();
    this.connections.close();
    await Promise.all([
      ...[...this.subscribers].map((s) => s.close().catch(noop)),
      this.endCommandConnection(),
    ]);
    this.router.close();
    this.runner.abandonPending();
  }

  /** QUIT, bounded; a connection that is not ready would queue it behind its own reconnects. */
  private async endCommandConnection(): Promise<void> {
    const quit =
      this.client.status === 'ready' &&
      (await within(
        this.client.quit().then(
          () => true,
          () => false,
        ),
        CLOSE_REPLY_TIMEOUT_MS,
        false,
      ));
    if (!quit) disconnectNow(this.client);
  }

  /** A subscriber with connections of its own (see {@link RedisSubscriber}). */
  async createSubscriber(): Promise<SubscriberPort> {
    if (this.closing) throw new BrokerClosedError('RedisBackend');
    const refused = (): Promise<Error> | undefined => this.connections.databaseCheck.refused();
    const failure = refused();
    if (failure) throw await failure;
    const subscriber = new RedisSubscriber(
      {
        classic: this.connections.createSubscriberClient(),
        openShard: this.clustered ? undefined : () => this.connections.createSubscriberClient(),
        slotOf: this.clustered ? keySlot : undefined,
        logger: this.logger,
        refused,
      },
      () => this.subscribers.delete(subscriber),
    );
    this.subscribers.add(subscriber);
    return subscriber;
  }
}
