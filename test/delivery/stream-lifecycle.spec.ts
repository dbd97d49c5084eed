import { StreamConsumerRunner, appendToStream } from '../../lib/runtime/stream';
import { describeDelivery } from './delivery-targets';
import { Fleet, blockedClients, gate, pendingTimers, until } from './stream-fixtures';

describeDelivery('stream consumer: stop, busy() and stats', 'all', (ctx) => {
  it('stop() ends the read and every timer, acks what finished, leaves the rest pending', async () => {
    const fleet = new Fleet(ctx());
    const { port } = ctx();
    const s = ctx().name('payments');
    const stuck = gate();
    const runner = await fleet.consumer(
      s,
      { group: 'billing', concurrency: 2, backoff: { delayMs: 60_000 } },
      (seen) => {
        if (seen.message.data === 'stuck') return stuck.promise;
        if (seen.message.data === 'fails') throw new Error('later');
      },
    );
    const stuckId = await appendToStream(fleet.deps(), s, 'stuck');
    const failsId = await appendToStream(fleet.deps(), s, 'fails');
    await appendToStream(fleet.deps(), s, 'fine');
    await fleet.until(() => fleet.seen.length === 3, 'all three started');
    await fleet.until(
      async () => (await runner.busy())?.includes('waiting to be retried') ?? false,
      'the retry',
    );

    const stopping = runner.stop(50);
    await ctx().elapse(50);
    await stopping;
    expect(runner.stats().inFlight).toBe(1);
    expect(pendingTimers(ctx()) ?? 0).toBe(0);
    await until(async () => (await blockedClients(fleet.deps().port)) === 0, 'no blocked read');
    const left = await port.xpendingRange(s, 'billing', { start: '-', end: '+', count: 10 });
    expect(left.map((p) => [p.id, p.consumer])).toEqual([
      [stuckId, 'instance-a'],
      [failsId, 'instance-a'],
    ]);
    // Nothing reads any more: a new entry stays unread (lag 1), no handler starts.
    await appendToStream(fleet.deps(), s, 'after');
    expect((await port.xinfoGroups(s))[0]).toMatchObject({ pending: 2, lag: 1 });
    expect(ctx().logs.some((l) => /did not finish within 50 ms/.test(String(l.message)))).toBe(
      true,
    );
    stuck.open();
    await runner.stop(50); // twice: harmless
    expect(fleet.seen.length).toBe(3);
    expect((await port.xpending(s, 'billing')).count).toBe(2); // finished too late: not acked
  });

  it('stop() waits for running handlers within the timeout and acks them', async () => {
    const fleet = new Fleet(ctx());
    const s = ctx().name('payments');
    const slow = gate();
    const runner = await fleet.consumer(s, { group: 'billing' }, () => slow.promise);
    await appendToStream(fleet.deps(), s, 'x');
    await fleet.until(() => fleet.seen.length === 1, 'started');
    const stopping = runner.stop(10_000);
    slow.open();
    await stopping;
    expect((await ctx().port.xpending(s, 'billing')).count).toBe(0);
    expect(runner.stats()).toMatchObject({ handled: 1, inFlight: 0 });
    expect(pendingTimers(ctx()) ?? 0).toBe(0);
  });

  it('a clean stop deletes the consumer from its group; one left with entries pending stays', async () => {
    const fleet = new Fleet(ctx());
    const { port } = ctx();
    const s = ctx().name('payments');
    const consumers = async () =>
      (await port.xinfoConsumers(s, 'billing')).map((c) => [c.name, c.pending]);
    const stuck = gate();
    const options = { group: 'billing' };
    const done = await fleet.consumer(s, options, undefined, { instance: 'deploy-1' });
    await appendToStream(fleet.deps(), s, 'handled');
    await fleet.until(async () => (await done.busy()) === undefined, 'handled and acknowledged');
    expect(await consumers()).toEqual([['deploy-1', 0]]);
    await done.stop(1000);
    expect(await consumers()).toEqual([]);

    // The next deploy's handler does not finish in time: its entry keeps its consumer.
    const late = await fleet.consumer(s, options, () => stuck.promise, { instance: 'deploy-2' });
    await appendToStream(fleet.deps(), s, 'stuck');
    await fleet.until(() => fleet.seen.length === 2, 'deploy-2 took it');
    const stopping = late.stop(50);
    await ctx().elapse(50);
    await stopping;
    expect(await consumers()).toEqual([['deploy-2', 1]]);
    stuck.open();
  });

  it('stop() before start() is harmless, and start() after it does nothing', async () => {
    const s = ctx().name('payments');
    const runner = new StreamConsumerRunner(ctx().deps(), {
      stream: s,
      label: 'never started',
      handler: async () => undefined,
      options: { group: 'billing' },
    });
    await runner.stop(100);
    await runner.start();
    expect(await ctx().port.exists([s])).toBe(0);
    expect(pendingTimers(ctx()) ?? 0).toBe(0);
  });

  it('busy() says what is left: running handlers, pending entries, lag; undefined when quiet', async () => {
    const fleet = new Fleet(ctx());
    const { port } = ctx();
    const s = ctx().name('payments');
    const hold = gate();
    const runner = await fleet.consumer(s, { group: 'billing' }, () => hold.promise);
    expect(await runner.busy()).toBeUndefined();
    await appendToStream(fleet.deps(), s, 1);
    await appendToStream(fleet.deps(), s, 2);
    await fleet.until(() => fleet.seen.length === 1, 'the first');
    expect(await runner.busy()).toBe(`stream ${s} group billing: 1 running, 1 pending, lag 1`);
    hold.open();
    await fleet.until(async () => (await runner.busy()) === undefined, 'quiet');
    await fleet.stop();

    // Unknown lag (a deleted entry after the group's position) is still seen as unread.
    await appendToStream(fleet.deps(), s, 3);
    const middle = await appendToStream(fleet.deps(), s, 4);
    await appendToStream(fleet.deps(), s, 5);
    await port.xdel(s, [middle]);
    expect((await port.xinfoGroups(s))[0].lag).toBeNull();
    expect(await runner.busy()).toBe(`stream ${s} group billing: lag unknown`);
  });

  it('counts handled, failed, retried, dead-lettered and in-flight entries', async () => {
    const fleet = new Fleet(ctx());
    const s = ctx().name('payments');
    const hold = gate();
    const delayMs = ctx().manualTime ? 1000 : 20;
    const runner = await fleet.consumer(
      s,
      { group: 'billing', concurrency: 2, maxDeliveries: 2, backoff: { type: 'fixed', delayMs } },
      (seen) => {
        if (seen.message.data === 'hold') return hold.promise;
        if (seen.message.data === 'bad') throw new Error('bad');
      },
    );
    for (const data of ['ok', 'bad', 'hold']) await appendToStream(fleet.deps(), s, data);
    await fleet.until(
      () => runner.stats().failed === 1 && runner.stats().inFlight === 1,
      'first failure',
    );
    await ctx().elapse(delayMs);
    await fleet.until(() => runner.stats().deadLettered === 1, 'the dead letter');
    expect(runner.stats()).toEqual({
      handled: 1,
      failed: 2,
      retried: 1,
      deadLettered: 1,
      reclaimed: 0,
      inFlight: 1,
    });
    hold.open();
    await fleet.until(async () => (await runner.busy()) === undefined, 'quiet');
    expect(runner.stats()).toMatchObject({ handled: 2, inFlight: 0 });
    await fleet.stop();
  });

  it.each(['DEL', 'XGROUP DESTROY'])(
    'a group removed under it (%s) is created again',
    async (how) => {
      const fleet = new Fleet(ctx());
      const { port } = ctx();
      const s = ctx().name('payments');
      await fleet.consumer(s, { group: 'billing' });
      await until(async () => (await blockedClients(fleet.deps().port)) >= 1, 'the blocked read');
      if (how === 'DEL') await port.del([s]);
      else await port.xgroupDestroy(s, 'billing');
      const gone = () => ctx().logs.some((l) => /is gone/.test(String(l.message)));
      await fleet.until(gone, 'the warning');
      await fleet.until(
        async () => (await port.exists([s])) === 1 && (await port.xinfoGroups(s)).length === 1,
        'the group again',
      );
      await appendToStream(fleet.deps(), s, 'after');
      await fleet.until(() => fleet.seen.length === 1, 'the delivery');
      await fleet.stop();
    },
  );

  it('a consumer whose backend is closed under it stops and says so', async () => {
    const fleet = new Fleet(ctx());
    const s = ctx().name('payments');
    const runner = await fleet.consumer(s, { group: 'billing' }, undefined, {
      instance: 'instance-b',
    });
    await fleet.deps('instance-b').port.close(); // ends its blocked read; the next one fails
    await fleet.until(
      () =>
        ctx().logs.some((l) => /stopped: the broker connection was closed/.test(String(l.message))),
      'the log line',
    );
    expect(pendingTimers(ctx()) ?? 0).toBe(0);
    await runner.stop(100);
  });
});
