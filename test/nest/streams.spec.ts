import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { BrokerConfigurationError } from '../../lib/core/broker.errors';
import { BROKER_PORT } from '../../lib/nest/broker.constants';
import { BrokerContext } from '../../lib/nest/broker.context';
import { BrokerPublisher } from '../../lib/nest/broker.publisher';
import { BrokerServer } from '../../lib/nest/broker.server';
import { StreamConsumer } from '../../lib/nest/decorators/stream-consumer.decorator';
import type { BrokerPort } from '../../lib/port/broker.port';
import { describeNest } from './support/nest-targets';
import { Recorder } from './support/recorder';
import { closeTestApps, startTestApp } from './support/test-apps';

const RECORDER = 'RECORDER';
const FAST = { type: 'fixed', delayMs: 5 } as const;

interface Consumed {
  readonly handler: string;
  readonly data: unknown;
  readonly stream?: string;
  readonly group?: string;
  readonly consumer?: string;
  readonly entryId?: string;
  readonly deliveryCount?: number;
  readonly kind: string;
  readonly publishedAt?: Date;
}

interface Payment {
  readonly account: string;
  readonly n: number;
}

function paymentsController(stream: string) {
  @Controller()
  class PaymentsController {
    constructor(@Inject(RECORDER) private readonly recorder: Recorder<Consumed>) {}

    private seen(handler: string, data: unknown, ctx: BrokerContext): void {
      this.recorder.record({
        handler,
        data,
        stream: ctx.getStream(),
        group: ctx.getGroup(),
        consumer: ctx.getConsumer(),
        entryId: ctx.getEntryId(),
        deliveryCount: ctx.getDeliveryCount(),
        kind: ctx.getKind(),
        publishedAt: ctx.getPublishedAt(),
      });
    }

    @StreamConsumer(stream, { group: 'billing', startId: '0', maxDeliveries: 3, backoff: FAST })
    bill(@Payload() data: unknown, @Ctx() ctx: BrokerContext) {
      this.seen('bill', data, ctx);
      if (data === 'poison') throw new Error(`cannot bill (delivery ${ctx.getDeliveryCount()})`);
    }

    @StreamConsumer(stream, {
      group: 'audit',
      startId: '0',
      concurrency: 4,
      orderBy: (p: Payment | string) => (typeof p === 'string' ? undefined : p.account),
    })
    audit(@Payload() data: unknown, @Ctx() ctx: BrokerContext) {
      this.seen('audit', data, ctx);
    }
  }
  return PaymentsController;
}

describeNest('@StreamConsumer', 'all', (ctx) => {
  afterEach(closeTestApps);

  async function start(stream: string) {
    const recorder = new Recorder<Consumed>();
    const app = await startTestApp({
      broker: ctx().sharedOptions(),
      controllers: [paymentsController(stream)],
      providers: [{ provide: RECORDER, useValue: recorder }],
    });
    return {
      recorder,
      app,
      publisher: app.get(BrokerPublisher),
      server: app.get(BrokerServer),
      port: app.get<BrokerPort>(BROKER_PORT),
    };
  }

  it('every group gets every entry appended, with the stream, group, consumer and entry in the context', async () => {
    const stream = ctx().name('payments');
    const { recorder, publisher, server } = await start(stream);
    const id = await publisher.append(stream, { account: 'acc-1', n: 1 });
    const records = await recorder.waitFor(2);
    expect(records.map((r) => r.handler).sort()).toEqual(['audit', 'bill']);
    expect(records.find((r) => r.handler === 'bill')).toMatchObject({
      data: { account: 'acc-1', n: 1 },
      kind: 'stream',
      stream,
      group: 'billing',
      entryId: id,
      deliveryCount: 1,
    });
    expect(records[0].consumer).toEqual(expect.any(String));
    await server.whenIdle();
  });

  it('a raw XADD from another client reaches consumers as its fields', async () => {
    const stream = ctx().name('payments');
    const { recorder, port } = await start(stream);
    const id = await port.xadd(stream, '*', ['amount', '10', 'currency', 'EUR']);
    const [record] = await recorder.waitFor(1, (r) => r.handler === 'bill');
    expect(record.data).toEqual({ amount: '10', currency: 'EUR' });
    expect(record.publishedAt?.getTime()).toBe(Number(id!.split('-')[0]));
  });

  it('a failing entry is delivered again up to maxDeliveries, then dead-lettered for its group only; replay redelivers it there', async () => {
    const stream = ctx().name('payments');
    const { recorder, publisher, server } = await start(stream);
    const id = await publisher.append(stream, 'poison');
    await recorder.waitFor(3, (r) => r.handler === 'bill');
    await server.whenIdle();
    expect(
      recorder.records.filter((r) => r.handler === 'bill').map((r) => r.deliveryCount),
    ).toEqual([1, 2, 3]);
    const [dead] = await publisher.deadLetters('stream', stream);
    expect(dead).toMatchObject({
      kind: 'stream',
      name: stream,
      data: 'poison',
      group: 'billing',
      entryId: id,
      attempts: 3,
      reason: 'failed',
      error: { message: 'cannot bill (delivery 3)' },
    });
    const auditBefore = recorder.records.filter((r) => r.handler === 'audit').length;
    expect(await publisher.replayDeadLetters('stream', stream, { ids: [dead.id] })).toBe(1);
    await recorder.waitFor(4, (r) => r.handler === 'bill');
    await server.whenIdle();
    // The audit group handled the entry once; the replay was for billing only.
    expect(recorder.records.filter((r) => r.handler === 'audit')).toHaveLength(auditBefore);
  });

  it('orderBy: entries of one key are handled in stream order', async () => {
    const stream = ctx().name('payments');
    const { recorder, publisher, server } = await start(stream);
    for (let n = 0; n < 6; n++)
      await publisher.append(stream, { account: n % 2 ? 'odd' : 'even', n });
    await recorder.waitFor(6, (r) => r.handler === 'audit');
    await server.whenIdle();
    const order = (account: string) =>
      recorder.records
        .filter((r) => r.handler === 'audit' && (r.data as Payment).account === account)
        .map((r) => (r.data as Payment).n);
    expect(order('even')).toEqual([0, 2, 4]);
    expect(order('odd')).toEqual([1, 3, 5]);
  });

  it('readRange reads back what was appended in a time window; maxLen trims', async () => {
    const stream = ctx().name('history');
    const app = await startTestApp({ broker: ctx().sharedOptions() });
    const publisher = app.get(BrokerPublisher);
    const from = new Date();
    for (let n = 0; n < 5; n++) await publisher.append(stream, { n });
    const messages = await publisher.readRange(stream, { from, to: Date.now() + 1000 });
    expect(messages.map((m) => m.data)).toEqual([0, 1, 2, 3, 4].map((n) => ({ n })));
    expect(messages[0].entryId).toMatch(/^\d+-\d+$/);
    await publisher.append(stream, { n: 5 }, { maxLen: 2 });
    const port = app.get<BrokerPort>(BROKER_PORT);
    // `~` trims whole nodes: with a handful of entries nothing may go, never more than asked.
    expect(await port.xlen(stream)).toBeGreaterThanOrEqual(2);
  });
});

describe('@StreamConsumer misuse', () => {
  afterEach(closeTestApps);

  it('a missing group or a wrong option fails where the decorator is applied', () => {
    expect(() => StreamConsumer('s', {} as never)).toThrow(BrokerConfigurationError);
    expect(() => StreamConsumer('s', { group: 'g', batch: 0 })).toThrow(
      /@StreamConsumer\("s"\)\.batch/,
    );
  });

  it('two consumers of one stream and group in one app fail at start-up', async () => {
    @Controller()
    class Twice {
      @StreamConsumer('twice.s', { group: 'g' })
      one(@Payload() _d: unknown) {}
      @StreamConsumer('twice.s', { group: 'g' })
      two(@Payload() _d: unknown) {}
    }
    await expect(startTestApp({ controllers: [Twice] })).rejects.toThrow(
      /one handler for stream "twice\.s" group "g" per app/,
    );
  });
});
