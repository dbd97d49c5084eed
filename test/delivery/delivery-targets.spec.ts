import { waitUntilBlocked } from '../conformance/blocked-clients';
import { describeDelivery } from './delivery-targets';

describeDelivery('the delivery harness', 'standalone', (ctx) => {
  it('a second port meets the first on one broker; closing it ends only its own blocking calls', async () => {
    const { port } = ctx();
    const other = ctx().openPort();
    const [a, b] = [ctx().name('a'), ctx().name('b')];
    const mine = port.blpop([a], 0);
    const theirs = other.blpop([b], 0);
    // Each Redis backend counts its own connections; the memory views share the core's count.
    await waitUntilBlocked(port, ctx().manualTime ? 2 : 1);
    await waitUntilBlocked(other, 1);
    await other.close();
    await expect(theirs).resolves.toBeNull();
    await expect(other.llen(a)).rejects.toThrow(/closed/);
    await port.rpush(a, ['x']);
    await expect(mine).resolves.toEqual([a, 'x']);
  });

  it('elapse moves the runtime clock (memory) or waits (Redis)', async () => {
    const before = ctx().clock.now();
    await ctx().elapse(20);
    expect(ctx().clock.now() - before).toBeGreaterThanOrEqual(20);
  });
});
