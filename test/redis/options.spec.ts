import { mkdtempSync, rmSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Cluster, Redis } from 'ioredis';
import { BrokerConfigurationError } from '../../lib/core/broker.errors';
import { RedisBackend } from '../../lib/backends/redis/redis.backend';
import { RedisConnections } from '../../lib/backends/redis/redis-connections';
import {
  type LaunchedServer,
  startSentinel,
  startServer,
  stopServer,
} from '../support/redis-launcher';
import { describeRedis, recordingLogger, uniqueKey } from './redis-test-kit';

// Building connections does not connect when the options say `lazyConnect`: these cases read the
// options ioredis was given, no server involved.
describe('RedisBackend options', () => {
  const opened: Array<Redis | Cluster> = [];
  afterEach(() => {
    for (const client of opened.splice(0)) client.disconnect();
  });
  const keep = <T extends Redis | Cluster>(client: T): T => {
    opened.push(client);
    return client;
  };

  it('passes Sentinel options through to ioredis and names the connection', () => {
    const connections = new RedisConnections(
      {
        sentinels: [
          { host: '10.0.0.1', port: 26379 },
          { host: '10.0.0.2', port: 26380 },
        ],
        name: 'mymaster',
        role: 'master',
        sentinelPassword: 'sentinel-secret',
        password: 'secret',
        lazyConnect: true,
        connectionName: 'billing',
        blockingPoolSize: 7,
      },
      'abcd1234',
    );
    const command = keep(connections.createCommandClient()) as Redis;
    expect(command.options).toMatchObject({
      sentinels: [
        { host: '10.0.0.1', port: 26379 },
        { host: '10.0.0.2', port: 26380 },
      ],
      name: 'mymaster',
      role: 'master',
      sentinelPassword: 'sentinel-secret',
      password: 'secret',
      protocol: 2,
      connectionName: 'billing:abcd1234:command',
    });
    expect(command.options).not.toHaveProperty('blockingPoolSize');
    const blocking = keep(connections.createBlockingConnection());
    expect(blocking.options).toMatchObject({
      sentinels: [
        { host: '10.0.0.1', port: 26379 },
        { host: '10.0.0.2', port: 26380 },
      ],
      name: 'mymaster',
      maxRetriesPerRequest: 0,
      autoResendUnfulfilledCommands: false,
      connectionName: 'billing:abcd1234:blocking-1',
    });
  });

  it('reads host, port, password and db from a URL', () => {
    const connections = new RedisConnections(
      { url: 'redis://:pw@db.example:6390/3', lazyConnect: true },
      'id',
    );
    const command = keep(connections.createCommandClient()) as Redis;
    expect(command.options).toMatchObject({
      host: 'db.example',
      port: 6390,
      password: 'pw',
      db: 3,
      protocol: 2,
      connectionName: 'nestjs-broker:id:command',
    });
  });

  it('forces RESP2 even when another protocol is asked for', () => {
    const connections = new RedisConnections({ port: 1, protocol: 3, lazyConnect: true }, 'id');
    expect((keep(connections.createCommandClient()) as Redis).options.protocol).toBe(2);
  });

  it('passes cluster options through, with sharded subscribers on for subscribers', () => {
    const connections = new RedisConnections(
      {
        cluster: [{ host: '10.0.0.1', port: 7000 }],
        clusterOptions: { lazyConnect: true, maxRedirections: 3, redisOptions: { password: 'pw' } },
      },
      'id',
    );
    expect(connections.clustered).toBe(true);
    const command = keep(connections.createCommandClient()) as Cluster;
    expect(command.options).toMatchObject({ lazyConnect: true, maxRedirections: 3 });
    expect(command.options.shardedSubscribers).toBeFalsy();
    expect(command.options.redisOptions).toMatchObject({
      password: 'pw',
      protocol: 2,
      connectionName: 'nestjs-broker:id:command',
    });
    const subscriber = keep(connections.createSubscriberClient()) as Cluster;
    expect(subscriber.options.shardedSubscribers).toBe(true);
  });

  it('rejects a blocking pool size that is not a positive integer', () => {
    expect(() => new RedisBackend({ lazyConnect: true, blockingPoolSize: 0 })).toThrow(
      BrokerConfigurationError,
    );
  });

  it('refuses a URL ioredis cannot read, naming url and what a valid one looks like', () => {
    expect(() => new RedisBackend({ url: 'not a url' })).toThrow(
      new BrokerConfigurationError(
        'url',
        'not a url',
        'a Redis URL: redis://[[user]:password@]host[:port][/db], or rediss://... for TLS ' +
          '(a Unix socket is a path starting with /)',
      ),
    );
    // Read by ioredis as something else: a Unix socket path "//cache:6379", database 0.
    for (const url of ['http://cache:6379', 'redis://cache:99999', 'redis://cache/first']) {
      expect(() => new RedisBackend({ url })).toThrow(
        expect.objectContaining({ name: 'BrokerConfigurationError', option: 'url', value: url }),
      );
    }
  });

  it('keeps the password of a refused URL out of the error', () => {
    const error = captured(() => new RedisBackend({ url: 'redis://:s3cret@cache:99999' }));
    expect(error).toMatchObject({ option: 'url', value: 'redis://***@cache:99999' });
    expect(String(error)).not.toContain('s3cret');
  });

  it('accepts every URL form ioredis reads', () => {
    for (const url of [
      'redis://cache:6390/3',
      'rediss://user:pw@cache',
      'REDIS://cache',
      '//cache:6390/2',
      'cache:6390',
      '6390',
      '/run/redis.sock',
    ]) {
      const connections = new RedisConnections({ url, lazyConnect: true }, 'id');
      keep(connections.createCommandClient());
    }
  });

  it('refuses a db that is no database index, and a db other than 0 on a cluster', () => {
    for (const db of [-1, 1.5, Number.NaN]) {
      expect(() => new RedisBackend({ lazyConnect: true, db })).toThrow(
        expect.objectContaining({ name: 'BrokerConfigurationError', option: 'db' }),
      );
    }
    const cluster = { cluster: [{ host: '10.0.0.1', port: 7000 }] };
    expect(
      () => new RedisBackend({ ...cluster, clusterOptions: { redisOptions: { db: 2 } } }),
    ).toThrow(
      'Invalid broker option clusterOptions.redisOptions.db: got 2; expected 0 or nothing: ' +
        'a Redis Cluster has database 0 only.',
    );
  });
});

/** What `fn` throws. */
function captured(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describeRedis('Sentinel', 'standalone', () => {
  const masterName = 'broker-test-master';
  let root: string;
  let master: LaunchedServer | undefined;
  let sentinel: LaunchedServer | undefined;

  // A master of its own: a Sentinel subscribes to it and publishes hellos, which must not show in
  // the PUBSUB state other test files look at on the shared server.
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'nestjs-broker-sentinel-'));
    master = await startServer(root, false);
    sentinel = await startSentinel(root, master.port, masterName);
  });
  afterAll(async () => {
    await Promise.all([master, sentinel].map((s) => (s ? stopServer(s) : undefined)));
    rmSync(root, { recursive: true, force: true });
  });

  it('finds the master through the Sentinel and runs commands, blocking calls and subscriptions', async () => {
    const backend = new RedisBackend({
      sentinels: [{ host: '127.0.0.1', port: sentinel?.port }],
      name: masterName,
    });
    try {
      const key = uniqueKey('q');
      const popped = backend.blpop([key], 0);
      await backend.rpush(key, ['via-sentinel']);
      await expect(popped).resolves.toEqual([key, 'via-sentinel']);
      const sub = await backend.createSubscriber();
      const received = new Promise((resolve) => sub.onMessage(resolve));
      await sub.subscribe([key]);
      await backend.publish(key, 'hello');
      await expect(received).resolves.toEqual({ kind: 'message', channel: key, payload: 'hello' });
    } finally {
      await backend.close();
    }
  });
});

describe('RedisBackend.close() when the server never answered', () => {
  it('returns at once instead of queueing QUIT behind the reconnects', async () => {
    // Nothing listens on the port: every connection attempt is refused.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const backend = new RedisBackend({ host: '127.0.0.1', port, logger: recordingLogger() });
    const ping = backend.ping().catch((error: unknown) => error);
    await backend.close();
    expect(await ping).toBeInstanceOf(Error);
  });
});
