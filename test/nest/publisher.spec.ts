import { BROKER_PORT } from '../../lib/nest/broker.constants';
import { BrokerPublisher } from '../../lib/nest/broker.publisher';
import type { BrokerPort } from '../../lib/port/broker.port';
import type { PubSubMessage } from '../../lib/core/pubsub/pubsub.types';
import { ENVELOPE_MARKER, readEnvelope } from '../../lib/runtime/envelope';
import { BrokerEncodeError, BrokerPayloadTooLargeError } from '../../lib/runtime/runtime.errors';
import { BrokerArgumentError } from '../../lib/core/broker.errors';
import { describeNest } from './support/nest-targets';
import { Recorder } from './support/recorder';
import { closeTestApps, startTestApp } from './support/test-apps';

describeNest('BrokerPublisher.publish', 'standalone', (ctx) => {
  afterEach(closeTestApps);

  /** A raw subscriber on `channel`, to see exactly what reaches Redis. */
  async function rawInbox(port: BrokerPort, channel: string) {
    const inbox = new Recorder<PubSubMessage>();
    const subscriber = await port.createSubscriber();
    subscriber.onMessage((m) => inbox.record(m));
    await subscriber.subscribe([channel]);
    return { inbox, close: () => subscriber.close() };
  }

  async function start(extra = {}) {
    const app = await startTestApp({ broker: ctx().options(extra) });
    return { publisher: app.get(BrokerPublisher), port: app.get<BrokerPort>(BROKER_PORT) };
  }

  it('writes an envelope with id, time and headers around the JSON body', async () => {
    const { publisher, port } = await start();
    const channel = ctx().name('audit');
    const raw = await rawInbox(port, channel);
    expect(
      await publisher.publish(channel, { a: [1, 'b'] }, { headers: { 'x-correlation-id': 'c-9' } }),
    ).toBe(1);
    const [frame] = await raw.inbox.waitFor(1);
    expect(frame.payload.startsWith(ENVELOPE_MARKER)).toBe(true);
    const envelope = readEnvelope(frame.payload)!;
    expect(envelope.body).toBe('{"a":[1,"b"]}');
    expect(envelope.header).toMatchObject({ h: { 'x-correlation-id': 'c-9' } });
    expect(typeof envelope.header.t).toBe('number');
    await raw.close();
  });

  it('resolves to the receiver count: 0 when nobody listens', async () => {
    const { publisher } = await start();
    expect(await publisher.publish(ctx().name('nobody'), 1)).toBe(0);
  });

  it.each([
    [
      'a cycle',
      () => {
        const o: Record<string, unknown> = {};
        o.self = o;
        return o;
      },
    ],
    ['a BigInt', () => ({ n: 10n })],
    ['undefined', () => undefined],
  ])('data with %s rejects with BrokerEncodeError and sends nothing', async (_what, make) => {
    const { publisher, port } = await start();
    const channel = ctx().name('bad');
    const raw = await rawInbox(port, channel);
    await expect(publisher.publish(channel, make())).rejects.toBeInstanceOf(BrokerEncodeError);
    await publisher.publish(channel, 'sentinel');
    const frames = await raw.inbox.waitFor(1);
    expect(frames).toHaveLength(1);
    expect(readEnvelope(frames[0].payload)!.body).toBe('"sentinel"');
    await raw.close();
  });

  it('data over maxPayloadBytes rejects with BrokerPayloadTooLargeError naming the sizes', async () => {
    const { publisher } = await start({ maxPayloadBytes: 200 });
    const error = await publisher
      .publish(ctx().name('big'), 'é'.repeat(100))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BrokerPayloadTooLargeError);
    expect(error).toMatchObject({ limit: 200 });
    expect((error as BrokerPayloadTooLargeError).bytes).toBeGreaterThan(200);
    expect(String((error as Error).message)).toMatch(/maxPayloadBytes/);
  });

  it('an empty or non-string channel name, an unknown option or a non-string header is refused', async () => {
    const { publisher } = await start();
    await expect(publisher.publish('', 1)).rejects.toBeInstanceOf(BrokerArgumentError);
    await expect(publisher.publish('', 1)).rejects.toThrow(
      /Invalid channel of BrokerPublisher\.publish\(\): got ""; expected a non-empty channel name\./,
    );
    await expect(publisher.publish(['a', 'b'] as never, 1)).rejects.toBeInstanceOf(
      BrokerArgumentError,
    );
    await expect(publisher.publish(ctx().name('o'), 1, { shard: true } as never)).rejects.toThrow(
      /Unknown broker option BrokerPublisher\.publish\(\) options\.shard .*sharded, headers/,
    );
    await expect(publisher.append(ctx().name('s'), 1, { maxLn: 5 } as never)).rejects.toThrow(
      /maxLn/,
    );
    await expect(publisher.enqueue(ctx().name('q'), 1, { header: {} } as never)).rejects.toThrow(
      /header/,
    );
    await expect(
      publisher.publish(ctx().name('h'), 1, { headers: { n: 1 as unknown as string } }),
    ).rejects.toThrow(/headers\.n/);
  });
});
