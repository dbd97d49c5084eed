// Messages the Redis backend reports through its logger (kept apart from the code that sends them).

/** The blocking pool ran out of connections for the first time. */
export function poolExhausted(instanceId: string, size: number): string {
  return (
    `RedisBackend ${instanceId}: all ${size} blocking connections are busy; further blocking ` +
    `calls queue until one is free. A queued call is not blocked on Redis: data pushed meanwhile ` +
    `goes to clients already blocked, or stays until the call is sent or its deadline passes. ` +
    `Raise blockingPoolSize if this many concurrent blocking calls is expected. ` +
    `(Reported once; blockingDiagnostics().queued shows the queue.)`
  );
}

// What valid options look like (the `expected` of a BrokerConfigurationError).

/** Option `url`. */
export const URL_EXPECTED =
  'a Redis URL: redis://[[user]:password@]host[:port][/db], or rediss://... for TLS ' +
  '(a Unix socket is a path starting with /)';

/** Option `db`, checked before connecting. */
export const DB_EXPECTED = 'a database index: a whole number from 0 to databases-1 of the server';

/** `clusterOptions.redisOptions.db`. */
export const CLUSTER_DB_EXPECTED = '0 or nothing: a Redis Cluster has database 0 only';

/**
 * Option `db` once the server refused `SELECT db` (`reply` is its answer). With `databases`, the
 * server's count of databases (CONFIG GET databases), the range is exact.
 */
export function databaseRefused(reply: string, databases: number | undefined): string {
  if (!/out of range/i.test(reply)) {
    return `a database this server lets the connection select (it answered SELECT with "${reply}")`;
  }
  return databases === undefined
    ? 'a database index from 0 to databases-1 of the server (its databases setting; it did not ' +
        'say how many it has)'
    : `a database index from 0 to ${databases - 1} (the server has ${databases} databases)`;
}
