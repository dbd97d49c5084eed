import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { RedisBackend } from '../../lib/backends/redis/redis.backend';
import { BrokerClosedError, BrokerConfigurationError } from '../../lib/core/broker.errors';
import { BrokerReplyError } from '../../lib/core/reply-error';
import type { BrokerConnectionStatus } from '../../lib/port/connection.port';
import { openResources, untilNoMoreOpenThan } from '../support/open-resources';
import { type LaunchedServer, startServer, stopServer } from '../support/redis-launcher';
import { redisStandaloneOptions } from '../support/redis-servers';
import { describeRedis, rawClient, recordingLogger, uniqueKey } from './redis-test-kit';

/** The server's `databases` setting, as CONFIG GET answers it. */
async function databasesOf(raw: Redis): Promise<number> {
  const [, count] = (await raw.call('CONFIG', 'GET', 'databases')) as [string, string];
  return Number(count);
}

describeRedis('a database index the server refuses', 'standalone', () => {
  let raw: Redis;
  beforeEach(() => {
    raw = rawClient();
  });
  afterEach(() => raw.disconnect());

  it('ping() rejects with a BrokerConfigurationError naming db, the value and the range', async () => {
    const databases = await databasesOf(raw);
    const backend = new RedisBackend({
      ...redisStandaloneOptions(),
      db: databases,
      logger: recordingLogger(),
    });
    try {
      const error: unknown = await backend.ping().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BrokerConfigurationError);
      expect(error).toMatchObject({ option: 'db', value: databases });
      expect((error as Error).message).toBe(
        `Invalid broker option db: got ${databases}; expected a database index from 0 to ` +
          `${databases - 1} (the server has ${databases} databases).`,
      );
      // The command connection was ended for good: the backend cannot be used.
      expect(backend.status).toBe('disconnected');
    } finally {
      await backend.close();
    }
  });

  it('calls made before the connection was up are refused too, none runs in database 0', async () => {
    const databases = await databasesOf(raw);
    const backend = new RedisBackend({
      ...redisStandaloneOptions(),
      db: databases + 10,
      logger: recordingLogger(),
    });
    try {
      const [key, queue] = [uniqueKey('k'), uniqueKey('q')];
      // Sent at once: ioredis queues them until its handshake (with the SELECT) is done.
      const set = backend.set(key, 'would land in db 0');
      const push = backend.rpush(queue, ['x']);
      const pop = backend.blpop([uniqueKey('q')], 0);
      const subscriber = await backend.createSubscriber();
      const subscribed = subscriber.subscribe([uniqueKey('ch')]);
      for (const call of [set, push, pop, subscribed]) {
        await expect(call).rejects.toMatchObject({
          name: 'BrokerConfigurationError',
          option: 'db',
        });
      }
      expect(await raw.exists(key, queue)).toBe(0);
      await expect(backend.createSubscriber()).rejects.toBeInstanceOf(BrokerConfigurationError);
    } finally {
      await backend.close();
    }
  });

  it('a database index in the URL is checked the same way', async () => {
    const databases = await databasesOf(raw);
    const { host, port } = redisStandaloneOptions();
    const backend = new RedisBackend({
      url: `redis://${host}:${port}/${databases}`,
      logger: recordingLogger(),
    });
    try {
      await expect(backend.ping()).rejects.toMatchObject({ option: 'db', value: databases });
    } finally {
      await backend.close();
    }
  });

  it('a database in range is used: keys land there', async () => {
    const backend = new RedisBackend({ ...redisStandaloneOptions(), db: 1 });
    const inDb1 = new Redis({ ...redisStandaloneOptions(), db: 1, protocol: 2 });
    try {
      const key = uniqueKey('k');
      await backend.set(key, 'in db 1');
      expect(await inDb1.get(key)).toBe('in db 1');
      expect(await raw.exists(key)).toBe(0);
    } finally {
      inDb1.disconnect();
      await backend.close();
    }
  });
});

describeRedis('start-up failures on a server of its own', 'standalone', () => {
  let root: string;
  let server: LaunchedServer | undefined;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'nestjs-broker-startup-'));
  });
  afterEach(async () => {
    if (server) await stopServer(server);
    server = undefined;
    rmSync(root, { recursive: true, force: true });
  });

  it('a server that does not tell its databases count: the range is named without it', async () => {
    server = await startServer(root, false, {
      args: ['--databases', '4', '--rename-command', 'CONFIG', '""'],
    });
    const backend = new RedisBackend({ port: server.port, db: 4, logger: recordingLogger() });
    try {
      await expect(backend.ping()).rejects.toThrow(
        'Invalid broker option db: got 4; expected a database index from 0 to databases-1 of ' +
          'the server (its databases setting; it did not say how many it has).',
      );
    } finally {
      await backend.close();
    }
  });

  it('NOAUTH and WRONGPASS fail as BrokerReplyErrors, and close() then finishes cleanly', async () => {
    server = await startServer(root, false, { args: ['--requirepass', 'right'] });
    const baseline = openResources();
    const port = server.port;
    const without = new RedisBackend({ port, logger: recordingLogger() });
    const wrong = new RedisBackend({ port, password: 'wrong', logger: recordingLogger() });
    const right = new RedisBackend({ port, password: 'right', logger: recordingLogger() });
    try {
      await expect(without.ping()).rejects.toBeInstanceOf(BrokerReplyError);
      await expect(without.ping()).rejects.toMatchObject({ code: 'NOAUTH' });
      await expect(wrong.ping()).rejects.toMatchObject({
        name: 'BrokerReplyError',
        code: 'WRONGPASS',
      });
      await expect(right.ping()).resolves.toBeUndefined();
    } finally {
      await Promise.all([without, wrong, right].map((backend) => backend.close()));
    }
    await untilNoMoreOpenThan(baseline);
  });
});

describe('RedisBackend on a host name that does not resolve', () => {
  it('retries with ioredis backoff, quietly, and close() finishes promptly', async () => {
    const baseline = openResources();
    // Each connection attempt opens a socket; nothing else in this test connects anywhere.
    const attempts: number[] = [];
    let thirdAttempt: () => void = () => undefined;
    const third = new Promise<void>((resolve) => (thirdAttempt = resolve));
    const onSocket = (): void => {
      if (attempts.push(performance.now()) === 3) thirdAttempt();
    };
    subscribe('net.client.socket', onSocket);
    const consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const consoleWarn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const warnings: unknown[] = [];
    const onWarning = (warning: unknown): void => void warnings.push(warning);
    process.on('warning', onWarning);
    const logger = recordingLogger();
    const backend = new RedisBackend({ host: 'nestjs-broker-test.invalid', port: 6379, logger });
    const statuses: BrokerConnectionStatus[] = [];
    backend.onStatusChange((status) => statuses.push(status));
    try {
      const ping = backend.ping();
      ping.catch(() => undefined);
      // The third attempt comes after ioredis's second backoff delay (2 × 50 ms).
      await third;
      // A tight loop would retry as fast as the lookup fails (a few ms); half the delay is margin.
      expect(attempts[2] - attempts[1]).toBeGreaterThanOrEqual(50);
      // Reported once, not per attempt; nothing logged or printed.
      expect(statuses).toEqual(['reconnecting']);
      expect([logger.warnings, logger.errors, warnings]).toEqual([[], [], []]);
      expect(consoleError).not.toHaveBeenCalled();
      expect(consoleWarn).not.toHaveBeenCalled();

      await backend.close();
      await expect(ping).rejects.toBeInstanceOf(BrokerClosedError);
      await untilNoMoreOpenThan(baseline);
    } finally {
      await backend.close();
      unsubscribe('net.client.socket', onSocket);
      process.off('warning', onWarning);
      consoleError.mockRestore();
      consoleWarn.mockRestore();
    }
  });
});
