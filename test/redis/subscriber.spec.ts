import type { Redis } from 'ioredis';
import type { RedisBackend } from '../../lib/backends/redis/redis.backend';
import type { PubSubMessage } from '../../lib/core/pubsub/pubsub.types';
import type { SubscriberPort } from '../../lib/port/pubsub.port';
import {
  clientsOf,
  describeRedis,
  eventually,
  rawClient,
  standaloneBackend,
  uniqueKey,
} from './redis-test-kit';

/** Collects what a subscriber receives; `next()` resolves with the next message. */
function inbox(subscriber: SubscriberPort): {
  received: PubSubMessage[];
  next(): Promise<PubSubMessage>;
} {
  const received: PubSubMessage[] = [];
  const waiting: Array<(message: PubSubMessage) => void> = [];
  subscriber.onMessage((message) => {
    received.push(message);
    waiting.shift()?.(message);
  });
  return { received, next: () => new Promise((resolve) => waiting.push(resolve)) };
}

describeRedis('subscriber', 'standalone', () => {
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

  const numsub = async (channel: string): Promise<number> =>
    (await backend.pubsubNumsub([channel]))[0][1];
  const shardNumsub = async (channel: string): Promise<number> =>
    (await backend.pubsubShardNumsub([channel]))[0][1];
  it('§2.3 delivers message, pmessage and smessage frames as typed messages', async () => {
    const sub = await backend.createSubscriber();
    const messages = inbox(sub);
    const [channel, shard] = [uniqueKey('ch'), uniqueKey('sh')];
    expect(await sub.subscribe([channel])).toBe(1);
    expect(await sub.psubscribe([`${channel}*`])).toBe(2);
    expect(await sub.ssubscribe([shard])).toBe(1);
    expect(await backend.publish(channel, 'hello')).toBe(2);
    expect(await backend.spublish(shard, 'sharded')).toBe(1);
    await eventually('three messages', async () => messages.received.length === 3);
    expect(messages.received).toEqual([
      { kind: 'message', channel, payload: 'hello' },
      { kind: 'pmessage', pattern: `${channel}*`, channel, payload: 'hello' },
      { kind: 'smessage', channel: shard, payload: 'sharded' },
    ]);
  });

  it('§2.2 shard channels keep delivering after every channel and pattern is dropped', async () => {
    const sub = await backend.createSubscriber();
    const messages = inbox(sub);
    const [channel, shard] = [uniqueKey('ch'), uniqueKey('sh')];
    await sub.ssubscribe([shard]);
    await sub.subscribe([channel]);
    expect(await sub.unsubscribe([channel])).toBe(0);
    const next = messages.next();
    await backend.spublish(shard, 'still here');
    await expect(next).resolves.toEqual({
      kind: 'smessage',
      channel: shard,
      payload: 'still here',
    });
  });

  it('§2.2 unsubscribing from nothing answers 0', async () => {
    const sub = await backend.createSubscriber();
    expect(await sub.unsubscribe()).toBe(0);
    expect(await sub.punsubscribe([uniqueKey('p*')])).toBe(0);
    expect(await sub.sunsubscribe()).toBe(0);
    expect(await sub.sunsubscribe([uniqueKey('x')])).toBe(0);
  });

  it('§2.1 subscribing to nothing is an arity error', async () => {
    const sub = await backend.createSubscriber();
    await expect(sub.subscribe([])).rejects.toMatchObject({
      message: "ERR wrong number of arguments for 'subscribe' command",
    });
    await expect(sub.ssubscribe([])).rejects.toMatchObject({
      message: "ERR wrong number of arguments for 'ssubscribe' command",
    });
  });

  it('close() has dropped every subscription when it resolves', async () => {
    const sub = await backend.createSubscriber();
    const [channel, shard] = [uniqueKey('ch'), uniqueKey('sh')];
    await sub.subscribe([channel]);
    await sub.ssubscribe([shard]);
    await sub.close();
    expect(await numsub(channel)).toBe(0);
    expect(await shardNumsub(shard)).toBe(0);
  });

  it('resubscribes every channel, pattern and shard channel after its connections are killed', async () => {
    const sub = await backend.createSubscriber();
    const messages = inbox(sub);
    const [channel, shard] = [uniqueKey('ch'), uniqueKey('sh')];
    const pattern = `${uniqueKey('pat')}*`;
    const patternChannel = `${pattern.slice(0, -1)}x`;
    await sub.subscribe([channel]);
    await sub.psubscribe([pattern]);
    await sub.ssubscribe([shard]);

    const victims = (await clientsOf(raw, backend)).filter((c) => c.name.includes(':subscriber-'));
    expect(victims).toHaveLength(2); // channels + patterns, and shard channels
    for (const victim of victims) await raw.call('CLIENT', 'KILL', 'ID', victim.id);
    await eventually('resubscribed on new connections', async () => {
      const now = (await clientsOf(raw, backend)).filter((c) => c.name.includes(':subscriber-'));
      return (
        now.length === 2 &&
        now.every((c) => !victims.some((v) => v.id === c.id)) &&
        (await numsub(channel)) === 1 &&
        (await shardNumsub(shard)) === 1 &&
        (await backend.publish(patternChannel, 'probe')) === 1
      );
    });

    const after = (): PubSubMessage[] => messages.received.filter((m) => m.payload !== 'probe');
    await backend.publish(channel, 'c');
    await backend.publish(patternChannel, 'p');
    await backend.spublish(shard, 's');
    await eventually('three messages after the reconnect', async () => after().length === 3);
    expect(after()).toEqual([
      { kind: 'message', channel, payload: 'c' },
      { kind: 'pmessage', pattern, channel: patternChannel, payload: 'p' },
      { kind: 'smessage', channel: shard, payload: 's' },
    ]);
  });
});
