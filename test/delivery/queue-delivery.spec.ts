import { blockedNow, waitUntilBlocked } from '../conformance/blocked-clients';
import { enqueue, queueKeys } from '../../lib/runtime/queue';
import { describeDelivery } from './delivery-targets';
import { Gate, Workers } from './queue-fixtures';

describeDelivery('queue worker: delivery', 'all', (ctx) => {
  let workers: Workers;
  beforeEach(() => (workers = new Workers(ctx)));
  afterEach(() => workers.stopAll());

  it('hands messages to the handler in the order they were enqueued (FIFO)', async () => {
    const queue = ctx().name('emails');
    const deps = ctx().deps();
    for (const n of [1, 2, 3, 4, 5]) await enqueue(deps, queue, { n });
    await workers.start(deps, queue, () => undefined);
    const calls = await workers.calls.reach(5);
    expect(calls.map((c) => c.data)).toEqual([1, 2, 3, 4, 5].map((n) => ({ n })));
    expect(calls.every((c) => c.attempt === 1 && c.id !== undefined)).toBe(true);
  });

  it('enqueue() resolves the queue length and carries headers to the handler', async () => {
    const queue = ctx().name('emails');
    const deps = ctx().deps();
    expect(await enqueue(deps, queue, 'a')).toBe(1);
    expect(await enqueue(deps, queue, 'b', { headers: { traceparent: 't-1' } })).toBe(2);
    await workers.start(deps, queue, () => undefined);
    const [first, second] = await workers.calls.reach(2);
    expect(first.message.headers).toEqual({});
    expect(second.message.headers).toEqual({ traceparent: 't-1' });
    expect(second.message.publishedAt).toBeInstanceOf(Date);
  });

  it('three instances competing: every message handled exactly once when nothing fails', async () => {
    const queue = ctx().name('jobs');
    const instances = ['b', 'c', 'd'].map((name) => ctx().deps(name));
    const runners = await Promise.all(
      instances.map((deps) =>
        workers.start(deps, queue, () => Promise.resolve(), { concurrency: 2 }),
      ),
    );
    const total = 60;
    const producer = ctx().deps();
    await Promise.all(Array.from({ length: total }, (_, n) => enqueue(producer, queue, n)));
    const calls = await workers.calls.reach(total);
    const seen = calls.map((c) => c.data as number).sort((a, b) => a - b);
    expect(seen).toEqual(Array.from({ length: total }, (_, n) => n));
    await workers.stopAll();
    expect(runners.reduce((sum, r) => sum + r.stats().handled, 0)).toBe(total);
    const keys = queueKeys(queue);
    for (const deps of instances)
      expect(await ctx().port.llen(keys.inflight(deps.instance))).toBe(0);
    expect(await ctx().port.llen(queue)).toBe(0);
    // BLMOVE / LMOVE between the queue and the in-flight lists: on a cluster, no CROSSSLOT.
    expect(ctx().logs.filter((l) => l.level === 'error')).toEqual([]);
  });

  it('runs at most `concurrency` handlers at once and holds one blocked connection', async () => {
    const queue = ctx().name('{tenant-7}.mails');
    const deps = ctx().deps('b');
    const gates: Gate[] = [];
    let hold = true;
    let running = 0;
    let most = 0;
    const runner = await workers.start(
      deps,
      queue,
      async () => {
        running++;
        most = Math.max(most, running);
        if (hold) {
          const gate = new Gate();
          gates.push(gate);
          await gate.promise;
        }
        running--;
      },
      { concurrency: 3 },
    );
    // Idle with 3 free slots: one BLMOVE, no more.
    await waitUntilBlocked(deps.port, 1);
    expect(await blockedNow(deps.port)).toBe(1);

    for (let n = 0; n < 8; n++) await enqueue(deps, queue, n);
    await workers.calls.reach(3);
    expect(runner.stats().inFlight).toBe(3);
    // All slots busy: nothing more taken, nothing blocked.
    expect(await ctx().port.llen(queue)).toBe(5);
    expect(await blockedNow(deps.port)).toBe(0);

    gates[0].open();
    await workers.calls.reach(4);
    expect(running).toBe(3);
    hold = false;
    for (const gate of gates) gate.open();
    await workers.calls.reach(8);
    await runner.stop(1000);
    expect(most).toBe(3);
    expect(runner.stats()).toMatchObject({ handled: 8, inFlight: 0 });
    expect(workers.calls.data()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('a raw LPUSH from another client reaches the handler as the string', async () => {
    const queue = ctx().name('emails');
    await ctx().port.lpush(queue, ['hi', '{"to":"x"}']);
    await workers.start(ctx().deps(), queue, () => undefined);
    const calls = await workers.calls.reach(2);
    expect(calls.map((c) => [c.data, c.id, c.message.publishedAt])).toEqual([
      ['hi', undefined, undefined],
      ['{"to":"x"}', undefined, undefined],
    ]);
  });

  it('busy() says what is left; undefined once the queue, in-flight list and retries are empty', async () => {
    const queue = ctx().name('emails');
    const deps = ctx().deps();
    const gate = new Gate();
    const runner = workers.create(deps, queue, () => gate.promise);
    expect(await runner.busy()).toBeUndefined();
    for (const n of [1, 2, 3]) await enqueue(deps, queue, n);
    expect(await runner.busy()).toBe(`queue ${queue}: 3 waiting, 0 in flight, 0 retries scheduled`);
    await runner.start();
    await workers.calls.reach(1);
    expect(await runner.busy()).toBe(`queue ${queue}: 2 waiting, 1 in flight, 0 retries scheduled`);
    gate.open();
    await workers.calls.reach(3);
    await runner.stop(1000);
    expect(await runner.busy()).toBeUndefined();
    expect(runner.stats()).toEqual({
      handled: 3,
      failed: 0,
      retried: 0,
      deadLettered: 0,
      reclaimed: 0,
      inFlight: 0,
    });
  });

  it('refuses a queue name whose helper keys could not share its cluster slot', async () => {
    expect(() => workers.create(ctx().deps(), 'a}b', () => undefined)).toThrow(/hash tag/);
    await expect(enqueue(ctx().deps(), 'a}b', 1)).rejects.toThrow(/hash tag/);
  });
});
