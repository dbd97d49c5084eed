import { Cluster, type ClusterOptions, Redis, type RedisOptions } from 'ioredis';
import {
  type ClusterNodeAddress,
  isClusterOptions,
  REDIS_BACKEND_DEFAULTS,
  type RedisBackendOptions,
  type RedisServerOptions,
} from './redis-backend.options';

/** The connection that runs ordinary (non-blocking, non-subscribed) commands. */
export type CommandClient = Redis | Cluster;

/** What every connection we open is told, whatever the user passed. */
const FORCED: Partial<RedisOptions> = {
  // Reply parsers expect RESP2 shapes (XREAD as [[key, entries]], ...).
  protocol: 2,
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

/** Splits the backend's own options from what is handed to ioredis. */
export function ioredisServerOptions(options: RedisServerOptions): {
  url: string | undefined;
  redis: RedisOptions;
} {
  const { url, blockingPoolSize: _pool, connectionName: _name, ...redis } = options;
  return { url, redis };
}

/**
 * Creates and names every connection of one backend instance. Names are
 * `<prefix>:<instance-id>:<role>` (`CLIENT SETNAME`), so the instance can find its own clients in
 * `CLIENT LIST` on a server shared with others.
 */
export class RedisConnections {
  readonly clustered: boolean;
  private serial = 0;

  constructor(
    private readonly options: RedisBackendOptions,
    readonly instanceId: string,
  ) {
    this.clustered = isClusterOptions(options);
  }

  /** The name prefix every connection of this instance carries. */
  get namePrefix(): string {
    return `${this.options.connectionName ?? REDIS_BACKEND_DEFAULTS.connectionName}:${this.instanceId}:`;
  }

  /** `CLIENT SETNAME` value for a role; roles that have several connections get a serial. */
  name(role: string, numbered = false): string {
    return `${this.namePrefix}${role}${numbered ? `-${++this.serial}` : ''}`;
  }

  /** The command connection (a `Cluster` in cluster mode). */
  createCommandClient(): CommandClient {
    const name = this.name('command');
    return this.clustered ? this.createCluster(name, false) : this.createServer(name, {});
  }

  /** A connection for one subscriber; in cluster mode sharded subscribers go to slot owners. */
  createSubscriberClient(): CommandClient {
    const name = this.name('subscriber', true);
    return this.clustered ? this.createCluster(name, true) : this.createServer(name, {});
  }

  /**
   * A dedicated connection for blocking calls: to `node` in cluster mode (the owner of the key's
   * slot), to the configured server (or Sentinel-resolved master) otherwise.
   */
  createBlockingConnection(node?: ClusterNodeAddress): Redis {
    const name = this.name('blocking', true);
    if (!this.clustered || !node) return this.createServer(name, BLOCKING);
    const clusterOptions = isClusterOptions(this.options) ? this.options.clusterOptions : undefined;
    return new Redis({
      ...clusterOptions?.redisOptions,
      ...BLOCKING,
      ...FORCED,
      host: node.host,
      port: node.port,
      connectionName: name,
    });
  }

  /** A plain connection to a cluster node (diagnostics, CLIENT UNBLOCK). */
  createNodeConnection(node: ClusterNodeAddress): Redis {
    const clusterOptions = isClusterOptions(this.options) ? this.options.clusterOptions : undefined;
    return new Redis({
      ...clusterOptions?.redisOptions,
      ...FORCED,
      host: node.host,
      port: node.port,
      connectionName: this.name('admin'),
    });
  }

  private createServer(connectionName: string, extra: Partial<RedisOptions>): Redis {
    if (isClusterOptions(this.options)) throw new Error('not a standalone configuration');
    const { url, redis } = ioredisServerOptions(this.options);
    const options: RedisOptions = {
      ...redis,
      ...extra,
      ...FORCED,
      connectionName,
    };
    return url === undefined ? new Redis(options) : new Redis(url, options);
  }

  private createCluster(connectionName: string, shardedSubscribers: boolean): Cluster {
    if (!isClusterOptions(this.options)) throw new Error('not a cluster configuration');
    const base: ClusterOptions = this.options.clusterOptions ?? {};
    return new Cluster(
      this.options.cluster.map((n) => ({ host: n.host, port: n.port })),
      {
        ...base,
        shardedSubscribers: shardedSubscribers || base.shardedSubscribers,
        redisOptions: { ...base.redisOptions, ...FORCED, connectionName },
      },
    );
  }
}
