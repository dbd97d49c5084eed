import type { Redis } from 'ioredis';
import type { RedisBackend } from '../../lib/backends/redis/redis.backend';
import { keySlot } from '../../lib/core/pubsub/key-slot';
import type { PubSubMessage } from '../../lib/core/pubsub/pubsub.types';
import { waitUntilBlocked } from '../conformance/blocked-clients';
import {
  clientsOf,
  clusterBackend,
  describeRedis,
  eventually,
  rawClusterNodes,
  uniqueKey,
} from './redis-test-kit';

const CROSSSLOT = {
  message: "CROSSSLOT Keys in request don't hash to the same slot",
  code: 'CROSSSLOT',
};

/** Two names in different slots (and, with three masters, usually on different nodes). */
function keysInTwoSlots(): [string, string] {
  const a = uniqueKey('{a}k');
  const b = uniqueKey('{b}k');
  expect(keySlot(a)).not.toBe(keySlot(b));
  return [a, b];
}

describeRedis('cluster', 'cluster', () => {
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

  /** The raw node that owns `key`'s slot, from CLUSTER SLOTS. */
  async function owner(key: string): Promise<Redis> {
    const slot = keySlot(key);
    const ranges = (await nodes[0].call('CLUSTER', 'SLOTS')) as Array<
      [number, number, [string, number]]
    >;
    const range = ranges.find(([start, end]) => slot >= start && slot <= end);
    const port = range?.[2][1];
    const node = nodes.find((n) => n.options.port === port);
    if (!node) throw new Error(`no owner for slot ${slot}`);
    return node;
  }

  it('is clustered', () => {
    expect(backend.clustered).toBe(true);
    expect(backend.backend).toBe('redis');
  });

  describe('sharded pub/sub', () => {
    it('§2.7 SSUBSCRIBE lands on the node owning the slot, and SPUBLISH reaches it', async () => {
      const channel = uniqueKey('{tenant}events');
      const sub = await backend.createSubscriber();
      const received = new Promise<PubSubMessage>((resolve) => sub.onMessage(resolve));
      expect(await sub.ssubscribe([channel])).toBe(1);
      const home = await owner(channel);
      for (const node of nodes) {
        const [[, count]] = [
          (await node.call('PUBSUB', 'SHARDNUMSUB', channel)) as [string, number],
        ];
        expect([node.options.port, count]).toEqual([node.options.port, node === home ? 1 : 0]);
      }
      expect(await backend.spublish(channel, 'hi')).toBe(1);
      await expect(received).resolves.toEqual({ kind: 'smessage', channel, payload: 'hi' });
      expect(await backend.pubsubShardNumsub([channel])).toEqual([[channel, 1]]);
      expect(await backend.pubsubShardChannels(channel)).toEqual([channel]);
    });

    it('§2.7 SSUBSCRIBE / SUNSUBSCRIBE across slots is CROSSSLOT, as the memory cluster says', async () => {
      const sub = await backend.createSubscriber();
      await expect(sub.ssubscribe(keysInTwoSlots())).rejects.toMatchObject(CROSSSLOT);
      await expect(sub.sunsubscribe(keysInTwoSlots())).rejects.toMatchObject(CROSSSLOT);
    });

    it('§2.2 SUNSUBSCRIBE without channels leaves every slot', async () => {
      const sub = await backend.createSubscriber();
      const [a, b] = keysInTwoSlots();
      await sub.ssubscribe([a]);
      await sub.ssubscribe([b]);
      expect(await sub.sunsubscribe()).toBe(0);
      expect(await backend.pubsubShardNumsub([a, b])).toEqual([
        [a, 0],
        [b, 0],
      ]);
    });

    it('§2.3 classic PUBLISH reaches a subscriber wherever it is connected', async () => {
      const channel = uniqueKey('news');
      const sub = await backend.createSubscriber();
      const received = new Promise<PubSubMessage>((resolve) => sub.onMessage(resolve));
      await sub.subscribe([channel]);
      await backend.publish(channel, 'everywhere');
      await expect(received).resolves.toEqual({ kind: 'message', channel, payload: 'everywhere' });
      expect(await backend.pubsubNumsub([channel])).toEqual([[channel, 1]]);
      expect(await backend.pubsubChannels(channel)).toEqual([channel]);
    });
  });

  it('resubscribes channels, patterns and shard channels after its connections are killed', async () => {
    const sub = await backend.createSubscriber();
    const got: PubSubMessage[] = [];
    sub.onMessage((m) => got.push(m));
    const [channel, shard] = [uniqueKey('news'), uniqueKey('{tenant}events')];
    const pattern = `${uniqueKey('pat')}*`;
    const patternChannel = `${pattern.slice(0, -1)}x`;
    await sub.subscribe([channel]);
    await sub.psubscribe([pattern]);
    await sub.ssubscribe([shard]);
    const victims: number[] = [];
    for (const node of nodes) {
      for (const client of await clientsOf(node, backend)) {
        if (
          client.name.includes(':subscriber-') &&
          (client.flags.includes('P') || client.flags.includes('S'))
        ) {
          await node.call('CLIENT', 'KILL', 'ID', client.id);
          victims.push(client.id);
        }
      }
    }
    expect(victims.length).toBeGreaterThanOrEqual(2);
    await eventually('resubscribed', async () => {
      const probes = await Promise.all([
        backend.pubsubNumsub([channel]),
        backend.pubsubShardNumsub([shard]),
        backend.publish(patternChannel, 'probe'),
      ]);
      return (
        probes[0][0][1] === 1 && probes[1][0][1] === 1 && got.some((m) => m.kind === 'pmessage')
      );
    });
    const after = (): PubSubMessage[] => got.filter((m) => m.payload !== 'probe');
    await backend.publish(channel, 'c');
    await backend.spublish(shard, 's');
    await eventually('messages after the reconnect', async () => after().length === 2);
    // Classic and shard messages come over different connections: no order between them.
    expect(after()).toEqual(
      expect.arrayContaining([
        { kind: 'message', channel, payload: 'c' },
        { kind: 'smessage', channel: shard, payload: 's' },
      ]),
    );
  });

  describe('multi-key commands', () => {
    it('§2.7 LMOVE, BLPOP and XREAD across slots are CROSSSLOT errors', async () => {
      const [a, b] = keysInTwoSlots();
      await expect(backend.lmove(a, b, 'LEFT', 'RIGHT')).rejects.toMatchObject(CROSSSLOT);
      await expect(backend.blpop([a, b], 0)).rejects.toMatchObject(CROSSSLOT);
      await expect(
        backend.xread([
          { key: a, id: '0' },
          { key: b, id: '0' },
        ]),
      ).rejects.toMatchObject(CROSSSLOT);
    });
  });

  describe('blocking calls', () => {
    it('block on the node owning the key, and are served there', async () => {
      const key = uniqueKey('{q}jobs');
      const popped = backend.blpop([key], 0);
      await waitUntilBlocked(backend, 1);
      const home = await owner(key);
      expect((await clientsOf(home, backend)).filter((c) => c.flags.includes('b'))).toHaveLength(1);
      await backend.rpush(key, ['job']);
      await expect(popped).resolves.toEqual([key, 'job']);
    });

    it('blockedClients() counts blocked calls on every node', async () => {
      const [a, b] = keysInTwoSlots();
      const calls = [backend.blpop([a], 0), backend.xread([{ key: b, id: '$' }], { blockMs: 0 })];
      await waitUntilBlocked(backend, 2);
      expect(await backend.blockedClients()).toBe(2);
      await backend.close();
      await expect(Promise.all(calls)).resolves.toEqual([null, null]);
    });

    it('an aborted call is unblocked on its node and ends with null', async () => {
      const key = uniqueKey('{q}jobs');
      const controller = new AbortController();
      const popped = backend.brpop([key], 0, { signal: controller.signal });
      await waitUntilBlocked(backend, 1);
      controller.abort();
      await expect(popped).resolves.toBeNull();
      expect(await backend.blockedClients()).toBe(0);
    });
  });
});
