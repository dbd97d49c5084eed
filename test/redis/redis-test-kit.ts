import { randomBytes } from 'node:crypto';
import type { EventEmitter } from 'node:events';
import { Redis } from 'ioredis';
import type { BrokerLogger } from '../../lib/core/broker-logger';
import { RedisBackend } from '../../lib/backends/redis/redis.backend';
import type { ClusterNodeAddress } from '../../lib/backends/redis/redis-backend.options';
import { asClientList, type ClientListEntry } from '../../lib/backends/redis/reply-parsers';
import {
  redisClusterAddresses,
  redisClusterOptions,
  redisStandaloneAddress,
  redisStandaloneOptions,
  redisTargetsWanted,
} from '../support/redis-servers';

/**
 * `describe` for Redis-only tests: skipped when `BROKER_TARGETS` leaves that server kind out
 * (the harness then has not started it).
 */
export function describeRedis(
  title: string,
  kind: 'standalone' | 'cluster',
  body: () => void,
): void {
  (redisTargetsWanted()[kind] ? describe : describe.skip)(
    `${title} [redis${kind === 'cluster' ? '-cluster' : ''}]`,
    body,
  );
}

/** A key (or channel) no other test uses; `{tag}` names keep their hash tag in front. */
export function uniqueKey(name: string): string {
  const suffix = `rt${randomBytes(4).toString('hex')}`;
  return name.startsWith('{') ? `${name}:${suffix}` : `${suffix}:${name}`;
}

/** A logger that keeps what it is told, so tests can check it and stderr stays quiet. */
export function recordingLogger(): BrokerLogger & {
  readonly warnings: string[];
  readonly errors: string[];
} {
  const warnings: string[] = [];
  const errors: string[] = [];
  return {
    warnings,
    errors,
    warn: (message) => warnings.push(String(message)),
    error: (message) => errors.push(String(message)),
  };
}

export function standaloneBackend(
  options: { blockingPoolSize?: number; logger?: BrokerLogger } = {},
): RedisBackend {
  return new RedisBackend({ ...redisStandaloneOptions(), logger: recordingLogger(), ...options });
}

export function clusterBackend(): RedisBackend {
  return new RedisBackend(redisClusterOptions());
}

/** A plain client for the test's own checks and fault injection (CLIENT KILL, MONITOR). */
export function rawClient(address: ClusterNodeAddress = redisStandaloneAddress()): Redis {
  const client = new Redis({ host: address.host, port: address.port, protocol: 2 });
  client.on('error', () => undefined);
  return client;
}

export function rawClusterNodes(): Redis[] {
  return redisClusterAddresses().map((address) => rawClient(address));
}

/** Clients of one backend instance on a server, by `CLIENT LIST`. */
export async function clientsOf(raw: Redis, backend: RedisBackend): Promise<ClientListEntry[]> {
  return asClientList(await raw.call('CLIENT', 'LIST')).filter((c) =>
    c.name.includes(`:${backend.instanceId}:`),
  );
}

/**
 * Resolves when `check` holds; polls server state a bounded number of times (a socket round trip
 * has no event to wait on), then fails with `what`.
 */
export async function eventually(
  what: string,
  check: () => Promise<boolean>,
  attempts = 400,
): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    if (await check()) return;
    await new Promise<void>((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`never happened: ${what}`);
}

/** Resolves with the arguments of the next `event` emitted. */
export function nextEvent(emitter: EventEmitter, event: string): Promise<unknown[]> {
  return new Promise((resolve) => emitter.once(event, (...args: unknown[]) => resolve(args)));
}
