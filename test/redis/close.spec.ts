import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RedisBackend } from '../../lib/backends/redis/redis.backend';
import { CLOSE_REPLY_TIMEOUT_MS } from '../../lib/backends/redis/redis-connection-end';
import { BrokerClosedError } from '../../lib/core/broker.errors';
import type { BrokerConnectionStatus } from '../../lib/port/connection.port';
import type { SubscriberPort } from '../../lib/port/pubsub.port';
import { openResources, untilNoMoreOpenThan } from '../support/open-resources';
import {
  createCluster,
  type LaunchedServer,
  startServer,
  stopServer,
} from '../support/redis-launcher';
import { describeRedis, eventually, rawClient, recordingLogger, uniqueKey } from './redis-test-kit';

/**
 * How long close() may take here: the reply timeout it may wait once (subscribers and QUIT wait in
 * parallel), plus a wide margin for a loaded machine. Before the fix close() never finished at all.
 */
const CLOSE_BOUND_MS = CLOSE_REPLY_TIMEOUT_MS + 2000;

type Outcome = 'resolved' | 'rejected' | 'pending';

/** Whether `work` settles within `ms`; the timer is cleared either way. */
function settlesWithin(work: Promise<unknown>, ms: number): Promise<Outcome> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('pending'), ms);
    const done = (outcome: Outcome) => () => {
      clearTimeout(timer);
      resolve(outcome);
    };
    work.then(done('resolved'), done('rejected'));
  });
}

/** Resolves once `backend` reports `status`. */
function untilStatus(backend: RedisBackend, status: BrokerConnectionStatus): Promise<void> {
  return new Promise((resolve) => {
    const stop = backend.onStatusChange((now) => {
      if (now !== status) return;
      stop();
      resolve();
    });
  });
}

/** What a busy backend has going when the server goes away. */
interface Busy {
  readonly subscriber: SubscriberPort;
  readonly channel: string;
  /** BLPOP, BRPOP and XREAD BLOCK, each blocked forever. */
  readonly blocked: Array<Promise<unknown>>;
}

/** A subscriber holding a channel, a pattern and a shard channel; three calls blocked on Redis. */
async function makeBusy(backend: RedisBackend): Promise<Busy> {
  const subscriber = await backend.createSubscriber();
  const channel = uniqueKey('ch');
  await subscriber.subscribe([channel]);
  await subscriber.psubscribe([`${channel}*`]);
  await subscriber.ssubscribe([uniqueKey('sh')]);
  const blocked = [
    backend.blpop([uniqueKey('q')], 0),
    backend.brpop([uniqueKey('q')], 0),
    backend.xread([{ key: uniqueKey('s'), id: '$' }], { blockMs: 0 }),
  ];
  await eventually('three calls blocked', async () => (await backend.blockedClients()) === 3);
  return { subscriber, channel, blocked };
}

describeRedis('RedisBackend.close() whatever the server does', 'standalone', () => {
  let root: string;
  let server: LaunchedServer;

  // A server of the test's own: these cases stop it, pause it and bring it back.
  beforeEach(async () => {
    root = mkdtempSync(join(tmpdir(), 'nestjs-broker-close-'));
    server = await startServer(root, false);
  });
  afterEach(async () => {
    server.process.kill('SIGCONT'); // a paused server would not exit on SIGTERM
    await stopServer(server);
    rmSync(root, { recursive: true, force: true });
  });

  const open = (): RedisBackend =>
    new RedisBackend({ host: '127.0.0.1', port: server.port, logger: recordingLogger() });

  it('with the server stopped: finishes, settles every call, leaves no timer or socket', async () => {
    const baseline = openResources();
    const backend = open();
    const busy = await makeBusy(backend);
    const reconnecting = untilStatus(backend, 'reconnecting');
    await stopServer(server);
    await reconnecting;
    // Sent while Redis is down: ioredis queues them until it reconnects.
    const queued = [
      backend.ping(),
      backend.set(uniqueKey('k'), 'v'),
      busy.subscriber.subscribe([uniqueKey('later')]),
    ];

    expect(await settlesWithin(backend.close(), CLOSE_BOUND_MS)).toBe('resolved');
    expect(await Promise.all(busy.blocked)).toEqual([null, null, null]);
    for (const call of queued) await expect(call).rejects.toBeInstanceOf(BrokerClosedError);
    await expect(backend.ping()).rejects.toBeInstanceOf(BrokerClosedError);
    expect(backend.status).toBe('disconnected');
    // Nothing left that could reconnect once the server is back, or keep the process alive.
    await untilNoMoreOpenThan(baseline);
  });

  it('with the server back after an outage: unsubscribes, then leaves nothing behind', async () => {
    const baseline = openResources();
    const backend = open();
    const busy = await makeBusy(backend);
    const reconnecting = untilStatus(backend, 'reconnecting');
    await stopServer(server);
    await reconnecting;
    const connected = untilStatus(backend, 'connected');
    server = await startServer(root, false, { port: server.port });
    await connected;
    // The subscriber resubscribes and the blocked calls are sent again on new connections.
    await eventually(
      'resubscribed and blocked again',
      async () =>
        (await backend.pubsubNumsub([busy.channel]))[0][1] === 1 &&
        (await backend.blockedClients()) === 3,
    );

    expect(await settlesWithin(backend.close(), CLOSE_BOUND_MS)).toBe('resolved');
    expect(await Promise.all(busy.blocked)).toEqual([null, null, null]);
    const raw = rawClient({ host: '127.0.0.1', port: server.port });
    try {
      // The server answered the UNSUBSCRIBE before close() resolved.
      expect(await raw.call('PUBSUB', 'NUMSUB', busy.channel)).toEqual([busy.channel, 0]);
    } finally {
      raw.disconnect();
    }
    await untilNoMoreOpenThan(baseline);
  });

  it('with the server paused (connected, never answering): gives up after the reply timeout', async () => {
    const baseline = openResources();
    const backend = open();
    const busy = await makeBusy(backend);
    server.process.kill('SIGSTOP');
    const unanswered = backend.ping(); // sent on a ready connection: no reply will come

    expect(await settlesWithin(backend.close(), CLOSE_BOUND_MS)).toBe('resolved');
    expect(await Promise.all(busy.blocked)).toEqual([null, null, null]);
    await expect(unanswered).rejects.toBeInstanceOf(BrokerClosedError);
    await untilNoMoreOpenThan(baseline);
  });

  it('close() twice while the first is under way: both wait for the same shutdown', async () => {
    const backend = open();
    await makeBusy(backend);
    server.process.kill('SIGSTOP');
    const first = backend.close();
    const second = backend.close();
    let firstDone = false;
    void first.then(() => (firstDone = true));
    await second;
    expect(firstDone).toBe(true);
  });
});

describeRedis('RedisBackend.close() with every cluster node down', 'cluster', () => {
  let root: string;
  let nodes: LaunchedServer[];

  // A cluster of the test's own (three masters): the case stops every node. Forming it takes a
  // few seconds on a loaded machine (createCluster waits up to 15 s for cluster_state:ok).
  beforeEach(async () => {
    root = mkdtempSync(join(tmpdir(), 'nestjs-broker-close-cluster-'));
    nodes = await Promise.all([0, 1, 2].map(() => startServer(root, true)));
    await createCluster(nodes);
  }, 30_000);
  afterEach(async () => {
    await Promise.all(nodes.map((node) => stopServer(node)));
    rmSync(root, { recursive: true, force: true });
  });

  // No subscriber here: with every node down, ioredis's own cluster subscriber reconnects in a
  // tight loop while a (un)subscribe is pending, each attempt leaving a 2 s ioredis timer behind.
  it('finishes, settles every call (ioredis would keep them queued), leaves nothing', async () => {
    const baseline = openResources();
    const backend = new RedisBackend({
      cluster: nodes.map((node) => ({ host: '127.0.0.1', port: node.port })),
      logger: recordingLogger(),
    });
    await backend.ping();
    const blocked = backend.blpop([uniqueKey('q')], 0);
    await eventually('a call blocked', async () => (await backend.blockedClients()) === 1);
    const reconnecting = untilStatus(backend, 'reconnecting');
    await Promise.all(nodes.map((node) => stopServer(node)));
    // The Cluster finds out it lost every node through commands that fail to reach one (those
    // reject); once it is reconnecting, it queues them.
    for (let attempt = 0; attempt < 100 && backend.status !== 'reconnecting'; attempt++) {
      backend.ping().catch(() => undefined);
      await Promise.race([reconnecting, new Promise((resolve) => setTimeout(resolve, 10))]);
    }
    expect(backend.status).toBe('reconnecting');
    const queued = [backend.ping(), backend.set(uniqueKey('k'), 'v')];

    expect(await settlesWithin(backend.close(), CLOSE_BOUND_MS)).toBe('resolved');
    await expect(blocked).resolves.toBeNull();
    for (const call of queued) await expect(call).rejects.toBeInstanceOf(BrokerClosedError);
    await untilNoMoreOpenThan(baseline);
  }, 15_000);
});
