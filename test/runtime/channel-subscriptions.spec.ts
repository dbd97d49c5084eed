import { MemoryBackend } from '../../lib/backends/memory/memory.backend';
import type { BrokerLogger, LogMessage } from '../../lib/core/broker-logger';
import type { BrokerMessage, DeliveryInfo } from '../../lib/runtime/broker-message';
import { type ChannelRoute, ChannelSubscriptions } from '../../lib/runtime/channel-subscriptions';
import { JsonCodec } from '../../lib/runtime/codec';
import { ENVELOPE_MARKER } from '../../lib/runtime/envelope';
import { InFlight } from '../../lib/runtime/in-flight';
import { MessageCodec } from '../../lib/runtime/message-codec';

interface Delivered {
  readonly label: string;
  readonly data: unknown;
  readonly delivery: DeliveryInfo;
}

function setup(shards = 0) {
  const port = new MemoryBackend({ shards });
  const codec = new MessageCodec(new JsonCodec(), 1024);
  const errors: string[] = [];
  const logger: BrokerLogger = {
    warn: () => undefined,
    error: (message: LogMessage) => errors.push(String(message)),
  };
  const delivered: Delivered[] = [];
  const inFlight = new InFlight();
  let wake: () => void = () => undefined;
  const route = (
    label: string,
    kind: ChannelRoute['kind'],
    names: string[],
    fail = false,
  ): ChannelRoute => ({
    label,
    kind,
    names,
    handler: async (message: BrokerMessage, delivery: DeliveryInfo) => {
      delivered.push({ label, data: message.data, delivery });
      wake();
      if (fail) throw new Error(`${label} failed`);
    },
  });
  /** Resolves once `n` deliveries happened and their handlers settled. */
  const deliveries = async (n: number) => {
    while (delivered.length < n) await new Promise<void>((resolve) => (wake = resolve));
    await inFlight.whenIdle();
    return delivered;
  };
  return { port, codec, errors, delivered, inFlight, logger, route, deliveries };
}

describe('ChannelSubscriptions', () => {
  it('hands each message to every route listening on its channel, pattern or shard channel', async () => {
    const t = setup();
    const subs = new ChannelSubscriptions(t, [
      t.route('one', 'channel', ['orders.created']),
      t.route('two', 'channel', ['orders.created', 'orders.paid']),
      t.route('glob', 'pattern', ['orders.*']),
      t.route('shard', 'shard', ['{t}.events']),
    ]);
    await subs.start();
    await t.port.publish('orders.created', t.codec.encode(1).text);
    await t.port.spublish('{t}.events', t.codec.encode(2).text);
    const delivered = await t.deliveries(4);
    expect(delivered.map((d) => [d.label, d.data, d.delivery])).toEqual([
      ['one', 1, { kind: 'channel', channel: 'orders.created' }],
      ['two', 1, { kind: 'channel', channel: 'orders.created' }],
      ['glob', 1, { kind: 'pattern', channel: 'orders.created', pattern: 'orders.*' }],
      ['shard', 2, { kind: 'shard', channel: '{t}.events' }],
    ]);
    await subs.stop();
  });

  it('a failing handler is logged with its label, channel and message id; the others still run', async () => {
    const t = setup();
    const subs = new ChannelSubscriptions(t, [
      t.route('bad', 'channel', ['c'], true),
      t.route('good', 'channel', ['c']),
    ]);
    await subs.start();
    const { text, id } = t.codec.encode('x');
    await t.port.publish('c', text);
    await t.deliveries(2);
    expect(t.errors).toEqual([`bad failed on channel "c", message ${id}: bad failed`]);
    await subs.stop();
  });

  it('a message that cannot be decoded is logged and reaches no handler', async () => {
    const t = setup();
    const subs = new ChannelSubscriptions(t, [t.route('one', 'channel', ['c'])]);
    await subs.start();
    await t.port.publish('c', `${ENVELOPE_MARKER}broken`);
    await t.port.publish('c', 'x'.repeat(2000));
    await t.port.publish('c', 'raw');
    const delivered = await t.deliveries(1);
    expect(delivered.map((d) => d.data)).toEqual(['raw']);
    expect(t.errors).toHaveLength(2);
    expect(t.errors[0]).toMatch(
      /^Dropped a message on channel "c": Cannot decode the message: the envelope has no body/,
    );
    expect(t.errors[1]).toMatch(/over the limit of 1024 bytes/);
    await subs.stop();
  });

  it('stop() unsubscribes everything; later messages are not handled', async () => {
    const t = setup();
    const subs = new ChannelSubscriptions(t, [
      t.route('one', 'channel', ['c']),
      t.route('p', 'pattern', ['c*']),
    ]);
    await subs.start();
    expect(await t.port.pubsubNumsub(['c'])).toEqual([['c', 1]]);
    await subs.stop();
    expect(await t.port.pubsubNumsub(['c'])).toEqual([['c', 0]]);
    expect(await t.port.pubsubNumpat()).toBe(0);
    expect(await t.port.publish('c', 'late')).toBe(0);
  });

  it('on a cluster, shard channels of different slots are subscribed slot by slot', async () => {
    const t = setup(3);
    const subs = new ChannelSubscriptions(t, [t.route('s', 'shard', ['{a}.x', '{b}.x', '{a}.y'])]);
    await subs.start();
    for (const channel of ['{a}.x', '{b}.x', '{a}.y']) {
      expect(await t.port.spublish(channel, t.codec.encode(channel).text)).toBe(1);
    }
    expect((await t.deliveries(3)).map((d) => d.data)).toEqual(['{a}.x', '{b}.x', '{a}.y']);
    await subs.stop();
  });

  it('with no routes it opens no connection', async () => {
    const t = setup();
    const subs = new ChannelSubscriptions(t, []);
    expect(subs.empty).toBe(true);
    await subs.start();
    expect(t.port.core.pubsub.nodes()[0].clients).toBe(0);
  });
});
