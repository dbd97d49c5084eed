import { ENVELOPE_FIELD } from '../../lib/runtime/envelope';
import { appendToStream } from '../../lib/runtime/stream';
import { describeDelivery } from './delivery-targets';
import { Fleet, gate, type PortCall, spyOn } from './stream-fixtures';

describeDelivery('stream consumer: groups and delivery', 'all', (ctx) => {
  const append = (fleet: Fleet, stream: string, data: unknown) =>
    appendToStream(fleet.deps(), stream, data);

  it("a new group from '$' gets only entries added after it was created", async () => {
    const fleet = new Fleet(ctx());
    const s = ctx().name('payments');
    await append(fleet, s, 'before');
    const runner = await fleet.consumer(s, { group: 'billing' });
    await append(fleet, s, 'after');
    await fleet.until(() => fleet.seen.length === 1, 'the new entry');
    await fleet.until(async () => (await runner.busy()) === undefined, 'quiet');
    expect(fleet.data()).toEqual(['after']);
    await fleet.stop();
  });

  it("a new group from '0' gets the whole history; from an id, what follows it", async () => {
    const fleet = new Fleet(ctx());
    const s = ctx().name('payments');
    await append(fleet, s, 1);
    const second = await append(fleet, s, 2);
    await append(fleet, s, 3);
    const all = await fleet.consumer(s, { group: 'all', startId: '0' });
    const later = await fleet.consumer(s, { group: 'later', startId: second });
    await fleet.until(() => fleet.seen.length === 4, 'both groups');
    const byGroup = (group: string) =>
      fleet.seen.filter((x) => x.info.group === group).map((x) => x.message.data);
    expect(byGroup('all')).toEqual([1, 2, 3]);
    expect(byGroup('later')).toEqual([3]);
    for (const r of [all, later]) {
      await fleet.until(async () => (await r.busy()) === undefined, 'quiet');
    }
    await fleet.stop();
  });

  it('an existing group (BUSYGROUP) is kept where it is, without a word', async () => {
    const fleet = new Fleet(ctx());
    const { port } = ctx();
    const s = ctx().name('payments');
    await port.xgroupCreate(s, 'billing', '$', { mkStream: true });
    await append(fleet, s, 'waiting');
    // startId '$' would skip the entry if the group were created again.
    await fleet.consumer(s, { group: 'billing', startId: '$' });
    await fleet.until(() => fleet.seen.length === 1, 'the entry already there');
    expect(fleet.data()).toEqual(['waiting']);
    expect(ctx().logs).toEqual([]);
    await fleet.stop();
  });

  it('every group gets every entry; inside a group each entry reaches one consumer', async () => {
    const fleet = new Fleet(ctx());
    const s = ctx().name('payments');
    const runners = [
      await fleet.consumer(s, { group: 'billing' }, undefined, { instance: 'instance-a' }),
      await fleet.consumer(s, { group: 'billing' }, undefined, { instance: 'instance-b' }),
      await fleet.consumer(s, { group: 'audit' }, undefined, { instance: 'instance-a' }),
    ];
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push(await append(fleet, s, i));
    await fleet.until(() => fleet.seen.length === 40, '20 entries in each group');
    for (const group of ['billing', 'audit']) {
      const got = fleet.seen.filter((x) => x.info.group === group).map((x) => x.info.entryId);
      expect([...got].sort()).toEqual([...ids].sort());
    }
    const consumers = new Set(
      fleet.seen.filter((x) => x.info.group === 'billing').map((x) => x.info.consumer),
    );
    expect([...consumers].every((c) => c === 'instance-a' || c === 'instance-b')).toBe(true);
    for (const r of runners) await fleet.until(async () => (await r.busy()) === undefined, 'quiet');
    await fleet.stop();
    const handled = runners.map((r) => r.stats().handled);
    expect(handled[0] + handled[1]).toBe(20);
    expect(handled[2]).toBe(20);
  });

  it('hands over the message and where it came from; acks only after the handler resolved', async () => {
    const fleet = new Fleet(ctx());
    const { port } = ctx();
    const s = ctx().name('payments');
    const hold = gate();
    await fleet.consumer(s, { group: 'billing' }, () => hold.promise);
    const id = await appendToStream(fleet.deps(), s, { amount: 10 }, { headers: { trace: 't1' } });
    await fleet.until(() => fleet.seen.length === 1, 'the delivery');
    const [seen] = fleet.seen;
    expect(seen.message).toMatchObject({ data: { amount: 10 }, headers: { trace: 't1' } });
    expect(typeof seen.message.id).toBe('string');
    expect(seen.info).toEqual({
      kind: 'stream',
      stream: s,
      group: 'billing',
      consumer: 'instance-a',
      entryId: id,
      deliveryCount: 1,
    });
    expect((await port.xpending(s, 'billing')).count).toBe(1);
    hold.open();
    await fleet.until(async () => (await port.xpending(s, 'billing')).count === 0, 'the ack');
    await fleet.stop();
  });

  it('a raw XADD entry reaches the handler as its fields, published at its id time', async () => {
    const fleet = new Fleet(ctx());
    const { port } = ctx();
    const s = ctx().name('payments');
    await fleet.consumer(s, { group: 'billing' });
    const id = (await port.xadd(s, '*', ['amount', '10', '__proto__', 'x', ENVELOPE_FIELD, 'y']))!;
    await fleet.until(() => fleet.seen.length === 1, 'the raw entry');
    const { message } = fleet.seen[0];
    expect(message.id).toBeUndefined();
    expect(message.headers).toEqual({});
    expect(Object.entries(message.data as object)).toEqual([
      ['amount', '10'],
      ['__proto__', 'x'],
      [ENVELOPE_FIELD, 'y'],
    ]);
    expect(message.publishedAt?.getTime()).toBe(Number(id.split('-')[0]));
    await fleet.until(async () => (await port.xpending(s, 'billing')).count === 0, 'the ack');
    await fleet.stop();
  });

  it('never runs more than `concurrency` handlers, and uses them all', async () => {
    const fleet = new Fleet(ctx());
    const s = ctx().name('payments');
    const gates = new Map<number, () => void>();
    let running = 0;
    let most = 0;
    await fleet.consumer(s, { group: 'billing', concurrency: 3, batch: 2 }, async (seen) => {
      running++;
      most = Math.max(most, running);
      await new Promise<void>((resolve) => gates.set(seen.message.data as number, resolve));
      running--;
    });
    for (let i = 0; i < 10; i++) await append(fleet, s, i);
    for (let released = 0; released < 10; released++) {
      await fleet.until(() => gates.size === Math.min(10, released + 3), `${released + 3} started`);
      expect(running).toBe(Math.min(3, 10 - released));
      gates.get(released)?.();
    }
    await fleet.until(() => running === 0, 'every handler done');
    expect(most).toBe(3);
    await fleet.stop();
  });

  it('reads at most `batch` entries, and no more than there are free slots', async () => {
    const fleet = new Fleet(ctx());
    const s = ctx().name('payments');
    for (let i = 0; i < 12; i++) await append(fleet, s, i);
    const calls: PortCall[] = [];
    const port = spyOn(fleet.deps().port, ['xreadgroup'], calls);
    const hold = gate();
    const options = { group: 'billing', startId: '0', concurrency: 4, batch: 3 };
    await fleet.consumer(s, options, () => hold.promise, { deps: { port } });
    await fleet.until(() => fleet.seen.length === 4, 'four handlers');
    hold.open();
    await fleet.until(() => fleet.seen.length === 12, 'all entries');
    const counts = calls.map((c) => (c.args[3] as { count: number }).count);
    expect(counts.slice(0, 2)).toEqual([3, 1]);
    expect(counts.every((n) => n >= 1 && n <= 3)).toBe(true);
    await fleet.stop();
  });

  it('while idle it waits in one blocking read and sends no other read', async () => {
    const fleet = new Fleet(ctx());
    const s = ctx().name('payments');
    const calls: PortCall[] = [];
    const port = spyOn(fleet.deps().port, ['xreadgroup'], calls);
    await fleet.consumer(
      s,
      { group: 'billing', reclaimIdleMs: ctx().manualTime ? 30_000 : 60 },
      undefined,
      {
        deps: { port },
      },
    );
    await fleet.until(() => calls.length === 1, 'the first read');
    await ctx().elapse(ctx().manualTime ? 120_000 : 200);
    expect(calls.length).toBe(1);
    expect(calls[0].args[3]).toMatchObject({ blockMs: 0 });
    await append(fleet, s, 'x');
    await fleet.until(() => fleet.seen.length === 1 && calls.length === 2, 'the next read');
    await fleet.stop();
  });
});
