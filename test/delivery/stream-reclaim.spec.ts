import { appendToStream, StreamDeadLetters } from '../../lib/runtime/stream';
import { describeDelivery } from './delivery-targets';
import { Fleet, gate, type Seen } from './stream-fixtures';

describeDelivery('stream consumer: reclaiming a dead consumer’s entries', 'all', (ctx) => {
  /** reclaimIdleMs: the default on the manual clock; small but safe on real time. */
  const idle = () => (ctx().manualTime ? 30_000 : 300);
  const never = () => new Promise<void>(() => undefined);
  /** Kills app instance `instance`: its connection goes, its runner is never stopped. */
  const kill = (fleet: Fleet, instance: string) => fleet.deps(instance).port.close();
  const by = (fleet: Fleet, instance: string): Seen[] =>
    fleet.seen.filter((x) => x.instance === instance);
  /** The warnings logged for reclaim batches. */
  const reclaimLines = (): string[] =>
    ctx()
      .logs.filter((l) => l.level === 'warn' && /: reclaimed \d+ entries/.test(String(l.message)))
      .map((l) => String(l.message));

  it('a live consumer claims the entries of one that died after reclaimIdleMs, as a new delivery', async () => {
    const fleet = new Fleet(ctx());
    const s = ctx().name('payments');
    const options = { group: 'billing', reclaimIdleMs: idle(), concurrency: 2 };
    await fleet.consumer(s, options, never, { instance: 'instance-b' });
    const ids = [
      await appendToStream(fleet.deps(), s, 'x'),
      await appendToStream(fleet.deps(), s, 'y'),
    ];
    await fleet.until(() => fleet.seen.length === 2, 'instance-b took both');
    await kill(fleet, 'instance-b');
    const survivor = await fleet.consumer(s, options);
    if (ctx().manualTime) {
      await ctx().elapse(idle() - 1);
      expect(by(fleet, 'instance-a')).toEqual([]); // not before reclaimIdleMs
    }
    await ctx().elapse(idle());
    await fleet.until(() => by(fleet, 'instance-a').length === 2, 'instance-a reclaimed both');
    expect(by(fleet, 'instance-a').map((x) => [x.info.entryId, x.info.deliveryCount])).toEqual([
      [ids[0], 2],
      [ids[1], 2],
    ]);
    await fleet.until(async () => (await survivor.busy()) === undefined, 'all acknowledged');
    expect(survivor.stats()).toMatchObject({ handled: 2, reclaimed: 2 });
    // One line per reclaim batch (on real time the two may come in two passes), naming whose.
    const lines = reclaimLines();
    expect(lines.length).toBeGreaterThanOrEqual(1);
    for (const line of lines) expect(line).toMatch(/from consumer "instance-b" \(\d\), which died/);
    expect(
      lines.reduce((sum, line) => sum + Number(/reclaimed (\d+) entries/.exec(line)?.[1]), 0),
    ).toBe(2);
    await fleet.stop();
  });

  it('a poison entry that kills every consumer ends in the dead letter without running again', async () => {
    const fleet = new Fleet(ctx());
    const s = ctx().name('payments');
    const options = { group: 'billing', reclaimIdleMs: idle(), maxDeliveries: 2 };
    await fleet.consumer(s, options, never, { instance: 'instance-b' });
    const id = await appendToStream(fleet.deps(), s, 'poison');
    await fleet.until(() => fleet.seen.length === 1, 'instance-b took it');
    await kill(fleet, 'instance-b');
    await fleet.consumer(s, options, never, { instance: 'instance-c' });
    await ctx().elapse(idle());
    await fleet.until(() => by(fleet, 'instance-c').length === 1, 'instance-c reclaimed it');
    await kill(fleet, 'instance-c');
    const survivor = await fleet.consumer(s, options);
    await ctx().elapse(idle());
    const letters = new StreamDeadLetters(fleet.deps());
    await fleet.until(async () => (await letters.list(s)).length === 1, 'the dead letter');
    expect(by(fleet, 'instance-a')).toEqual([]);
    expect((await letters.list(s))[0]).toMatchObject({
      entryId: id,
      data: 'poison',
      reason: 'failed',
      attempts: 3,
      consumer: 'instance-a',
      error: { name: 'StreamDeliveriesExhaustedError' },
    });
    await fleet.until(async () => (await survivor.busy()) === undefined, 'acknowledged');
    expect(survivor.stats()).toMatchObject({ handled: 0, reclaimed: 1, deadLettered: 1 });
    expect(reclaimLines().filter((line) => line.includes('(instance-a)'))).toEqual([
      expect.stringMatching(
        /reclaimed 1 entries of group "billing" idle for over reclaimIdleMs \(\d+ ms\), from consumer "instance-c" \(1\), which died or stalled; each counts as a delivery: 0 taken on here, 1 dead-lettered/,
      ),
    ]);
    await fleet.stop();
  });

  it("a slow but live consumer's entry is not taken from it", async () => {
    const fleet = new Fleet(ctx());
    const s = ctx().name('payments');
    const options = { group: 'billing', reclaimIdleMs: idle() };
    const slow = gate();
    const owner = await fleet.consumer(s, options, () => slow.promise, { instance: 'instance-b' });
    await appendToStream(fleet.deps(), s, 'slow');
    await fleet.until(() => fleet.seen.length === 1, 'instance-b took it');
    const other = await fleet.consumer(s, options);
    for (let step = 0; step < 12; step++) await ctx().elapse(idle() / 4);
    expect(by(fleet, 'instance-a')).toEqual([]);
    slow.open();
    await fleet.until(async () => (await owner.busy()) === undefined, 'acknowledged');
    expect(other.stats().reclaimed).toBe(0);
    expect(fleet.seen.length).toBe(1);
    await fleet.stop();
  });

  it('a consumer stopping keeps its running entry fresh while it drains: a live consumer does not run it again', async () => {
    const fleet = new Fleet(ctx());
    const s = ctx().name('payments');
    const options = { group: 'billing', reclaimIdleMs: idle() };
    const slow = gate();
    const leaver = await fleet.consumer(s, options, () => slow.promise, {
      instance: 'instance-b',
    });
    await appendToStream(fleet.deps(), s, 'long');
    await fleet.until(() => fleet.seen.length === 1, 'instance-b took it');
    const other = await fleet.consumer(s, options);

    // The handler outlives reclaimIdleMs three times over, within the stop timeout.
    const stopping = leaver.stop(idle() * 10);
    for (let step = 0; step < 12; step++) await ctx().elapse(idle() / 4);
    expect(by(fleet, 'instance-a')).toEqual([]);
    slow.open();
    await stopping;
    expect(leaver.stats()).toMatchObject({ handled: 1, inFlight: 0 });
    expect((await ctx().port.xpending(s, 'billing')).count).toBe(0);
    await ctx().elapse(idle());
    expect(fleet.seen.length).toBe(1);
    expect(other.stats().reclaimed).toBe(0);
    await fleet.stop();
  });

  it('pending entries trimmed away before a reclaim are logged as lost by retention', async () => {
    const fleet = new Fleet(ctx());
    const { port } = ctx();
    const s = ctx().name('payments');
    const options = { group: 'billing', reclaimIdleMs: idle() };
    await fleet.consumer(s, options, never, { instance: 'instance-b' });
    const id = await appendToStream(fleet.deps(), s, 'gone');
    await fleet.until(() => fleet.seen.length === 1, 'instance-b took it');
    await kill(fleet, 'instance-b');
    await port.xtrim(s, { strategy: 'MAXLEN', threshold: 0 });
    const survivor = await fleet.consumer(s, options);
    await ctx().elapse(idle());
    const lost = () =>
      ctx().logs.find((l) => JSON.stringify(l.message).includes('lost-by-retention'));
    await fleet.until(() => lost() !== undefined, 'the log line');
    expect(lost()?.message).toMatchObject({ stream: s, group: 'billing', entryIds: [id] });
    await fleet.until(async () => (await survivor.busy()) === undefined, 'nothing pending');
    await fleet.stop();
  });
});
