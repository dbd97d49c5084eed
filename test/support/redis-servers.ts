import type {
  ClusterNodeAddress,
  RedisClusterBackendOptions,
  RedisServerOptions,
} from '../../lib/backends/redis/redis-backend.options';

/**
 * Where the throwaway servers started by `global-setup.ts` listen. Set in jest's parent process,
 * inherited by every test worker. Set them yourself to run the suite against servers of your own:
 * `BROKER_TEST_REDIS=127.0.0.1:6379` and `BROKER_TEST_REDIS_CLUSTER=127.0.0.1:7000,127.0.0.1:7001`.
 */
export const REDIS_ENV = {
  standalone: 'BROKER_TEST_REDIS',
  cluster: 'BROKER_TEST_REDIS_CLUSTER',
} as const;

/** Which server kinds a run targets, from `BROKER_TARGETS` (unset = all). */
export function redisTargetsWanted(): { standalone: boolean; cluster: boolean } {
  const only = process.env.BROKER_TARGETS?.split(',').map((s) => s.trim());
  return {
    standalone: !only || only.includes('redis'),
    cluster: !only || only.includes('redis-cluster'),
  };
}

function parseAddress(text: string): ClusterNodeAddress {
  const at = text.lastIndexOf(':');
  const port = Number(text.slice(at + 1));
  if (at <= 0 || !Number.isInteger(port)) throw new Error(`bad Redis address '${text}'`);
  return { host: text.slice(0, at), port };
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(
      `${name} is not set: the Redis test servers were not started. They are started by ` +
        `test/support/global-setup.ts (jest project 'conformance'); run through jest's config, ` +
        `or narrow the run with BROKER_TARGETS=memory,memory-cluster.`,
    );
  }
  return value;
}

/** The standalone test server, as address for raw clients in tests. */
export function redisStandaloneAddress(): ClusterNodeAddress {
  return parseAddress(required(REDIS_ENV.standalone));
}

/** The cluster's nodes (all masters). */
export function redisClusterAddresses(): ClusterNodeAddress[] {
  return required(REDIS_ENV.cluster).split(',').map(parseAddress);
}

/** Backend options for the standalone test server. */
export function redisStandaloneOptions(): RedisServerOptions {
  const { host, port } = redisStandaloneAddress();
  return { host, port };
}

/** Backend options for the 3-master test cluster. */
export function redisClusterOptions(): RedisClusterBackendOptions {
  return { cluster: redisClusterAddresses() };
}
