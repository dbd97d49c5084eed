import { BrokerConfigurationError } from '../../core/broker.errors';
import { isClusterOptions, type RedisBackendOptions } from './redis-backend.options';
import { CLUSTER_DB_EXPECTED, DB_EXPECTED, URL_EXPECTED } from './redis.messages';

/** `scheme://` at the start of a URL. */
const SCHEME = /^([a-z][a-z\d+.-]*):\/\//i;

/** The URL with its credentials masked, for error messages. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}

/**
 * Refuses, before any connection is opened, options ioredis would misread: a URL it cannot parse
 * (it throws a bare `TypeError: Invalid URL`) or reads as something else (`http://host` becomes a
 * Unix socket path), a `db` that is no database index (ioredis skips SELECT for some, sends it
 * and carries on in database 0 for others), a database other than 0 on a cluster.
 */
export function checkConnectionOptions(options: RedisBackendOptions): void {
  if (isClusterOptions(options)) {
    const db = options.clusterOptions?.redisOptions?.db;
    if (db !== undefined && db !== 0) {
      throw new BrokerConfigurationError('clusterOptions.redisOptions.db', db, CLUSTER_DB_EXPECTED);
    }
    return;
  }
  if (options.url !== undefined) checkUrl(options.url);
  const db: unknown = options.db;
  if (db !== undefined && !(Number.isInteger(db) && Number(db) >= 0)) {
    throw new BrokerConfigurationError('db', db, DB_EXPECTED);
  }
}

/**
 * The forms ioredis accepts, read as it reads them: `redis://` / `rediss://` URLs, `//host...`,
 * `host[:port]` without a scheme (it prepends `redis://`), and a Unix socket path (`/...`).
 */
function checkUrl(url: unknown): void {
  if (typeof url !== 'string') throw new BrokerConfigurationError('url', url, URL_EXPECTED);
  if (url.startsWith('/') && !url.startsWith('//')) return;
  const invalid = (): BrokerConfigurationError =>
    new BrokerConfigurationError('url', redactUrl(url), URL_EXPECTED);
  const scheme = SCHEME.exec(url)?.[1].toLowerCase();
  if (scheme !== undefined && scheme !== 'redis' && scheme !== 'rediss') throw invalid();
  let parsed: URL;
  try {
    parsed = new URL(scheme ? url : url.startsWith('//') ? `redis:${url}` : `redis://${url}`);
  } catch {
    throw invalid();
  }
  // The path is the database index (ioredis reads anything else as no SELECT at all: db 0).
  const db = parsed.pathname.slice(1);
  if ((scheme || url.startsWith('//')) && db !== '' && !/^\d+$/.test(db)) throw invalid();
}
