import { Cluster, type ClusterOptions, Redis, type RedisOptions } from 'ioredis';
import {
  type ClusterNodeAddress,
  isClusterOptions,
  REDIS_BACKEND_DEFAULTS,
  type RedisBackendOptions,
  type RedisClusterBackendOptions,
  type RedisServerOptions,
} from './redis-backend.options';
import { DATABASES_PROBE_TIMEOUT_MS, DatabaseCheck } from './redis-database-check';
import { checkConnectionOptions } from './redis-options.check';

/** The connection that runs ordinary (non-blocking, non-subscribed) commands. */
export type CommandClient = Redis | Cluster;

/** What every connection we open is told, whatever the user passed. */
const FORCED: Partial<RedisOptions> = {
  // Reply parsers expect RESP2 shapes (XREAD as [[key, entries]], ...).
  protocol: 2,
  // After disconnect(), ioredis waits this long for the socket to close before destroying it, on a
  // timer that nothing clears when the socket was already gone (a connection that was
  // reconnecting): a closed backend would keep the process alive that long (default 2 s). We only
  // disconnect connections we are done with, so there is nothing to wait for.
  disconnectTimeout: 0,
};

/**
 * Options of a dedicated blocking connection: a command that loses its connection is rejected at
 * once instead of being re-sent by ioredis with its original timeout — the blocking pool re-issues
 * it itself, with the time that remains.
 */
const BLOCKING: Partial<RedisOptions> = {
  maxRetriesPerRequest: 0,
  autoResendUnfulfilledCommands: false,
};

/**
 * Options of a probe: one connection attempt, its command sent once connected (whatever the
 * user's offline queue setting) and rejected if that fails. `connectTimeout` bounds the attempt;
 * the caller bounds the reply. (A URL's `/db` still wins over `db` here: ioredis lets the URL's
 * parts override the options; the probe's SELECT may then fail too, which changes nothing for
 * CONFIG GET.)
 */
const PROBE: Partial<RedisOptions> = {
  db: 0,
  retryStrategy: () => null,
  maxRetriesPerRequest: 0,
  enableOfflineQueue: true,
  connectTimeout: DATABASES_PROBE_TIMEOUT_MS,
};

/**
 * Creates and names every connection of one backend instance. Names are
 * `<prefix>:<instance-id>:<role>` (`CLIENT SETNAME`), so the instance can find its own clients in
 * `CLIENT LIST` on a server shared with others.
 */
export class RedisConnections {
  readonly clustered: boolean;
  /** Watches every standalone / Sentinel connection for a database the server refuses. */
  readonly databaseCheck: DatabaseCheck;
  private serial = 0;

  /** @throws BrokerConfigurationError for options ioredis would misread (see checkConnectionOptions) */
  constructor(
    private readonly options: RedisBackendOptions,
    readonly instanceId: string,
  ) {
    checkConnectionOptions(options);
    this.clustered = isClusterOptions(options);
    this.databaseCheck = new DatabaseCheck(() => this.createProbe());
  }

  /** The name prefix every connection of this instance carries. */
  get namePrefix(): string {
    return `${this.options.connectionName ?? REDIS_BACKEND_DEFAULTS.connectionName}:${this.instanceId}:`;
  }

  /** The command connection (a `Cluster` in cluster mode). */
  createCommandClient(): CommandClient {
    const name = this.name('command');
    return isClusterOptions(this.options)
      ? createCluster(this.options, name, false)
      : this.watched(createServer(this.options, name, {}));
  }

  /** A connection for one subscriber; in cluster mode sharded subscribers go to slot owners. */
  createSubscriberClient(): CommandClient {
    const name = this.name('subscriber', true);
    return isClusterOptions(this.options)
      ? createCluster(this.options, name, true)
      : this.watched(createServer(this.options, name, {}));
  }

  /**
   * A dedicated connection for blocking calls: to `node` in cluster mode (the owner of the key's
   * slot), to the configured server (or Sentinel-resolved master) otherwise.
   */
  createBlockingConnection(node?: ClusterNodeAddress): Redis {
    const name = this.name('blocking', true);
    if (!isClusterOptions(this.options)) {
      return this.watched(createServer(this.options, name, BLOCKING));
    }
    // Internal invariant: the cluster router always names the node a blocking call goes to.
    if (!node) throw new Error('RedisConnections: a cluster blocking connection needs its node');
    return createNode(this.options, node, name, BLOCKING);
  }

  /** A plain connection to a cluster node (diagnostics, CLIENT UNBLOCK). */
  createNodeConnection(node: ClusterNodeAddress): Redis {
    // Internal invariant: only the cluster router asks for node connections.
    if (!isClusterOptions(this.options)) throw new Error('RedisConnections: not a cluster');
    return createNode(this.options, node, this.name('admin'), {});
  }

  /** Stops what the connections' checks still run. */
  close(): void {
    this.databaseCheck.close();
  }

  private watched(client: Redis): Redis {
    this.databaseCheck.watch(client);
    return client;
  }

  /** A one-shot connection in database 0 asking the server one thing (see DatabaseCheck). */
  private createProbe(): Redis {
    // Internal invariant: only standalone / Sentinel connections are watched.
    if (isClusterOptions(this.options)) throw new Error('RedisConnections: no probe in a cluster');
    return createServer(this.options, this.name('probe'), PROBE);
  }

  /** `CLIENT SETNAME` value for a role; roles that have several connections get a serial. */
  private name(role: string, numbered = false): string {
    return `${this.namePrefix}${role}${numbered ? `-${++this.serial}` : ''}`;
  }
}

/** A standalone or Sentinel connection: the user's options without the backend's own ones. */
function createServer(
  options: RedisServerOptions,
  connectionName: string,
  extra: Partial<RedisOptions>,
): Redis {
  const {
    url,
    blockingPoolSize: _pool,
    connectionName: _name,
    logger: _logger,
    ...redis
  } = options;
  const merged: RedisOptions = { ...redis, ...extra, ...FORCED, connectionName };
  return quiet(url === undefined ? new Redis(merged) : new Redis(url, merged));
}

/** A connection to one cluster node, with the cluster's per-node `redisOptions`. */
function createNode(
  options: RedisClusterBackendOptions,
  node: ClusterNodeAddress,
  connectionName: string,
  extra: Partial<RedisOptions>,
): Redis {
  return quiet(
    new Redis({
      ...options.clusterOptions?.redisOptions,
      ...extra,
      ...FORCED,
      host: node.host,
      port: node.port,
      connectionName,
    }),
  );
}

function createCluster(
  options: RedisClusterBackendOptions,
  connectionName: string,
  shardedSubscribers: boolean,
): Cluster {
  const base: ClusterOptions = options.clusterOptions ?? {};
  return quiet(
    new Cluster(
      options.cluster.map((n) => ({ host: n.host, port: n.port })),
      {
        ...base,
        shardedSubscribers: shardedSubscribers || base.shardedSubscribers,
        redisOptions: { ...base.redisOptions, ...FORCED, connectionName },
      },
    ),
  );
}

/**
 * Gives a new connection an `error` listener. Failures reach callers through the commands that
 * fail (and ioredis reconnects by itself); without a listener Node would throw the event instead.
 */
function quiet<C extends CommandClient>(client: C): C {
  client.on('error', () => undefined);
  return client;
}
