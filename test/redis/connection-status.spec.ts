import type { Redis } from 'ioredis';
import type { RedisBackend } from '../../lib/backends/redis/redis.backend';
import type { BrokerConnectionStatus } from '../../lib/port/connection.port';
import {
  clientsOf,
  clusterBackend,
  describeRedis,
  rawClient,
  rawClusterNodes,
  standaloneBackend,
  uniqueKey,
} from './redis-test-kit';

/** Every status `backend` reports from now on; `next(status)` resolves when it reports that one. */
function record(backend: RedisBackend): {
  seen: BrokerConnectionStatus[];
  next(status: BrokerConnectionStatus): Promise<void>;
} {
  const seen: BrokerConnectionStatus[] = [];
  const waiting: Array<[BrokerConnectionStatus, () => void]> = [];
  backend.onStatusChange((status) => {
    seen.push(status);
    for (const [wanted, resolve] of waiting.splice(0)) {
      if (wanted === status) resolve();
      else waiting.push([wanted, resolve]);
    }
  });
  return { seen, next: (status) => new Promise((resolve) => waiting.push([status, resolve])) };
}

/** Kills, on each of `nodes`, the command connection(s) of `backend` (by CLIENT KILL ID). */
async function killCommandConnections(nodes: Redis[], backend: RedisBackend): Promise<number> {
  let killed = 0;
  for (const node of nodes) {
    const victims = (await clientsOf(node, backend)).filter((c) => c.name.endsWith(':command'));
    for (const victim of victims)
      killed += Number(await node.call('CLIENT', 'KILL', 'ID', victim.id));
  }
  return killed;
}

describeRedis('connection status', 'standalone', () => {
  let backend: RedisBackend;
  let raw: Redis;

  beforeEach(() => {
    backend = standaloneBackend();
    raw = rawClient();
  });
  afterEach(async () => {
    await backend.close();
    raw.disconnect();
  });

  it('starts connecting, becomes connected when ioredis is ready', async () => {
    expect(backend.status).toBe('connecting');
    const statuses = record(backend);
    await statuses.next('connected');
    expect(statuses.seen).toEqual(['connected']);
  });

  it('a killed command connection: reconnecting, then connected again, each reported once', async () => {
    const statuses = record(backend);
    await backend.ping();
    const reconnected = statuses.next('connected');
    expect(await killCommandConnections([raw], backend)).toBe(1);
    await reconnected;
    expect(statuses.seen).toEqual(['connected', 'reconnecting', 'connected']);
    await backend.ping();
    expect(await backend.set(uniqueKey('k'), 'after the reconnect')).toBe('OK');
  });

  it('close(): disconnected, and the ended connection reports nothing more', async () => {
    const statuses = record(backend);
    await statuses.next('connected');
    await backend.close();
    expect(backend.status).toBe('disconnected');
    await new Promise<void>((resolve) => setImmediate(resolve)); // ioredis's `end` comes on a later tick
    expect(statuses.seen).toEqual(['connected', 'disconnected']);
  });
});

describeRedis('connection status', 'cluster', () => {
  let backend: RedisBackend;
  let nodes: Redis[];

  beforeEach(() => {
    backend = clusterBackend();
    nodes = rawClusterNodes();
  });
  afterEach(async () => {
    await backend.close();
    for (const node of nodes) node.disconnect();
  });

  it('connected once the Cluster is ready; PING is answered by one node', async () => {
    const statuses = record(backend);
    await statuses.next('connected');
    await expect(backend.ping()).resolves.toBeUndefined();
  });

  it('losing every node connection: reconnecting, then connected again', async () => {
    const statuses = record(backend);
    await statuses.next('connected');
    // Make the Cluster connect to every master (it connects to a node when first used).
    await backend.blockedClients();
    const reconnected = statuses.next('connected');
    expect(await killCommandConnections(nodes, backend)).toBe(nodes.length);
    await reconnected;
    expect(statuses.seen).toEqual(['connected', 'reconnecting', 'connected']);
    expect(await backend.set(uniqueKey('k'), 'after the reconnect')).toBe('OK');
  });
});
