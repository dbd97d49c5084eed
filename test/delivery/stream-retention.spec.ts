import { ENVELOPE_FIELD } from '../../lib/runtime/envelope';
import { appendToStream, readStreamRange } from '../../lib/runtime/stream';
import { describeDelivery } from './delivery-targets';
import { Fleet, type PortCall, spyOn } from './stream-fixtures';

const idTime = (id: string) => Number(id.split('-')[0]);

describeDelivery('stream retention and time ranges', 'all', (ctx) => {
  it('maxLen trims with ~: whole nodes go, the newest entries stay', async () => {
    const fleet = new Fleet(ctx());
    const s = ctx().name('payments');
    const ids: string[] = [];
    for (let n = 0; n < 300; n++)
      ids.push(await appendToStream(fleet.deps(), s, n, { maxLen: 10 }));
    const left = (await ctx().port.xrange(s, '-', '+')) ?? [];
    // Approximate: more than 10 may stay (up to a node), far fewer than 300.
    expect(left.length).toBeGreaterThanOrEqual(10);
    expect(left.length).toBeLessThan(150);
    expect(left.map((e) => e.id)).toEqual(ids.slice(-left.length));
  });

  it('maxAgeMs trims entries older than that, with ~', async () => {
    const fleet = new Fleet(ctx());
    const s = ctx().name('payments');
    const old: string[] = [];
    for (let n = 0; n < 150; n++) old.push(await appendToStream(fleet.deps(), s, n));
    await ctx().elapse(ctx().manualTime ? 60_000 : 60);
    const fresh = await appendToStream(fleet.deps(), s, 'fresh', { maxAgeMs: 30 });
    const left = ((await ctx().port.xrange(s, '-', '+')) ?? []).map((e) => e.id);
    expect(left.length).toBeLessThan(100);
    expect(left).toEqual([...old, fresh].slice(-left.length));
  });

  it('maxLen and maxAgeMs together: both apply', async () => {
    const fleet = new Fleet(ctx());
    const s = ctx().name('payments');
    const calls: PortCall[] = [];
    const port = spyOn(ctx().port, ['xadd', 'xtrim'], calls);
    const now = ctx().clock.now();
    await appendToStream({ ...fleet.deps(), port }, s, 'x', { maxLen: 5, maxAgeMs: 1000 });
    const trims = calls.map((c) =>
      c.method === 'xadd' ? (c.args[3] as { trim: unknown }).trim : c.args[1],
    );
    expect(trims).toEqual([
      { strategy: 'MAXLEN', threshold: 5, approximate: true },
      { strategy: 'MINID', threshold: expect.any(Number), approximate: true },
    ]);
    expect((trims[1] as { threshold: number }).threshold).toBeGreaterThanOrEqual(now - 1000);
  });

  it("a new group from '0' replays the history retention left", async () => {
    const fleet = new Fleet(ctx());
    const s = ctx().name('payments');
    for (let n = 0; n < 200; n++) await appendToStream(fleet.deps(), s, n, { maxLen: 20 });
    const left = ((await ctx().port.xrange(s, '-', '+')) ?? []).map((e) => e.id);
    expect(left.length).toBeLessThan(200);
    const runner = await fleet.consumer(s, {
      group: 'late',
      startId: '0',
      batch: 50,
      concurrency: 8,
    });
    await fleet.until(() => fleet.seen.length === left.length, 'the history');
    expect(fleet.seen.map((x) => x.info.entryId).sort()).toEqual([...left].sort());
    await fleet.until(async () => (await runner.busy()) === undefined, 'quiet');
    await fleet.stop();
  });

  it('readRange returns the messages of a time range, decoded, raw ones as their fields', async () => {
    const fleet = new Fleet(ctx());
    const s = ctx().name('payments');
    const gap = ctx().manualTime ? 1000 : 25;
    await appendToStream(fleet.deps(), s, 'early');
    await ctx().elapse(gap);
    const first = await appendToStream(fleet.deps(), s, { n: 1 }, { headers: { h: 'v' } });
    const raw = (await ctx().port.xadd(s, '*', ['amount', '10']))!;
    await ctx().elapse(gap);
    await appendToStream(fleet.deps(), s, 'late');
    const range = { from: new Date(idTime(first)), to: idTime(raw) };
    const messages = await readStreamRange(fleet.deps(), s, range);
    expect(messages.map((m) => [m.entryId, m.data])).toEqual([
      [first, { n: 1 }],
      [raw, { amount: '10' }],
    ]);
    expect(messages[0]).toMatchObject({ headers: { h: 'v' }, id: expect.any(String) });
    expect(messages[1].publishedAt?.getTime()).toBe(idTime(raw));
    expect(await readStreamRange(fleet.deps(), s, { ...range, count: 1 })).toHaveLength(1);
    await ctx().port.xadd(s, '*', [ENVELOPE_FIELD, `${ENVELOPE_FIELD}{`]);
    await expect(
      readStreamRange(fleet.deps(), s, { from: 0, to: Date.now() + 86_400_000 }),
    ).rejects.toThrow(/entry \d+-\d+ of stream/);
    await expect(readStreamRange(fleet.deps(), s, { from: NaN, to: 1 })).rejects.toThrow(/from/);
  });
});
