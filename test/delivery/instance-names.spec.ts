import { enqueue, queueKeys } from '../../lib/runtime/queue';
import { describeDelivery } from './delivery-targets';
import { eventually, Gate, Workers } from './queue-fixtures';

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
});
