import { BrokerConfigurationError } from '../../core/broker.errors';
import { isClusterOptions, type RedisBackendOptions } from './redis-backend.options';
import { CLUSTER_DB_EXPECTED, DB_EXPECTED } from './redis.messages';

/**
 * Refuses, before any connection is opened, options ioredis would misread: a `db` that is no
 * database index (ioredis skips SELECT for some, sends it and carries on in database 0 for
 * others), a database other than 0 on a cluster.
 */
export function checkConnectionOptions(options: RedisBackendOptions): void {
  if (isClusterOptions(options)) {
    const db = options.clusterOptions?.redisOptions?.db;
    if (db !== undefined && db !== 0) {
      throw new BrokerConfigurationError('clusterOptions.redisOptions.db', db, CLUSTER_DB_EXPECTED);
    }
    return;
  }
  const db: unknown = options.db;
  if (db !== undefined && !(Number.isInteger(db) && Number(db) >= 0)) {
    throw new BrokerConfigurationError('db', db, DB_EXPECTED);
  }
}
