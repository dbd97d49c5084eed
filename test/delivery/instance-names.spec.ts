import { enqueue, queueKeys } from '../../lib/runtime/queue';
import { appendToStream } from '../../lib/runtime/stream';
import { describeDelivery } from './delivery-targets';
import { eventually, Gate, Workers } from './queue-fixtures';
import { Fleet, gate } from './stream-fixtures';

/** Small enough for real time, large enough that a busy machine does not miss a renewal. */
const VISIBILITY_MS = 400;

describeDelivery('two live instances given one name', 'all', (ctx) => {
  const warnings = (pattern: RegExp) =>
    ctx().logs.filter((l) => l.level === 'warn' && pattern.test(String(l.message)));

  describe('queue worker', () => {
    let workers: Workers;
    beforeEach(() => (workers = new Workers(ctx)));
    afterEach(() => workers.stopAll());

    it("is warned about at start, and leaves the other's in-flight messages alone", async () => {
      const queue = ctx().name('emails');
      const options = { visibilityTimeoutMs: VISIBILITY_MS };
      const first = ctx().deps('orders-service');
      const slow = new Gate();
      const running = await workers.start(first, queue, () => slow.promise, options);
      await enqueue(first, queue, 'running');
      await workers.calls.reach(1);

      // A second process with the same consumerName: its own connection, the same name.
      const twin = await workers.start({ ...first, port: ctx().openPort() }, queue, () => {
        throw new Error('the twin must not run it');
      });
      expect(
        warnings(/another live worker already uses the instance name "orders-service"/),
      ).toHaveLength(1);
      expect(twin.stats().reclaimed).toBe(0);
      expect(await ctx().port.llen(queueKeys(queue).inflight('orders-service'))).toBe(1);
      expect(await ctx().port.llen(queue)).toBe(0);

      slow.open();
      await eventually(() => running.stats().handled === 1, 'the first one settled it');
      expect(workers.calls.list.map((c) => c.attempt)).toEqual([1]);
    });

    it('is not warned about when the lease of that name has expired (an earlier life died)', async () => {
      const queue = ctx().name('emails');
      const keys = queueKeys(queue);
      await ctx().port.zadd(keys.workers, [['orders-service', ctx().clock.now() - 1]]);
      await workers.start(ctx().deps('orders-service'), queue, () => undefined);
      expect(warnings(/already uses the instance name/)).toEqual([]);
    });
  });

  describe('stream consumer', () => {
    /** reclaimIdleMs: the default on the manual clock; small but safe on real time. */
    const idle = () => (ctx().manualTime ? 30_000 : 300);
    const consumers = async (s: string) =>
      (await ctx().port.xinfoConsumers(s, 'billing')).map((c) => [c.name, c.pending]);

    it("is warned about at start, and on stop does not delete the consumer (dropping the other's pending entries)", async () => {
      const fleet = new Fleet(ctx());
      const s = ctx().name('payments');
      const options = { group: 'billing', consumer: 'orders-service', reclaimIdleMs: idle() };
      const slow = gate();
      const first = await fleet.consumer(s, options, () => slow.promise, {
        instance: 'instance-b',
      });
      await appendToStream(fleet.deps(), s, 'running');
      await fleet.until(() => fleet.seen.length === 1, 'the first took it');

      const twin = await fleet.consumer(s, options, undefined, { instance: 'instance-c' });
      expect(
        warnings(/consumer "orders-service" of group "billing" already has 1 entries pending/),
      ).toHaveLength(1);
      await twin.stop(1000);
      expect(await consumers(s)).toEqual([['orders-service', 1]]);

      slow.open();
      await fleet.until(async () => (await first.busy()) === undefined, 'acknowledged');
      await first.stop(1000);
      expect(fleet.seen).toHaveLength(1);
    });

    it('is not warned about when the pending entries of that name went idle (an earlier life died)', async () => {
      const fleet = new Fleet(ctx());
      const s = ctx().name('payments');
      const options = { group: 'billing', consumer: 'orders-service', reclaimIdleMs: idle() };
      await fleet.consumer(s, options, () => new Promise<void>(() => undefined), {
        instance: 'instance-b',
      });
      await appendToStream(fleet.deps(), s, 'lost');
      await fleet.until(() => fleet.seen.length === 1, 'the first took it');
      await fleet.deps('instance-b').port.close(); // it dies
      await ctx().elapse(idle());

      const restarted = await fleet.consumer(s, options, undefined, { instance: 'instance-c' });
      expect(warnings(/already has \d+ entries pending/)).toEqual([]);
      await fleet.until(() => fleet.seen.length === 2, 'its entry delivered again');
      await fleet.until(async () => (await restarted.busy()) === undefined, 'acknowledged');
      await restarted.stop(1000);
      expect(await consumers(s)).toEqual([]);
    });
  });
});
