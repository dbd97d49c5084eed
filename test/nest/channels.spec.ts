import {
  type CallHandler,
  Controller,
  type ExecutionContext,
  Inject,
  type NestInterceptor,
  UseInterceptors,
} from '@nestjs/common';
import { type Observable, tap } from 'rxjs';
import { Ctx, Payload } from '@nestjs/microservices';
import { BROKER_PORT } from '../../lib/nest/broker.constants';
import { BrokerContext } from '../../lib/nest/broker.context';
import { BrokerPublisher } from '../../lib/nest/broker.publisher';
import { OnChannel } from '../../lib/nest/decorators/on-channel.decorator';
import { OnPattern } from '../../lib/nest/decorators/on-pattern.decorator';
import type { BrokerPort } from '../../lib/port/broker.port';
import type { BrokerCodec } from '../../lib/runtime/codec';
import { describeNest } from './support/nest-targets';
import { Recorder } from './support/recorder';
import { closeTestApps, startTestApp } from './support/test-apps';

interface Seen {
  readonly handler: string;
  readonly data: unknown;
  readonly kind: string;
  readonly channel?: string;
  readonly pattern?: string;
  readonly id?: string;
  readonly headers: Record<string, string>;
  readonly publishedAt?: Date;
  readonly isContext: boolean;
}

const RECORDER = 'RECORDER';

function seen(handler: string, data: unknown, ctx: BrokerContext): Seen {
  return {
    handler,
    data,
    kind: ctx.getKind(),
    channel: ctx.getChannel(),
    pattern: ctx.getPattern(),
    id: ctx.getMessageId(),
    headers: { ...ctx.getHeaders() },
    publishedAt: ctx.getPublishedAt(),
    isContext: ctx instanceof BrokerContext,
  };
}

/** A controller listening on `<base>.created` and on the glob `<base>.*`. */
function ordersController(base: string) {
  @Controller()
  class OrdersController {
    constructor(@Inject(RECORDER) private readonly recorder: Recorder<Seen>) {}

    @OnChannel(`${base}.created`)
    created(@Payload() data: unknown, @Ctx() ctx: BrokerContext) {
      this.recorder.record(seen('created', data, ctx));
    }

    @OnPattern(`${base}.*`)
    any(@Payload() data: unknown, @Ctx() ctx: BrokerContext) {
      this.recorder.record(seen('any', data, ctx));
    }

    @OnChannel([`${base}.a`, `${base}.b`])
    several(@Payload() data: unknown, @Ctx() ctx: BrokerContext) {
      this.recorder.record(seen('several', data, ctx));
    }
  }
  return OrdersController;
}

describeNest('@OnChannel and @OnPattern', 'standalone', (ctx) => {
  afterEach(closeTestApps);

  async function start(base: string) {
    const recorder = new Recorder<Seen>();
    const app = await startTestApp({
      broker: ctx().sharedOptions(),
      controllers: [ordersController(base)],
      providers: [{ provide: RECORDER, useValue: recorder }],
    });
    return {
      recorder,
      app,
      publisher: app.get(BrokerPublisher),
      port: app.get<BrokerPort>(BROKER_PORT),
    };
  }

  it('a published message reaches the channel handler with data and context', async () => {
    const base = ctx().name('orders');
    const { recorder, publisher } = await start(base);
    const before = Date.now();
    await publisher.publish(`${base}.created`, { orderId: 7 }, { headers: { traceparent: 't-1' } });
    const [record] = await recorder.waitFor(1, (r) => r.handler === 'created');
    expect(record).toMatchObject({
      data: { orderId: 7 },
      kind: 'channel',
      channel: `${base}.created`,
      pattern: undefined,
      headers: { traceparent: 't-1' },
      isContext: true,
    });
    expect(record.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(record.publishedAt!.getTime()).toBeGreaterThanOrEqual(before - 1);
  });

  it('a channel handler and a pattern handler on the same message both run', async () => {
    const base = ctx().name('orders');
    const { recorder, publisher } = await start(base);
    // Two receivers on this node: the channel subscription and the matching pattern.
    expect(await publisher.publish(`${base}.created`, 'x')).toBe(2);
    const records = await recorder.waitFor(2);
    expect(records.map((r) => r.handler).sort()).toEqual(['any', 'created']);
    expect(records.find((r) => r.handler === 'any')).toMatchObject({
      kind: 'pattern',
      channel: `${base}.created`,
      pattern: `${base}.*`,
    });
    expect(records[0].id).toBe(records[1].id);
  });

  it('a handler may listen on several channels', async () => {
    const base = ctx().name('orders');
    const { recorder, publisher } = await start(base);
    await publisher.publish(`${base}.a`, 1);
    await publisher.publish(`${base}.b`, 2);
    const records = await recorder.waitFor(2, (r) => r.handler === 'several');
    expect(records.map((r) => [r.channel, r.data])).toEqual([
      [`${base}.a`, 1],
      [`${base}.b`, 2],
    ]);
  });

  it('a raw payload from another Redis client arrives as the text it was, JSON text included', async () => {
    const base = ctx().name('orders');
    const { recorder, port } = await start(base);
    await port.publish(`${base}.created`, 'hello');
    await port.publish(`${base}.created`, '{"orderId":1}');
    const records = await recorder.waitFor(2, (r) => r.handler === 'created');
    expect(records.map((r) => r.data)).toEqual(['hello', '{"orderId":1}']);
    expect(records[0]).toMatchObject({ id: undefined, publishedAt: undefined, headers: {} });
  });

  it('every app instance receives every message (broadcast)', async () => {
    const base = ctx().name('orders');
    const first = await start(base);
    const second = await start(base);
    await first.publisher.publish(`${base}.created`, 'both');
    await first.recorder.waitFor(1, (r) => r.handler === 'created');
    await second.recorder.waitFor(1, (r) => r.handler === 'created');
  });
});

describeNest('Nest enhancers and the codec on broker handlers', 'standalone', (ctx) => {
  afterEach(closeTestApps);

  it('interceptors wrap the handler (before and after it ran)', async () => {
    const channel = ctx().name('intercepted');
    const recorder = new Recorder<string>();
    class Around implements NestInterceptor {
      intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
        recorder.record('before');
        return next.handle().pipe(tap(() => recorder.record('after')));
      }
    }
    @Controller()
    class Intercepted {
      @OnChannel(channel)
      @UseInterceptors(new Around())
      handle(@Payload() data: string) {
        recorder.record(`handled ${data}`);
        return data;
      }
    }
    const app = await startTestApp({ broker: ctx().options(), controllers: [Intercepted] });
    await app.get(BrokerPublisher).publish(channel, 'x');
    await recorder.waitFor(3);
    expect(recorder.records).toEqual(['before', 'handled x', 'after']);
  });

  it('a codec given to the module encodes what the publisher sends and decodes what handlers get', async () => {
    const channel = ctx().name('coded');
    const recorder = new Recorder<Seen>();
    const base64: BrokerCodec = {
      name: 'json-base64',
      encode: (data) => Buffer.from(JSON.stringify(data)).toString('base64'),
      decode: (text) => JSON.parse(Buffer.from(text, 'base64').toString('utf8')) as unknown,
    };
    @Controller()
    class Coded {
      @OnChannel(channel)
      handle(@Payload() data: unknown, @Ctx() ctx: BrokerContext) {
        recorder.record(seen('coded', data, ctx));
      }
    }
    const app = await startTestApp({
      broker: ctx().options({ codec: base64 }),
      controllers: [Coded],
    });
    const port = app.get<BrokerPort>(BROKER_PORT);
    const raw = await port.createSubscriber();
    const frames = new Recorder<string>();
    raw.onMessage((m) => frames.record(m.payload));
    await raw.subscribe([channel]);
    await app.get(BrokerPublisher).publish(channel, { é: [1] });
    const [record] = await recorder.waitFor(1);
    expect(record.data).toEqual({ é: [1] });
    const [frame] = await frames.waitFor(1);
    expect(frame.endsWith(`\n${Buffer.from('{"é":[1]}').toString('base64')}`)).toBe(true);
    await raw.close();
  });
});

describe('@OnChannel options', () => {
  it('an unknown option or a non-boolean sharded fails where the decorator is applied', () => {
    expect(() => OnChannel('x', { shard: true } as never)).toThrow(
      /Unknown broker option @OnChannel\("x"\)\.shard/,
    );
    expect(() => OnChannel('x', { sharded: 'yes' } as never)).toThrow(
      /sharded: got "yes"; expected true or false/,
    );
    expect(() => OnChannel([])).toThrow(/non-empty channel name, or a non-empty array/);
  });
});
