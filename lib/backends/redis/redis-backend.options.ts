import type { ClusterOptions, RedisOptions } from 'ioredis';
import type { BrokerLogger } from '../../core/broker-logger';

/** Options every deployment shape shares. */
export interface RedisBackendCommonOptions {
  /**
   * Most blocking calls (BLPOP, BRPOP, BLMOVE, XREAD BLOCK, XREADGROUP BLOCK) in flight at once.
   * Each holds a dedicated connection while it waits; connections are opened on demand up to this
   * limit and kept for reuse. Calls beyond it queue until one ends (warned once through `logger`;
   * `blockingDiagnostics().queued` counts them). A queued call is not blocked on the server yet;
   * its timeout still counts from the call.
   * @default 50
   */
  readonly blockingPoolSize?: number;
  /**
   * Receives what no reply can carry: the pool ran out of connections (once), a message listener
   * threw and the subscriber has no `onError` listener. A Nest `Logger` fits.
   * @default Node process warnings (`process.emitWarning`, type `NestjsBrokerWarning`)
   */
  readonly logger?: BrokerLogger;
  /**
   * Prefix of every connection's `CLIENT SETNAME`. Connections are named
   * `<prefix>:<instance-id>:<role>`, so `CLIENT LIST` shows which backend instance owns them.
   * @default 'nestjs-broker'
   */
  readonly connectionName?: string;
}

/**
 * A standalone server or a Sentinel-managed master: ioredis {@link RedisOptions} (host, port,
 * password, tls, `sentinels` + `name`, ...) plus an optional `url`
 * (`redis://[[user]:password@]host[:port][/db]`, `rediss://` for TLS). Explicit options win over
 * the URL's parts.
 *
 * The backend always speaks RESP2 (`protocol` is forced to 2): the reply parsers expect RESP2
 * shapes, and a subscribed connection runs nothing but (un)subscribe commands anyway. And
 * `disconnectTimeout` is forced to 0, so a closed backend leaves no ioredis timer behind.
 *
 * `db` must be a database index (checked at construction) the server has: one it refuses makes
 * `ping()` and every call reject with a `BrokerConfigurationError`, instead of ioredis going on in
 * database 0.
 */
export type RedisServerOptions = Omit<RedisOptions, 'connectionName'> &
  RedisBackendCommonOptions & {
    /**
     * Connection URL, parsed by ioredis: `redis://[[user]:password@]host[:port][/db]`,
     * `rediss://` for TLS (also `host:port`, and a Unix socket path starting with `/`). One it
     * cannot read, or would read as something else (another scheme), fails at construction with
     * a `BrokerConfigurationError`. Without it, the host / port options are used.
     * @default undefined (localhost:6379 unless host / port say otherwise)
     */
    readonly url?: string;
  };

/** A host and port of a cluster node. */
export interface ClusterNodeAddress {
  /** Host name or IP address. */
  readonly host: string;
  /** TCP port of the node. */
  readonly port: number;
}

/** A Redis Cluster: the startup nodes and ioredis {@link ClusterOptions}. */
export interface RedisClusterBackendOptions extends RedisBackendCommonOptions {
  /** Startup nodes (required); the rest of the cluster is discovered from them. */
  readonly cluster: readonly ClusterNodeAddress[];
  /**
   * Passed to every ioredis `Cluster` the backend creates (`shardedSubscribers` is forced on for
   * subscribers, and `redisOptions.protocol` to 2).
   * @default {}
   */
  readonly clusterOptions?: ClusterOptions;
}

/** How to reach Redis: a server / Sentinel set ({@link RedisServerOptions}) or a cluster. */
export type RedisBackendOptions = RedisServerOptions | RedisClusterBackendOptions;

/** Whether `options` describe a cluster. */
export function isClusterOptions(
  options: RedisBackendOptions,
): options is RedisClusterBackendOptions {
  return 'cluster' in options && Array.isArray(options.cluster);
}

/** Defaults of {@link RedisBackendCommonOptions}. */
export const REDIS_BACKEND_DEFAULTS = {
  blockingPoolSize: 50,
  connectionName: 'nestjs-broker',
} as const;
