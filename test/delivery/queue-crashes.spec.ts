import { ManualClock } from '../../lib/core/clock';
import { blockedNow } from '../conformance/blocked-clients';
import { enqueue, QueueDeadLetters, queueKeys } from '../../lib/runtime/queue';
import { describeDelivery } from './delivery-targets';
import { elapseUntil, eventually, Gate, never, Workers } from './queue-fixtures';

/** Small enough for real time, large enough that a busy machine does not miss a renewal. */
const VISIBILITY_MS = 400;
const STEP = { stepMs: VISIBILITY_MS / 8, maxMs: VISIBILITY_MS * 4 };

describeDelivery('queue worker: crashes and shutdown', 'all', (ctx) => {
  /** Timers on the manual clock (memory); Redis runs on real timers, counted as 0 here. */
  const pendingTimers = () => {
    const clock = ctx().clock;
    return clock instanceof ManualClock ? clock.pendingTimers : 0;
  };
  let workers: Workers;
  beforeEach(() => (workers = new Workers(ctx)));
  afterEach(() => workers.stopAll());

  it('a worker that dies mid-message has it handled by a survivor after the visibility timeout, as an attempt', async () => {
    const queue = ctx().name('emails');
    const doomed = ctx().deps('b');
    const options = { visibilityTimeoutMs: VISIBILITY_MS, attempts: 3 };
    const leasedFrom = ctx().clock.now();
    await workers.start(doomed, queue, never, options);
    await enqueue(doomed, queue, 'm');
    await workers.calls.reach(1);
    await doomed.port.close(); // the process dies: no stop(), the handler never finishes

    const survivor = await workers.start(ctx().deps(), queue, () => undefined, options);
    const waited = await elapseUntil(ctx, () => workers.calls.list.length === 2, {
      ...STEP,
      what: 'the survivor handling it',
    });
    const retaken = workers.calls.list[1];
    expect(retaken).toMatchObject({ instance: 'instance-a', data: 'm', attempt: 2 });
    // Not before the lease taken at start ran out.
    expect(retaken.at - leasedFrom).toBeGreaterThanOrEqual(VISIBILITY_MS);
    if (ctx().manualTime) expect(waited).toBeLessThanOrEqual(VISIBILITY_MS * 1.5);
    await elapseUntil(ctx, () => survivor.stats().handled === 1, { ...STEP, what: 'handled' });
    expect(survivor.stats()).toMatchObject({ reclaimed: 1, handled: 1 });
    const keys = queueKeys(queue);
    expect(await ctx().port.llen(keys.inflight('b'))).toBe(0);
    expect(await ctx().port.zscore(keys.workers, 'b')).toBeNull();
    expect(
      ctx().logs.some((l) =>
        /took back 1 in-flight message\(s\) of worker "b"/.test(String(l.message)),
      ),
    ).toBe(true);
  });

  it('a message that kills every worker taking it ends in the dead letter, never past its attempts', async () => {
    const queue = ctx().name('emails');
    const options = { visibilityTimeoutMs: VISIBILITY_MS, attempts: 2 };
    const instances = ['b', 'c', 'd', 'e'].map((name) => ctx().deps(name));
    for (const deps of instances) {
      await workers.start(
        deps,
        queue,
        () => {
          void deps.port.close(); // poison: the process dies handling it
          return never();
        },
        options,
      );
    }
    await enqueue(ctx().deps(), queue, 'poison');
    await elapseUntil(ctx, async () => (await ctx().port.llen(queueKeys(queue).dead)) > 0, {
      ...STEP,
      maxMs: VISIBILITY_MS * 10,
      what: 'the dead letter',
    });
    const attempts = workers.calls.list.map((c) => c.attempt);
    if (ctx().manualTime) expect(attempts).toEqual([1, 2]);
    // On Redis a reclaimer can be handed the message by its own push and die before removing the
    // dead worker's copy: a duplicate (at least once), never an attempt past the last.
    else expect(attempts.every((a) => a === 1 || a === 2)).toBe(true);
    const [record] = await new QueueDeadLetters(ctx().deps()).list(queue);
    expect(record).toMatchObject({
      data: 'poison',
      reason: 'failed',
      attempts: 2,
      error: { name: 'QueueWorkerLostError' },
    });
    expect(record.error.message).toMatch(/stopped \(its process died or was restarted\)/);
  });

  it('a retry outlives the worker that scheduled it: a live worker delivers it when due', async () => {
    const queue = ctx().name('emails');
    const doomed = ctx().deps('b');
    const options = { attempts: 3, backoff: { type: 'fixed', delayMs: 100 } } as const;
    const failing = await workers.start(
      doomed,
      queue,
      () => {
        throw new Error('flaky');
      },
      options,
    );
    await enqueue(doomed, queue, 'm');
    await elapseUntil(ctx, () => failing.stats().retried === 1, { ...STEP, what: 'scheduled' });
    await doomed.port.close();

    await workers.start(ctx().deps(), queue, () => undefined, options);
    await elapseUntil(ctx, () => workers.calls.list.length === 2, { ...STEP, what: 'the retry' });
    const [first, retry] = workers.calls.list;
    expect(retry).toMatchObject({ instance: 'instance-a', data: 'm', attempt: 2 });
    expect(retry.at - first.at).toBeGreaterThanOrEqual(100);
  });

  it('stop() lets handlers finish in time, puts unfinished messages back at the head, leaves nothing running', async () => {
    const queue = ctx().name('emails');
    const deps = ctx().deps('b');
    const quick = new Gate();
    let hangers = 0;
    const runner = await workers.start(
      deps,
      queue,
      ({ data }) => {
        if (data === 1) return quick.promise;
        hangers++;
        return never();
      },
      { concurrency: 3 },
    );
    for (const n of [1, 2, 3, 4]) await enqueue(deps, queue, n);
    await workers.calls.reach(3);

    const stopping = runner.stop(50);
    quick.open(); // finishes within the timeout: acknowledged
    await eventually(() => runner.stats().handled === 1, 'the quick one acknowledged');
    await ctx().elapse(50);
    await stopping;

    // 2 and 3 never finished: back at the consuming end, in their order, before 4.
    const waiting = await ctx().port.lrange(queue, 0, -1);
    expect(waiting.map((text) => deps.codec.decode(text).message.data)).toEqual([4, 3, 2]);
    const keys = queueKeys(queue);
    expect(await ctx().port.llen(keys.inflight('b'))).toBe(0);
    expect(await ctx().port.zscore(keys.workers, 'b')).toBeNull();
    expect(runner.stats()).toMatchObject({ handled: 1, inFlight: 2 });
    expect(hangers).toBe(2);
    expect(await blockedNow(deps.port)).toBe(0);
    expect(pendingTimers()).toBe(0);

    // Stopped means stopped: a new message reaches no handler of it.
    await enqueue(deps, queue, 5);
    await ctx().elapse(20);
    expect(workers.calls.list).toHaveLength(3);
    await runner.stop(50); // twice: harmless

    // The next worker takes 2, 3, 4, 5 in order.
    const next = await workers.start(ctx().deps(), queue, () => undefined);
    await workers.calls.reach(7);
    expect(workers.calls.data().slice(3)).toEqual([2, 3, 4, 5]);
    expect(next.stats().reclaimed).toBe(0);
  });

  it('stop() keeps renewing the lease while a handler drains: no live instance takes its message and runs it again', async () => {
    const queue = ctx().name('emails');
    const options = { visibilityTimeoutMs: VISIBILITY_MS };
    const leaving = ctx().deps('b');
    const slow = new Gate();
    const leaver = await workers.start(leaving, queue, () => slow.promise, options);
    await enqueue(leaving, queue, 'long');
    await workers.calls.reach(1);
    const survivor = await workers.start(ctx().deps(), queue, () => undefined, options);

    // The handler outlives the visibility timeout three times over, within the stop timeout.
    const stopping = leaver.stop(VISIBILITY_MS * 10);
    for (let waited = 0; waited < VISIBILITY_MS * 3; waited += STEP.stepMs) {
      await ctx().elapse(STEP.stepMs);
    }
    expect(workers.calls.list.map((c) => c.instance)).toEqual(['b']);
    slow.open();
    await stopping;
    expect(leaver.stats()).toMatchObject({ handled: 1, inFlight: 0 });
    const keys = queueKeys(queue);
    expect(await ctx().port.llen(keys.inflight('b'))).toBe(0);
    expect(await ctx().port.zscore(keys.workers, 'b')).toBeNull();
    expect(await ctx().port.llen(queue)).toBe(0);
    await ctx().elapse(VISIBILITY_MS);
    expect(workers.calls.list).toHaveLength(1);
    expect(survivor.stats().reclaimed).toBe(0);
  });

  it('stop() before start() is harmless and leaves no timer', async () => {
    const runner = workers.create(ctx().deps(), ctx().name('emails'), () => undefined);
    await runner.stop(100);
    await runner.start(); // a stopped runner does not start
    expect(await blockedNow(ctx().port)).toBe(0);
    expect(pendingTimers()).toBe(0);
  });
});
