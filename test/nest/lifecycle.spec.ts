import {
  type CanActivate,
  Controller,
  type ExecutionContext,
  Inject,
  Module,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type AsyncMicroserviceOptions, type CustomStrategy, Payload } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { firstValueFrom, take, toArray } from 'rxjs';
import { MemoryBackend } from '../../lib/backends/memory/memory.backend';
import { BrokerModule } from '../../lib/nest/broker.module';
import { BrokerPublisher } from '../../lib/nest/broker.publisher';
import { BrokerServer } from '../../lib/nest/broker.server';
import { OnChannel } from '../../lib/nest/decorators/on-channel.decorator';
import { CapturingLogger } from './support/log-capture';
import { describeNest } from './support/nest-targets';
import { Recorder } from './support/recorder';
import { closeTestApps, startTestApp } from './support/test-apps';

const RECORDER = 'RECORDER';

/** A handler that waits for the test to open its gate. */
function gatedController(channel: string) {
  @Controller()
  class GatedController {
    static open: (() => void) | undefined;
    constructor(@Inject(RECORDER) private readonly recorder: Recorder<string>) {}

    @OnChannel(channel)
    async slow(@Payload() data: string) {
      this.recorder.record(`start ${data}`);
      await new Promise<void>((resolve) => (GatedController.open = resolve));
      this.recorder.record(`end ${data}`);
    }
  }
  return GatedController;
}

describeNest('shutdown', 'standalone', (ctx) => {
  afterEach(closeTestApps);

  it('app.close() unsubscribes, waits for running handlers, then closes the backend it owns', async () => {
    const channel = ctx().name('slow');
    const recorder = new Recorder<string>();
    const controller = gatedController(channel);
    const app = await startTestApp({
      broker: ctx().options(),
      controllers: [controller],
      providers: [{ provide: RECORDER, useValue: recorder }],
    });
    const port = app.get(BrokerServer).unwrap<MemoryBackend>();
    await app.get(BrokerPublisher).publish(channel, 'one');
    await recorder.waitFor(1);
    let closed = false;
    const closing = app.close().then(() => {
      closed = true;
      return [...recorder.records];
    });
    // Close has begun (the subscription is gone) while the handler still runs: close waits.
    while ((await port.pubsubNumsub([channel]))[0][1] > 0) await new Promise(setImmediate);
    expect(closed).toBe(false);
    controller.open!();
    expect(await closing).toEqual(['start one', 'end one']);
    await expect(port.publish(channel, 'x')).rejects.toThrow(/closed/);
  });

  it('stops taking messages at once: a shared backend sees no subscriber left', async () => {
    const channel = ctx().name('slow');
    const options = ctx().sharedOptions();
    const app = await startTestApp({
      broker: options,
      controllers: [gatedController(channel)],
      providers: [{ provide: RECORDER, useValue: new Recorder() }],
    });
    const observer = await startTestApp({ broker: options });
    const port = observer.get(BrokerServer).unwrap<MemoryBackend>();
    expect(await port.pubsubNumsub([channel])).toEqual([[channel, 1]]);
    await app.close();
    expect(await port.pubsubNumsub([channel])).toEqual([[channel, 0]]);
  });

  it('says at start what it listens to, and when it stops', async () => {
    const channel = ctx().name('said');
    const app = await startTestApp({
      broker: ctx().options(),
      controllers: [gatedController(channel)],
      providers: [{ provide: RECORDER, useValue: new Recorder() }],
    });
    await app.close();
    const backend = ctx().target.startsWith('memory') ? 'memory' : 'redis';
    expect(
      app.logs.lines('log', `Listening on the ${backend} backend: 1 channel ("${channel}")`),
    ).toHaveLength(1);
    expect(app.logs.lines('log', 'Stopping: no new messages')).toHaveLength(1);
  });

  it('gives up on a handler after shutdownTimeoutMs and says so', async () => {
    const channel = ctx().name('stuck');
    const recorder = new Recorder<string>();
    const app = await startTestApp({
      broker: ctx().options({ shutdownTimeoutMs: 100 }),
      controllers: [gatedController(channel)],
      providers: [{ provide: RECORDER, useValue: recorder }],
    });
    await app.get(BrokerPublisher).publish(channel, 'never');
    await recorder.waitFor(1);
    await app.close();
    expect(
      app.logs.lines('warn', '1 handler(s) still running after shutdownTimeoutMs (100 ms)'),
    ).toHaveLength(1);
  });
});

describe('the server outside a started microservice', () => {
  it('close() of a server that never listened is harmless (app.init() then app.close())', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [BrokerModule.forRoot()],
    }).compile();
    const app = moduleRef.createNestMicroservice({ strategy: moduleRef.get(BrokerServer) });
    await app.init();
    await app.close();
  });

  it('reports connected once listening and disconnected after close, through status and on()', async () => {
    const app = await startTestApp({});
    const server = app.get(BrokerServer);
    const statuses = firstValueFrom(server.status.pipe(take(2), toArray()));
    const told: string[] = [];
    server.on('status', (status) => told.push(status));
    await app.close();
    expect(await statuses).toEqual(['connected', 'disconnected']);
    expect(told).toEqual(['connected', 'disconnected']);
    expect(() => server.on('error' as 'status', () => undefined)).toThrow(/'status'/);
  });
});

describe('bootstrapping as the README shows', () => {
  class DenyChannel implements CanActivate {
    constructor(private readonly denied: string) {}
    canActivate(context: ExecutionContext): boolean {
      return context.switchToRpc().getData() !== this.denied;
    }
  }

  function appModule(channel: string, recorder: Recorder<string>) {
    @Controller()
    class Handlers {
      @OnChannel(channel)
      handle(@Payload() data: string) {
        recorder.record(data);
      }
    }
    @Module({ imports: [BrokerModule.forRoot()], controllers: [Handlers] })
    class AppModule {}
    return AppModule;
  }

  it('hybrid: connectMicroservice with the DI server; global guards apply with inheritAppConfig', async () => {
    const recorder = new Recorder<string>();
    const app = await NestFactory.create(appModule('hybrid.events', recorder), {
      logger: new CapturingLogger(),
      abortOnError: false,
    });
    app.useGlobalGuards(new DenyChannel('denied'));
    app.connectMicroservice<CustomStrategy>(
      { strategy: app.get(BrokerServer) },
      { inheritAppConfig: true },
    );
    await app.startAllMicroservices();
    await app.listen(0, '127.0.0.1');
    const publisher = app.get(BrokerPublisher);
    await publisher.publish('hybrid.events', 'denied');
    await publisher.publish('hybrid.events', 'allowed');
    await recorder.waitFor(1);
    expect(recorder.records).toEqual(['allowed']);
    await app.close();
  });

  it('standalone: createMicroservice with inject + useFactory gets the DI server', async () => {
    const recorder = new Recorder<string>();
    const app = await NestFactory.createMicroservice<AsyncMicroserviceOptions>(
      appModule('standalone.events', recorder),
      {
        inject: [BrokerServer],
        useFactory: (server: BrokerServer) => ({ strategy: server }),
        logger: new CapturingLogger(),
        abortOnError: false,
      },
    );
    await app.listen();
    await app.get(BrokerPublisher).publish('standalone.events', 'hello');
    await recorder.waitFor(1);
    expect(recorder.records).toEqual(['hello']);
    await app.close();
  });
});
