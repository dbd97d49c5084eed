import { JsonCodec } from '../../lib/runtime/codec';
import { ENVELOPE_MARKER } from '../../lib/runtime/envelope';
import { DeadLetterError } from '../../lib/runtime/handler-failure';
import { MessageCodec } from '../../lib/runtime/message-codec';
import { enqueue, QueueDeadLetters, queueKeys } from '../../lib/runtime/queue';
import { describeDelivery } from './delivery-targets';
import { elapseUntil, Workers } from './queue-fixtures';

const BACKOFF = { type: 'exponential', delayMs: 40, maxDelayMs: 1000 } as const;

describeDelivery('queue worker: failures, retries, dead letters', 'all', (ctx) => {
  let workers: Workers;
  beforeEach(() => (workers = new Workers(ctx)));
  afterEach(() => workers.stopAll());

  const deadLetterLogs = () =>
    ctx()
      .logs.map((l) => l.message)
      .filter(
        (m): m is Readonly<Record<string, unknown>> =>
          typeof m === 'object' && m.event === 'dead-letter',
      );

  it('a failing message is retried on the backoff schedule, then dead-lettered with the error', async () => {
    const queue = ctx().name('emails');
    const deps = ctx().deps();
    const runner = await workers.start(
      deps,
      queue,
      ({ attempt }) => {
        throw new Error(`smtp down (attempt ${attempt})`);
      },
      { attempts: 3, backoff: BACKOFF },
    );
    await enqueue(deps, queue, { to: 'a@x' });
    await workers.calls.reach(1);
    // Before the first delay has passed nothing is retried.
    await ctx().elapse(BACKOFF.delayMs - 1);
    expect(workers.calls.list).toHaveLength(1);
    const step = { stepMs: 10, maxMs: 2000 };
    await elapseUntil(ctx, () => workers.calls.list.length === 3, { ...step, what: '3 attempts' });
    await elapseUntil(ctx, () => runner.stats().deadLettered === 1, { ...step, what: 'dead' });

    const [a1, a2, a3] = workers.calls.list;
    expect([a1.attempt, a2.attempt, a3.attempt]).toEqual([1, 2, 3]);
    expect(new Set([a1.id, a2.id, a3.id]).size).toBe(1);
    // Lower bounds: 40 ms after the first failure, 80 ms after the second.
    expect(a2.at - a1.at).toBeGreaterThanOrEqual(40);
    expect(a3.at - a2.at).toBeGreaterThanOrEqual(80);

    const [record] = await new QueueDeadLetters(deps).list(queue);
    expect(record).toMatchObject({
      id: a1.id,
      messageId: a1.id,
      kind: 'queue',
      name: queue,
      data: { to: 'a@x' },
      reason: 'failed',
      error: { name: 'Error', message: 'smtp down (attempt 3)' },
      attempts: 3,
    });
    expect(record.publishedAt?.getTime()).toBeLessThanOrEqual(a1.at);
    expect(record.failedAt.getTime()).toBeGreaterThanOrEqual(a3.at);
    expect(runner.stats()).toMatchObject({ failed: 3, retried: 2, deadLettered: 1, handled: 0 });
    expect(deadLetterLogs()).toEqual([
      {
        event: 'dead-letter',
        kind: 'queue',
        queue,
        messageId: a1.id,
        attempts: 3,
        reason: 'failed',
        error: { name: 'Error', message: 'smtp down (attempt 3)' },
      },
    ]);
    const keys = queueKeys(queue);
    expect(await ctx().port.zcard(keys.delayed)).toBe(0);
    expect(await ctx().port.llen(keys.inflight(deps.instance))).toBe(0);
  });

  it('a failing message does not hold back the ones behind it', async () => {
    const queue = ctx().name('emails');
    const deps = ctx().deps();
    const runner = await workers.start(
      deps,
      queue,
      ({ data, attempt }) => {
        if (data === 'bad' && attempt === 1) throw new Error('not yet');
      },
      { attempts: 2, backoff: { type: 'fixed', delayMs: 60 } },
    );
    for (const data of ['bad', 'x', 'y']) await enqueue(deps, queue, data);
    await workers.calls.reach(3);
    expect(workers.calls.data()).toEqual(['bad', 'x', 'y']);
    expect(await runner.busy()).toMatch(/1 retry scheduled/);
    await elapseUntil(ctx, () => workers.calls.list.length === 4, {
      stepMs: 20,
      maxMs: 2000,
      what: 'the retry',
    });
    expect(workers.calls.list[3]).toMatchObject({ data: 'bad', attempt: 2 });
    await elapseUntil(ctx, async () => (await runner.busy()) === undefined, {
      stepMs: 10,
      maxMs: 1000,
      what: 'idle',
    });
    expect(runner.stats()).toMatchObject({ handled: 3, failed: 1, retried: 1, deadLettered: 0 });
  });

  it('a retry of a message enqueued behind others goes behind whatever waits', async () => {
    const queue = ctx().name('emails');
    const deps = ctx().deps();
    await workers.start(
      deps,
      queue,
      ({ data, attempt }) => {
        if (data === 'bad' && attempt === 1) throw new Error('later');
      },
      { attempts: 2, backoff: { type: 'fixed', delayMs: 10 } },
    );
    await enqueue(deps, queue, 'bad');
    await workers.calls.reach(1);
    // Waiting messages arrive before the retry is due; the retry goes after them.
    await workers.stopAll();
    for (const data of ['x', 'y']) await enqueue(deps, queue, data);
    await ctx().elapse(20);
    await workers.start(deps, queue, () => undefined);
    await workers.calls.reach(4);
    expect(workers.calls.data()).toEqual(['bad', 'x', 'y', 'bad']);
  });

  it('a DeadLetterError sends the message to the dead letter at once', async () => {
    const queue = ctx().name('emails');
    const deps = ctx().deps();
    const runner = await workers.start(
      deps,
      queue,
      () => {
        throw new DeadLetterError('no such user');
      },
      { attempts: 5, backoff: BACKOFF },
    );
    await enqueue(deps, queue, 'u-1');
    await workers.calls.reach(1);
    await elapseUntil(ctx, () => runner.stats().deadLettered === 1, {
      stepMs: 10,
      maxMs: 1000,
      what: 'dead letter',
    });
    const [record] = await new QueueDeadLetters(deps).list(queue);
    expect(record).toMatchObject({
      data: 'u-1',
      reason: 'unrecoverable',
      attempts: 1,
      error: { name: 'DeadLetterError', message: 'no such user' },
    });
    expect(runner.stats()).toMatchObject({ failed: 1, retried: 0, deadLettered: 1 });
    expect(await ctx().port.zcard(queueKeys(queue).delayed)).toBe(0);
  });

  it('undecodable and oversized messages go to the dead letter with the reason, never to the handler', async () => {
    const queue = ctx().name('emails');
    // A small payload limit for this instance.
    const deps = { ...ctx().deps(), codec: new MessageCodec(new JsonCodec(), 200) };
    const damaged = `${ENVELOPE_MARKER}{"id":"x","t":1}\nnot json`;
    const large = 'z'.repeat(300);
    await ctx().port.lpush(queue, [damaged, large, 'fine']);
    const runner = await workers.start(deps, queue, () => undefined, { attempts: 3 });
    await workers.calls.reach(1);
    await elapseUntil(ctx, () => runner.stats().deadLettered === 2, {
      stepMs: 10,
      maxMs: 1000,
      what: 'two dead letters',
    });
    expect(workers.calls.data()).toEqual(['fine']);
    const records = await new QueueDeadLetters(deps).list(queue);
    expect(records.map((r) => [r.reason, r.raw, r.data, r.attempts, r.messageId])).toEqual([
      ['undecodable', damaged, undefined, 0, undefined],
      ['too-large', large, undefined, 0, undefined],
    ]);
    expect(records[0].error).toEqual({
      name: 'BrokerDecodeError',
      message: expect.stringMatching(/json codec rejected the body/),
    });
    expect(records[1].error.name).toBe('BrokerPayloadTooLargeError');
    expect(runner.stats()).toMatchObject({ failed: 0, retried: 0, handled: 1 });
    expect(deadLetterLogs().map((l) => [l.reason, l.messageId])).toEqual([
      ['undecodable', records[0].id],
      ['too-large', records[1].id],
    ]);
  });

  it('a raw payload is retried as the same string', async () => {
    const queue = ctx().name('emails');
    const deps = ctx().deps();
    await workers.start(
      deps,
      queue,
      ({ attempt }) => {
        if (attempt < 3) throw new Error('again');
      },
      { attempts: 3, backoff: { type: 'fixed', delayMs: 20 } },
    );
    await ctx().port.lpush(queue, ['hi']);
    await elapseUntil(ctx, () => workers.calls.list.length === 3, {
      stepMs: 10,
      maxMs: 2000,
      what: '3 attempts',
    });
    expect(workers.calls.list.map((c) => [c.data, c.attempt, c.id, c.message.headers])).toEqual([
      ['hi', 1, undefined, {}],
      ['hi', 2, undefined, {}],
      ['hi', 3, undefined, {}],
    ]);
  });
});
