import {
  type ArgumentsHost,
  Catch,
  type CanActivate,
  Controller,
  type ExceptionFilter,
  Inject,
  UseFilters,
  UseGuards,
  UsePipes,
  ValidationPipe,
} from '@nestjs/common';
import { Payload, RpcException } from '@nestjs/microservices';
import { IsInt, IsString } from 'class-validator';
import { EMPTY } from 'rxjs';
import { BROKER_PORT } from '../../lib/nest/broker.constants';
import { BrokerPublisher } from '../../lib/nest/broker.publisher';
import { OnChannel } from '../../lib/nest/decorators/on-channel.decorator';
import type { BrokerPort } from '../../lib/port/broker.port';
import { ENVELOPE_MARKER } from '../../lib/runtime/envelope';
import { text } from './support/log-capture';
import { describeNest } from './support/nest-targets';
import { Recorder } from './support/recorder';
import { closeTestApps, startTestApp } from './support/test-apps';

const RECORDER = 'RECORDER';

class OrderDto {
  @IsInt() id!: number;
  @IsString() sku!: string;
}

class DenyAll implements CanActivate {
  canActivate(): boolean {
    return false;
  }
}

@Catch()
class RecordingFilter implements ExceptionFilter {
  constructor(private readonly recorder: Recorder<string>) {}
  catch(exception: unknown, _host: ArgumentsHost) {
    this.recorder.record(
      `filter saw ${exception instanceof Error ? exception.message : String(exception)}`,
    );
    return EMPTY; // handled: the server sees success
  }
}

function failingController(base: string, filterRecorder: Recorder<string>) {
  @Controller()
  class FailingController {
    constructor(@Inject(RECORDER) private readonly recorder: Recorder<string>) {}

    @OnChannel(`${base}.boom`)
    boom(@Payload() _data: unknown) {
      throw new Error('kaboom');
    }

    @OnChannel(`${base}.boom`)
    survivor(@Payload() data: unknown) {
      this.recorder.record(`survivor got ${String(data)}`);
    }

    @OnChannel(`${base}.async`)
    async rejects(@Payload() _data: unknown) {
      await Promise.resolve();
      throw new RpcException({ code: 'E_ASYNC' });
    }

    @OnChannel(`${base}.guarded`)
    @UseGuards(DenyAll)
    guarded(@Payload() _data: unknown) {
      this.recorder.record('guarded ran');
    }

    @OnChannel(`${base}.validated`)
    @UsePipes(new ValidationPipe())
    validated(@Payload() order: OrderDto) {
      this.recorder.record(`valid ${order.sku}`);
    }

    @OnChannel(`${base}.explained`)
    @UsePipes(
      new ValidationPipe({
        exceptionFactory: (errors) =>
          new RpcException({
            invalid: errors.map((e) => Object.values(e.constraints ?? {})).flat(),
          }),
      }),
    )
    explained(@Payload() order: OrderDto) {
      this.recorder.record(`explained ${order.sku}`);
    }

    @OnChannel(`${base}.positional`)
    positional(data: unknown, second?: unknown) {
      if (data === 'fail') throw new Error('positional failure');
      this.recorder.record(`positional ${String(data)} ${String(second)}`);
    }

    @OnChannel(`${base}.filtered`)
    @UseFilters(new RecordingFilter(filterRecorder))
    filtered(@Payload() _data: unknown) {
      throw new Error('filtered failure');
    }

    @OnChannel(`${base}.fine`)
    fine(@Payload() data: unknown) {
      this.recorder.record(`fine ${String(data)}`);
    }
  }
  return FailingController;
}

describeNest('handler errors are answered, never swallowed', 'standalone', (ctx) => {
  afterEach(closeTestApps);

  async function start(options = {}) {
    const base = ctx().name('errors');
    const recorder = new Recorder<string>();
    const filterRecorder = new Recorder<string>();
    const app = await startTestApp({
      broker: ctx().options(options),
      controllers: [failingController(base, filterRecorder)],
      providers: [{ provide: RECORDER, useValue: recorder }],
    });
    const publisher = app.get(BrokerPublisher);
    return {
      base,
      recorder,
      filterRecorder,
      app,
      publisher,
      port: app.get<BrokerPort>(BROKER_PORT),
    };
  }

  it('a throwing handler is logged with the channel, the message id and its error; the other handler of the message runs', async () => {
    const { base, recorder, app, publisher } = await start();
    await publisher.publish(`${base}.boom`, 'x');
    await recorder.waitFor(1, (r) => r === 'survivor got x');
    const [line] = await app.logs.waitForLine(
      'error',
      'FailingController.boom',
      `"${base}.boom"`,
      'kaboom',
    );
    expect(text(line)).toMatch(/message [0-9a-f-]{36}/);
    // The process and the subscriptions carry on.
    await publisher.publish(`${base}.fine`, 'after');
    await recorder.waitFor(1, (r) => r === 'fine after');
  });

  it('an async rejection with an RpcException is logged with its payload', async () => {
    const { base, app, publisher } = await start();
    await publisher.publish(`${base}.async`, 'x');
    await app.logs.waitForLine('error', 'FailingController.rejects', 'E_ASYNC');
  });

  it('a guard that denies is logged and the handler does not run', async () => {
    const { base, recorder, app, publisher } = await start();
    await publisher.publish(`${base}.guarded`, 'x');
    await app.logs.waitForLine('error', 'FailingController.guarded', 'Forbidden resource');
    await publisher.publish(`${base}.fine`, 'sentinel');
    await recorder.waitFor(1, (r) => r === 'fine sentinel');
    expect(recorder.records).not.toContain('guarded ran');
  });

  it('a default ValidationPipe rejection is logged, saying it came before the method and how to see why', async () => {
    const { base, recorder, app, publisher } = await start();
    await publisher.publish(`${base}.validated`, { id: 'not-a-number', sku: 3 });
    const [line] = await app.logs.waitForLine('error', 'FailingController.validated');
    expect(text(line)).toMatch(/thrown outside the handler method \(by a pipe or an interceptor/);
    expect(text(line)).toMatch(/exceptionFactory/);
    await publisher.publish(`${base}.validated`, { id: 1, sku: 'A-1' });
    await recorder.waitFor(1, (r) => r === 'valid A-1');
  });

  it('a ValidationPipe with an RpcException exceptionFactory is logged with its reasons', async () => {
    const { base, app, publisher } = await start();
    await publisher.publish(`${base}.explained`, { id: 'x', sku: 'A' });
    const [line] = await app.logs.waitForLine('error', 'FailingController.explained');
    expect(text(line)).toMatch(/id must be an integer number/);
  });

  it("a handler without param decorators gets the payload alone (Nest's default) and its throw is logged as it was", async () => {
    const { base, recorder, app, publisher } = await start();
    await publisher.publish(`${base}.positional`, 'ok');
    await recorder.waitFor(1, (r) => r === 'positional ok undefined');
    await publisher.publish(`${base}.positional`, 'fail');
    await app.logs.waitForLine('error', 'FailingController.positional', 'positional failure');
  });

  it("the app's exception filters run; a filter that handles the error leaves nothing to report", async () => {
    const { base, recorder, filterRecorder, app, publisher } = await start();
    await publisher.publish(`${base}.filtered`, 'x');
    await filterRecorder.waitFor(1);
    expect(filterRecorder.records).toEqual(['filter saw filtered failure']);
    await publisher.publish(`${base}.fine`, 'sentinel');
    await recorder.waitFor(1, (r) => r === 'fine sentinel');
    expect(app.logs.lines('error', 'FilteringController')).toEqual([]);
    expect(app.logs.lines('error', 'filtered failure')).toEqual([]);
  });

  it('a damaged envelope is logged as undecodable and dropped', async () => {
    const { base, recorder, app, port, publisher } = await start();
    await port.publish(`${base}.fine`, `${ENVELOPE_MARKER}{not json\nbody`);
    await app.logs.waitForLine('error', `"${base}.fine"`, 'not JSON');
    await publisher.publish(`${base}.fine`, 'next');
    await recorder.waitFor(1, (r) => r === 'fine next');
    expect(recorder.records).toEqual(['fine next']);
  });

  it('an incoming payload over maxPayloadBytes is logged and dropped', async () => {
    const { base, recorder, app, port } = await start({ maxPayloadBytes: 64 });
    await port.publish(`${base}.fine`, 'x'.repeat(65));
    await app.logs.waitForLine('error', `"${base}.fine"`, '65 bytes', 'maxPayloadBytes');
    await port.publish(`${base}.fine`, 'small');
    await recorder.waitFor(1, (r) => r === 'fine small');
  });
});
