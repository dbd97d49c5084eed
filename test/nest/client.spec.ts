import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, MessagePattern, Payload, RpcException } from '@nestjs/microservices';
import { firstValueFrom, lastValueFrom, of, toArray } from 'rxjs';
import { ManualClock } from '../../lib/core/clock';
import { BrokerClient } from '../../lib/nest/broker.client';
import { BrokerContext } from '../../lib/nest/broker.context';
import {
  BrokerNoResponderError,
  BrokerRequestTimeoutError,
} from '../../lib/runtime/runtime.errors';
import { describeNest } from './support/nest-targets';
import { Recorder } from './support/recorder';
import { closeTestApps, startTestApp } from './support/test-apps';

const RECORDER = 'RECORDER';

function pricingController(base: string, instance: string) {
  @Controller()
  class PricingController {
    constructor(@Inject(RECORDER) private readonly recorder: Recorder<string>) {}

    @MessagePattern(`${base}.price`)
    price(@Payload() quote: { qty: number }, @Ctx() ctx: BrokerContext) {
      this.recorder.record(`${instance} priced on ${ctx.getChannel()}`);
      return quote.qty * 2;
    }

    @MessagePattern({ cmd: `${base}.stream` })
    stream(@Payload() n: number) {
      return of(n, n + 1, n + 2);
    }

    @MessagePattern(`${base}.reject`)
    reject(@Payload() _data: unknown) {
      throw new RpcException({ code: 'OUT_OF_STOCK' });
    }

    @MessagePattern(`${base}.huge-error`)
    hugeError(@Payload() _data: unknown) {
      throw new RpcException({ detail: 'x'.repeat(5000) });
    }

    @MessagePattern(`${base}.bigint`)
    bigint(@Payload() _data: unknown) {
      return { n: 1n };
    }

    @EventPattern(`${base}.created`)
    created(@Payload() data: unknown) {
      this.recorder.record(`${instance} event ${JSON.stringify(data)}`);
    }
  }
  return PricingController;
}

describeNest('BrokerClient', 'standalone', (ctx) => {
  afterEach(closeTestApps);

  async function start(base: string, instance = 'a', extra = {}) {
    const recorder = new Recorder<string>();
    const app = await startTestApp({
      broker: ctx().sharedOptions(extra),
      controllers: [pricingController(base, instance)],
      providers: [{ provide: RECORDER, useValue: recorder }],
    });
    return { recorder, app, client: app.get(BrokerClient) };
  }

  it('send() is request–reply with a @MessagePattern handler', async () => {
    const base = ctx().name('pricing');
    const { client, recorder } = await start(base);
    expect(await firstValueFrom(client.send(`${base}.price`, { qty: 21 }))).toBe(42);
    expect(recorder.records).toEqual([`a priced on nb:rpc:${base}.price`]);
  });

  it('an object pattern and a streamed answer: every value arrives, then completion', async () => {
    const base = ctx().name('pricing');
    const { client } = await start(base);
    const values = await lastValueFrom(client.send({ cmd: `${base}.stream` }, 5).pipe(toArray()));
    expect(values).toEqual([5, 6, 7]);
  });

  it("an RpcException reaches the caller as the handler's error object", async () => {
    const base = ctx().name('pricing');
    const { client } = await start(base);
    await expect(firstValueFrom(client.send(`${base}.reject`, 1))).rejects.toEqual({
      code: 'OUT_OF_STOCK',
    });
  });

  it('a reply that cannot be encoded reaches the caller as an error saying so', async () => {
    const base = ctx().name('pricing');
    const { client } = await start(base);
    await expect(firstValueFrom(client.send(`${base}.bigint`, 1))).rejects.toMatchObject({
      message: expect.stringMatching(/BigInt/),
    });
  });

  it('a reply over maxPayloadBytes reaches the caller as an error saying so', async () => {
    const base = ctx().name('pricing');
    const { client } = await start(base, 'a', { maxPayloadBytes: 2000 });
    await expect(firstValueFrom(client.send(`${base}.huge-error`, 1))).rejects.toMatchObject({
      message: expect.stringMatching(/over the limit of 2000 bytes/),
    });
  });

  it('emit() publishes to the channel; @EventPattern handlers listen on it', async () => {
    const base = ctx().name('pricing');
    const { client, recorder } = await start(base);
    expect(await firstValueFrom(client.emit(`${base}.created`, { id: 1 }))).toBe(1);
    await recorder.waitFor(1);
    expect(recorder.records).toEqual(['a event {"id":1}']);
  });

  it('with two instances subscribed, the caller gets one answer', async () => {
    const base = ctx().name('pricing');
    const first = await start(base, 'a');
    const second = await start(base, 'b');
    const values = await lastValueFrom(
      first.client.send(`${base}.price`, { qty: 1 }).pipe(toArray()),
    );
    expect(values).toEqual([2]);
    await first.recorder.waitFor(1);
    await second.recorder.waitFor(1);
  });
});

describe('BrokerClient timeouts', () => {
  afterEach(closeTestApps);

  it('fails with a BrokerRequestTimeoutError (name TimeoutError) and keeps nothing for the late reply', async () => {
    const clock = new ManualClock(Date.now());
    const gate: { open?: () => void } = {};
    @Controller()
    class SlowController {
      @MessagePattern('slow.price')
      async price(@Payload() _q: unknown) {
        await new Promise<void>((resolve) => (gate.open = resolve));
        return 1;
      }
    }
    const app = await startTestApp({
      broker: { memory: { clock }, requestTimeoutMs: 1000 },
      controllers: [SlowController],
    });
    const client = app.get(BrokerClient);
    const answer = firstValueFrom(client.send('slow.price', {})).catch((e: unknown) => e);
    while (!gate.open) await new Promise((resolve) => setImmediate(resolve));
    clock.advance(1000);
    const error = await answer;
    expect(error).toBeInstanceOf(BrokerRequestTimeoutError);
    expect(error).toMatchObject({ name: 'TimeoutError', pattern: 'slow.price', timeoutMs: 1000 });
    expect(client.pendingRequests).toBe(0);
    gate.open();
    await app.close(); // the late reply finds nothing waiting; nothing throws
  });

  it('fails at once when no app subscribes to the pattern (standalone servers count every subscriber)', async () => {
    const app = await startTestApp({ broker: {} });
    const error = await firstValueFrom(app.get(BrokerClient).send('nobody.home', 1)).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BrokerNoResponderError);
    expect(error).toMatchObject({ pattern: 'nobody.home' });
    expect((error as Error).message).toMatch(/No app is subscribed to requests for "nobody\.home"/);
    expect(app.get(BrokerClient).pendingRequests).toBe(0);
  });
});
