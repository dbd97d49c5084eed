import {
  type CanActivate,
  Controller,
  Inject,
  UseGuards,
  UsePipes,
  ValidationPipe,
} from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { IsInt } from 'class-validator';
import { BrokerConfigurationError } from '../../lib/core/broker.errors';
import { BROKER_PORT } from '../../lib/nest/broker.constants';
import { BrokerContext } from '../../lib/nest/broker.context';
import { BrokerPublisher } from '../../lib/nest/broker.publisher';
import { BrokerServer } from '../../lib/nest/broker.server';
import { QueueWorker } from '../../lib/nest/decorators/queue-worker.decorator';
import type { BrokerPort } from '../../lib/port/broker.port';
import { DeadLetterError } from '../../lib/runtime/handler-failure';
import { describeNest } from './support/nest-targets';
import { Recorder } from './support/recorder';
import { closeTestApps, startTestApp } from './support/test-apps';

const RECORDER = 'RECORDER';
const FAST = { type: 'fixed', delayMs: 5 } as const;

interface Handled {
  readonly handler: string;
  readonly data: unknown;
  readonly attempt?: number;
  readonly queue?: string;
  readonly kind: string;
  readonly id?: string;
  readonly headers: Record<string, string>;
  readonly instance?: string;
}

class Job {
  @IsInt() n!: number;
}

class DenyAll implements CanActivate {
  canActivate(): boolean {
    return false;
  }
}

function mailController(base: string, instance = 'a') {
  @Controller()
  class MailController {
    constructor(@Inject(RECORDER) private readonly recorder: Recorder<Handled>) {}

    private seen(handler: string, data: unknown, ctx: BrokerContext): void {
      this.recorder.record({
        handler,
        data,
        attempt: ctx.getAttempt(),
        queue: ctx.getQueue(),
        kind: ctx.getKind(),
        id: ctx.getMessageId(),
        headers: { ...ctx.getHeaders() },
        instance,
      });
    }

    @QueueWorker(`${base}.emails`, { concurrency: 2 })
    send(@Payload() data: unknown, @Ctx() ctx: BrokerContext) {
      this.seen('send', data, ctx);
    }

    @QueueWorker(`${base}.flaky`, { attempts: 3, backoff: FAST })
    flaky(@Payload() data: unknown, @Ctx() ctx: BrokerContext) {
      this.seen('flaky', data, ctx);
      if (ctx.getAttempt()! < 3 || data === 'always')
        throw new Error(`flaky attempt ${ctx.getAttempt()}`);
    }

    @QueueWorker(`${base}.validated`, { attempts: 5, backoff: FAST })
    @UsePipes(new ValidationPipe())
    validated(@Payload() job: Job, @Ctx() ctx: BrokerContext) {
      this.seen('validated', job, ctx);
    }

    @QueueWorker(`${base}.refused`, { attempts: 5, backoff: FAST })
    refused(@Payload() data: unknown, @Ctx() ctx: BrokerContext) {
      this.seen('refused', data, ctx);
      throw new DeadLetterError('the account is closed');
    }
  }
  return MailController;
}

describeNest('@QueueWorker', 'all', (ctx) => {
  afterEach(closeTestApps);

  async function start(base: string, instance = 'a') {
    const recorder = new Recorder<Handled>();
    const app = await startTestApp({
      broker: ctx().sharedOptions(),
      controllers: [mailController(base, instance)],
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

  it('handles what enqueue() pushed, with the queue, the attempt and the envelope in the context', async () => {
    const base = ctx().name('mail');
    const { recorder, publisher, server } = await start(base);
    expect(
      await publisher.enqueue(`${base}.emails`, { to: 'a@b' }, { headers: { 'x-id': '7' } }),
    ).toBeGreaterThanOrEqual(0);
    const [record] = await recorder.waitFor(1);
    expect(record).toMatchObject({
      handler: 'send',
      data: { to: 'a@b' },
      kind: 'queue',
      queue: `${base}.emails`,
      attempt: 1,
      headers: { 'x-id': '7' },
    });
    expect(record.id).toMatch(/^[0-9a-f-]{36}$/);
    await server.whenIdle();
    expect(server.stats()[`queue "${base}.emails" (MailController.send)`]).toMatchObject({
      handled: 1,
      failed: 0,
      inFlight: 0,
    });
  });

  it('a raw LPUSH from another client reaches the worker as the string it was', async () => {
    const base = ctx().name('mail');
    const { recorder, port } = await start(base);
    await port.lpush(`${base}.emails`, ['hello', '{"json":true}']);
    const records = await recorder.waitFor(2);
    expect(records.map((r) => r.data)).toEqual(['hello', '{"json":true}']);
  });

  it('a failing handler is retried with its attempt count until it succeeds', async () => {
    const base = ctx().name('mail');
    const { recorder, publisher, server } = await start(base);
    await publisher.enqueue(`${base}.flaky`, 'x');
    const records = await recorder.waitFor(3);
    expect(records.map((r) => r.attempt)).toEqual([1, 2, 3]);
    await server.whenIdle();
    expect(await publisher.deadLetters('queue', `${base}.flaky`)).toEqual([]);
  });

  it('after the last attempt the message is dead-lettered with the error; replay puts it back; purge empties', async () => {
    const base = ctx().name('mail');
    const { recorder, publisher, server, app } = await start(base);
    await publisher.enqueue(`${base}.flaky`, 'always');
    await recorder.waitFor(3);
    await server.whenIdle();
    const [dead] = await publisher.deadLetters('queue', `${base}.flaky`);
    expect(dead).toMatchObject({
      kind: 'queue',
      name: `${base}.flaky`,
      data: 'always',
      reason: 'failed',
      attempts: 3,
      error: { name: 'Error', message: 'flaky attempt 3' },
    });
    expect(
      app.logs.records.some(
        (l) => l.level === 'warn' && JSON.stringify(l.message).includes('dead-letter'),
      ),
    ).toBe(true);
    expect(await publisher.replayDeadLetters('queue', `${base}.flaky`)).toBe(1);
    await recorder.waitFor(6);
    expect(recorder.records.slice(3).map((r) => r.attempt)).toEqual([1, 2, 3]);
    await server.whenIdle();
    expect(await publisher.purgeDeadLetters('queue', `${base}.flaky`)).toBe(1);
    expect(await publisher.deadLetters('queue', `${base}.flaky`)).toEqual([]);
  });

  it('a ValidationPipe rejection goes to the dead letter at once with its reasons', async () => {
    const base = ctx().name('mail');
    const { publisher, server, recorder } = await start(base);
    await publisher.enqueue(`${base}.validated`, { n: 'not a number' });
    await server.whenIdle();
    const [dead] = await publisher.deadLetters('queue', `${base}.validated`);
    expect(dead).toMatchObject({ reason: 'unrecoverable', attempts: 1 });
    expect(dead.error.message).toMatch(/n must be an integer number/);
    expect(recorder.records).toEqual([]);
  });

  it('a DeadLetterError skips the remaining attempts', async () => {
    const base = ctx().name('mail');
    const { publisher, server, recorder } = await start(base);
    await publisher.enqueue(`${base}.refused`, 'x');
    await server.whenIdle();
    expect(recorder.records).toHaveLength(1);
    const [dead] = await publisher.deadLetters('queue', `${base}.refused`);
    expect(dead).toMatchObject({
      reason: 'unrecoverable',
      error: { message: 'the account is closed' },
    });
  });

  it('app instances share a queue: every message is handled by exactly one of them', async () => {
    const base = ctx().name('mail');
    const first = await start(base, 'a');
    const second = await start(base, 'b');
    const total = 40;
    for (let i = 0; i < total; i++) await first.publisher.enqueue(`${base}.emails`, i);
    await first.server.whenIdle({ timeoutMs: 10_000 });
    await second.server.whenIdle({ timeoutMs: 10_000 });
    const handled = [...first.recorder.records, ...second.recorder.records].map(
      (r) => r.data as number,
    );
    expect(handled.sort((x, y) => x - y)).toEqual(Array.from({ length: total }, (_, i) => i));
  });
});

describe('@QueueWorker misuse', () => {
  afterEach(closeTestApps);

  it('invalid options fail where the decorator is applied, naming the option', () => {
    expect(() => QueueWorker('q', { attempts: 0 })).toThrow(BrokerConfigurationError);
    expect(() => QueueWorker('q', { attempts: 0 })).toThrow(/@QueueWorker\("q"\)\.attempts/);
    expect(() => QueueWorker('q', { concurency: 2 } as never)).toThrow(/concurency/);
    expect(() => QueueWorker('')).toThrow(/non-empty queue name/);
    expect(() => QueueWorker('a}b')).toThrow(/hash tag/);
  });

  it('two workers for one queue in one app fail at start-up', async () => {
    @Controller()
    class Twice {
      @QueueWorker('twice.q')
      one(@Payload() _d: unknown) {}
      @QueueWorker('twice.q')
      two(@Payload() _d: unknown) {}
    }
    await expect(startTestApp({ controllers: [Twice] })).rejects.toThrow(
      /Twice\.one and Twice\.two.*one handler for queue "twice\.q" per app/,
    );
  });

  it('a guard that denies counts as a failed attempt: retried, then dead-lettered with its reason', async () => {
    @Controller()
    class Guarded {
      @QueueWorker('guarded.q', { attempts: 2, backoff: FAST })
      @UseGuards(DenyAll)
      handle(@Payload() _d: unknown) {}
    }
    const app = await startTestApp({ controllers: [Guarded] });
    const publisher = app.get(BrokerPublisher);
    await publisher.enqueue('guarded.q', 1);
    await app.get(BrokerServer).whenIdle();
    const [dead] = await publisher.deadLetters('queue', 'guarded.q');
    expect(dead).toMatchObject({ attempts: 2, error: { message: 'Forbidden resource' } });
  });
});
