import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { MemoryBackend } from '../../lib/backends/memory/memory.backend';
import { keySlot } from '../../lib/core/pubsub/key-slot';
import { BrokerContext } from '../../lib/nest/broker.context';
import { BrokerPublisher } from '../../lib/nest/broker.publisher';
import { OnChannel } from '../../lib/nest/decorators/on-channel.decorator';
import { describeNest } from './support/nest-targets';
import { Recorder } from './support/recorder';
import { closeTestApps, startTestApp } from './support/test-apps';

const RECORDER = 'RECORDER';

function tenantController(sharded: string[], classic: string) {
  @Controller()
  class TenantController {
    constructor(@Inject(RECORDER) private readonly recorder: Recorder<string>) {}

    @OnChannel(sharded, { sharded: true })
    shard(@Payload() data: unknown, @Ctx() ctx: BrokerContext) {
      this.recorder.record(`${ctx.getKind()} ${ctx.getChannel()} ${String(data)}`);
    }

    @OnChannel(classic)
    classic(@Payload() data: unknown, @Ctx() ctx: BrokerContext) {
      this.recorder.record(`${ctx.getKind()} ${ctx.getChannel()} ${String(data)}`);
    }
  }
  return TenantController;
}

describeNest('@OnChannel(..., { sharded: true })', 'all', (ctx) => {
  afterEach(closeTestApps);

  async function start() {
    // Two tenants in different slots: on a cluster, SSUBSCRIBE goes once per slot.
    const [a, b] = [ctx().name('{tenant-a}.events'), ctx().name('{tenant-b}.events')];
    expect(keySlot(a)).not.toBe(keySlot(b));
    const classic = ctx().name('{tenant-a}.classic');
    const recorder = new Recorder<string>();
    const app = await startTestApp({
      broker: ctx().sharedOptions(),
      controllers: [tenantController([a, b], classic)],
      providers: [{ provide: RECORDER, useValue: recorder }],
    });
    return { a, b, classic, recorder, app, publisher: app.get(BrokerPublisher) };
  }

  it('sharded publishes reach the sharded handler, for channels of any slot', async () => {
    const { a, b, recorder, publisher } = await start();
    expect(await publisher.publish(a, 1, { sharded: true })).toBe(1);
    expect(await publisher.publish(b, 2, { sharded: true })).toBe(1);
    expect(await recorder.waitFor(2)).toEqual([`shard ${a} 1`, `shard ${b} 2`]);
  });

  it('a sharded channel and a classic channel of the same name are different namespaces', async () => {
    const { a, classic, recorder, publisher } = await start();
    // A classic publish on the sharded handler's name reaches nobody, and the reverse.
    expect(await publisher.publish(a, 'classic')).toBe(0);
    expect(await publisher.publish(classic, 'sharded', { sharded: true })).toBe(0);
    await publisher.publish(classic, 'ok');
    expect(await recorder.waitFor(1)).toEqual([`channel ${classic} ok`]);
  });
});

describe('sharded channels on the simulated cluster', () => {
  afterEach(closeTestApps);

  it('a sharded publish is carried by the owning node only; a classic publish by every node', async () => {
    const backend = new MemoryBackend({ shards: 3 });
    const channel = '{tenant-42}.events';
    const recorder = new Recorder<string>();
    const app = await startTestApp({
      broker: { backend },
      controllers: [tenantController([channel], '{tenant-42}.classic')],
      providers: [{ provide: RECORDER, useValue: recorder }],
    });
    const publisher = app.get(BrokerPublisher);
    const owner = backend.core.pubsub
      .nodes()
      .findIndex((n) => n.slots.start <= keySlot(channel) && keySlot(channel) <= n.slots.end);
    await publisher.publish(channel, 'x', { sharded: true });
    await publisher.publish('{tenant-42}.classic', 'y');
    await recorder.waitFor(2);
    const nodes = backend.core.pubsub.nodes();
    expect(nodes.map((n) => n.shardPublished)).toEqual(
      nodes.map((n) => (n.node === owner ? 1 : 0)),
    );
    expect(nodes.map((n) => n.published)).toEqual([1, 1, 1]);
    await app.close();
    await backend.close();
  });
});
