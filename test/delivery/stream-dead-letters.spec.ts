import { DeadLetterError } from '../../lib/runtime/handler-failure';
import {
  appendToStream,
  deadLetterStream,
  StreamDeadLetters,
  type StreamConsumerRunner,
} from '../../lib/runtime/stream';
import { describeDelivery } from './delivery-targets';
import { Fleet } from './stream-fixtures';

describeDelivery('stream dead letters: list, replay, purge', 'all', (ctx) => {
  /** A consumer that dead-letters entries saying so (`{ fail: true }`), and takes their replays. */
  async function failing(fleet: Fleet, stream: string, group = 'billing') {
    const failedOnce = new Set<string | undefined>();
    return fleet.consumer(stream, { group }, (seen) => {
      const data = seen.message.data as { fail?: boolean } | undefined;
      if (!data?.fail || failedOnce.has(seen.message.id)) return;
      failedOnce.add(seen.message.id);
      throw new DeadLetterError('rejected');
    });
  }
  const quiet = (fleet: Fleet, runner: StreamConsumerRunner) =>
    fleet.until(async () => (await runner.busy()) === undefined, 'quiet');

  it('lists records oldest first, as many as asked', async () => {
    const fleet = new Fleet(ctx());
    const s = ctx().name('payments');
    const runner = await failing(fleet, s);
    const ids: string[] = [];
    for (let n = 0; n < 3; n++) ids.push(await appendToStream(fleet.deps(), s, { fail: true, n }));
    await quiet(fleet, runner);
    const letters = new StreamDeadLetters(fleet.deps());
    const all = await letters.list(s);
    expect(all.map((r) => [r.entryId, r.data])).toEqual([
      [ids[0], { fail: true, n: 0 }],
      [ids[1], { fail: true, n: 1 }],
      [ids[2], { fail: true, n: 2 }],
    ]);
    expect((await letters.list(s, { count: 2 })).map((r) => r.entryId)).toEqual(ids.slice(0, 2));
    const dead = (await ctx().port.xrange(deadLetterStream(s), '-', '+')) ?? [];
    expect(all.map((r) => [r.id, r.kind, r.name])).toEqual(dead.map((e) => [e.id, 'stream', s]));
    await expect(letters.list(s, { count: 0 })).rejects.toThrow(/count/);
    await fleet.stop();
  });

  it('replays every record as a new entry for its group, removed from the dead letter, deliveries starting over', async () => {
    const fleet = new Fleet(ctx());
    const s = ctx().name('payments');
    const runner = await failing(fleet, s);
    for (let n = 0; n < 2; n++) await appendToStream(fleet.deps(), s, { fail: true, n });
    await quiet(fleet, runner);
    const letters = new StreamDeadLetters(fleet.deps());
    const records = await letters.list(s);
    expect(await letters.replay(s)).toBe(2);
    expect(await letters.list(s)).toEqual([]);
    await fleet.until(() => fleet.seen.length === 4, 'the replays');
    const replays = fleet.seen.slice(2);
    expect(replays.map((x) => [x.message.data, x.message.id, x.info.deliveryCount])).toEqual(
      records.map((r) => [r.data, r.messageId, 1]),
    );
    expect(replays.every((x) => !records.some((r) => r.entryId === x.info.entryId))).toBe(true);
    await quiet(fleet, runner);
    expect(await letters.replay(s)).toBe(0);
    await fleet.stop();
  });

  it('replays only the records named, each once', async () => {
    const fleet = new Fleet(ctx());
    const s = ctx().name('payments');
    const runner = await failing(fleet, s);
    for (let n = 0; n < 3; n++) await appendToStream(fleet.deps(), s, { fail: true, n });
    await quiet(fleet, runner);
    const letters = new StreamDeadLetters(fleet.deps());
    const [first, , third] = await letters.list(s);
    expect(await letters.replay(s, { ids: [third.id, first.id, third.id, '1-1'] })).toBe(2);
    expect(await letters.replay(s, { ids: [first.id] })).toBe(0);
    expect((await letters.list(s)).map((r) => r.data)).toEqual([{ fail: true, n: 1 }]);
    await expect(letters.replay(s, { ids: ['nope'] })).rejects.toThrow(/ids/);
    await fleet.until(() => fleet.seen.length === 5, 'the two replays');
    await fleet.stop();
  });

  it('two replays racing put each record back once', async () => {
    const fleet = new Fleet(ctx());
    const s = ctx().name('payments');
    const runner = await failing(fleet, s);
    for (let n = 0; n < 10; n++) await appendToStream(fleet.deps(), s, { fail: true, n });
    await quiet(fleet, runner);
    await fleet.stop();
    const before = await ctx().port.xlen(s);
    const [a, b] = [fleet.deps('instance-a'), fleet.deps('instance-b')];
    const counts = await Promise.all([
      new StreamDeadLetters(a).replay(s),
      new StreamDeadLetters(b).replay(s),
    ]);
    expect(counts[0] + counts[1]).toBe(10);
    expect((await ctx().port.xlen(s)) - before).toBe(10);
    expect(await ctx().port.xlen(deadLetterStream(s))).toBe(0);
  });

  it('other groups acknowledge a replay without handling it', async () => {
    const fleet = new Fleet(ctx());
    const { port } = ctx();
    const s = ctx().name('payments');
    const billing = await failing(fleet, s, 'billing');
    const audit = await fleet.consumer(s, { group: 'audit' });
    await appendToStream(fleet.deps(), s, { fail: true });
    await quiet(fleet, billing);
    await quiet(fleet, audit);
    expect(await new StreamDeadLetters(fleet.deps()).replay(s)).toBe(1);
    await fleet.until(() => fleet.seen.length === 3, 'billing handles the replay');
    await quiet(fleet, audit);
    expect(fleet.seen.map((x) => x.info.group).sort()).toEqual(['audit', 'billing', 'billing']);
    expect((await port.xinfoGroups(s)).map((g) => [g.name, g.pending, g.lag])).toEqual([
      ['audit', 0, 0],
      ['billing', 0, 0],
    ]);
    expect(audit.stats().handled).toBe(1);
    await fleet.stop();
  });

  it('a raw entry is dead-lettered and replayed as its fields', async () => {
    const fleet = new Fleet(ctx());
    const { port } = ctx();
    const s = ctx().name('payments');
    const runner = await fleet.consumer(s, { group: 'billing' }, (seen) => {
      if (seen.info.deliveryCount === 1 && seen.message.id === undefined) {
        throw new DeadLetterError('raw first time');
      }
    });
    const id = (await port.xadd(s, '*', ['amount', '10']))!;
    await quiet(fleet, runner);
    const letters = new StreamDeadLetters(fleet.deps());
    expect(await letters.list(s)).toMatchObject([
      { entryId: id, messageId: undefined, data: { amount: '10' }, reason: 'unrecoverable' },
    ]);
    expect(await letters.replay(s)).toBe(1);
    await fleet.until(() => fleet.seen.length === 2, 'the replay');
    expect(fleet.seen[1].message.data).toEqual({ amount: '10' });
    await quiet(fleet, runner);
    await fleet.stop();
  });

  it('purge deletes the dead letter and says how many it held', async () => {
    const fleet = new Fleet(ctx());
    const s = ctx().name('payments');
    const runner = await failing(fleet, s);
    for (let n = 0; n < 3; n++) await appendToStream(fleet.deps(), s, { fail: true, n });
    await quiet(fleet, runner);
    const letters = new StreamDeadLetters(fleet.deps());
    expect(await letters.purge(s)).toBe(3);
    expect(await ctx().port.exists([deadLetterStream(s)])).toBe(0);
    expect(await letters.purge(s)).toBe(0);
    await fleet.stop();
  });
});
