import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { RedisBackend } from '../../lib/backends/redis/redis.backend';
import { BrokerConfigurationError } from '../../lib/core/broker.errors';
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
});
