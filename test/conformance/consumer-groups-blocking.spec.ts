import { waitUntilBlocked } from './blocked-clients';
import { describeConformance } from './conformance';
import { noKeyOrGroupRead } from './group-fixtures';

// Blocking XREADGROUP (redis-semantics.md §5.5) and its cluster slot rule.

describeConformance('consumer groups blocking', 'standalone', (ctx) => {
  /** An empty stream with group `g` at `$`. */
  const emptyGroup = async (name = 's') => {
    const key = ctx().key(name);
    await ctx().port.xgroupCreate(key, 'g', '$', { mkStream: true });
    return key;
  };
  const ids = (reply: [string, { id: string }[]][] | null) =>
    reply?.map(([key, entries]) => [key, entries.map((e) => e.id)]);

  it('§5.5 a blocked > read is served by the next XADD; the consumer appears only then', async () => {
    const { port } = ctx();
    const key = await emptyGroup();
    const pending = port.xreadgroup('g', 'alice', [{ key, id: '>' }], { blockMs: 0 });
    await waitUntilBlocked(port, 1);
    expect(await port.xinfoConsumers(key, 'g')).toEqual([]);
    await port.xadd(key, '1-0', ['f', 'v']);
    expect(await pending).toEqual([[key, [{ id: '1-0', fields: ['f', 'v'] }]]]);
    expect((await port.xinfoConsumers(key, 'g')).map((c) => [c.name, c.pending])).toEqual([
      ['alice', 1],
    ]);
  });

  it('§5.5 times out with null', async () => {
    const { port } = ctx();
    const key = await emptyGroup();
    const pending = port.xreadgroup('g', 'c', [{ key, id: '>' }], { blockMs: 50 });
    await waitUntilBlocked(port, 1);
    await ctx().elapse(50);
    expect(await pending).toBeNull();
    expect(await port.xinfoConsumers(key, 'g')).toEqual([]);
  });

  it('§5.5 only the first waiter of a group gets the entry; other groups are all served', async () => {
    const { port } = ctx();
    const key = await emptyGroup();
    await port.xgroupCreate(key, 'other', '$');
    const alice = port.xreadgroup('g', 'alice', [{ key, id: '>' }], { blockMs: 0, count: 1 });
    await waitUntilBlocked(port, 1);
    const bob = port.xreadgroup('g', 'bob', [{ key, id: '>' }], { blockMs: 0, count: 1 });
    await waitUntilBlocked(port, 2);
    const carol = port.xreadgroup('other', 'carol', [{ key, id: '>' }], { blockMs: 0 });
    await waitUntilBlocked(port, 3);
    await port.xadd(key, '1-0', ['f', 'v']);
    expect(ids(await alice)).toEqual([[key, ['1-0']]]);
    expect(ids(await carol)).toEqual([[key, ['1-0']]]);
    await port.xadd(key, '2-0', ['f', 'v']);
    expect(ids(await bob)).toEqual([[key, ['2-0']]]);
  });

  it('§5.5 one XADD serves the first waiter of each group and every XREAD waiter', async () => {
    const { port } = ctx();
    const key = await emptyGroup();
    await port.xgroupCreate(key, 'other', '$');
    const alice = port.xreadgroup('g', 'alice', [{ key, id: '>' }], { blockMs: 0 });
    await waitUntilBlocked(port, 1);
    const reader = port.xread([{ key, id: '$' }], { blockMs: 0 });
    await waitUntilBlocked(port, 2);
    const bob = port.xreadgroup('g', 'bob', [{ key, id: '>' }], { blockMs: 0 });
    await waitUntilBlocked(port, 3);
    const carol = port.xreadgroup('other', 'carol', [{ key, id: '>' }], { blockMs: 0 });
    await waitUntilBlocked(port, 4);
    await port.xadd(key, '1-0', ['f', 'v']);
    expect(ids(await alice)).toEqual([[key, ['1-0']]]);
    expect(ids(await reader)).toEqual([[key, ['1-0']]]);
    expect(ids(await carol)).toEqual([[key, ['1-0']]]);
    await waitUntilBlocked(port, 1);
    expect(await port.xinfoConsumers(key, 'g')).toMatchObject([{ name: 'alice', pending: 1 }]);
    await port.xadd(key, '2-0', ['f', 'v']);
    expect(ids(await bob)).toEqual([[key, ['2-0']]]);
  });

  it('§5.5 §3.4.11 a timed-out reader is not served later; the one behind it is', async () => {
    const { port } = ctx();
    const key = await emptyGroup();
    const short = port.xreadgroup('g', 'alice', [{ key, id: '>' }], { blockMs: 50 });
    await waitUntilBlocked(port, 1);
    const long = port.xreadgroup('g', 'bob', [{ key, id: '>' }], { blockMs: 0 });
    await waitUntilBlocked(port, 2);
    await ctx().elapse(100);
    expect(await short).toBeNull();
    await port.xadd(key, '1-0', ['f', 'v']);
    expect(ids(await long)).toEqual([[key, ['1-0']]]);
    expect((await port.xinfoConsumers(key, 'g')).map((c) => c.name)).toEqual(['bob']);
  });

  it('§5.5 a group ahead of the stream is not served by an entry below its last id', async () => {
    const { port } = ctx();
    const key = ctx().key('s');
    await port.xgroupCreate(key, 'g', '99-0', { mkStream: true });
    const pending = port.xreadgroup('g', 'c', [{ key, id: '>' }], { blockMs: 0 });
    await waitUntilBlocked(port, 1);
    await port.xadd(key, '50-0', ['f', 'old']);
    await port.xadd(key, '100-0', ['f', 'new']);
    expect(await pending).toEqual([[key, [{ id: '100-0', fields: ['f', 'new'] }]]]);
  });

  it('§5.5 7.0.15: an entry trimmed by its own XADD wakes the reader with an empty list', async () => {
    const { port } = ctx();
    const key = await emptyGroup();
    const pending = port.xreadgroup('g', 'c', [{ key, id: '>' }], { blockMs: 0 });
    await waitUntilBlocked(port, 1);
    await port.xadd(key, '5-0', ['f', 'v'], { trim: { strategy: 'MAXLEN', threshold: 0 } });
    expect(await pending).toEqual([[key, []]]);
    // Served, so the consumer exists; nothing was delivered, so the group did not move.
    expect(await port.xinfoConsumers(key, 'g')).toMatchObject([{ name: 'c', pending: 0 }]);
    expect((await port.xinfoGroups(key))[0]).toMatchObject({ lastDeliveredId: '0-0', pending: 0 });
  });

  it('§5.5 NOACK while blocked leaves nothing pending', async () => {
    const { port } = ctx();
    const key = await emptyGroup();
    const pending = port.xreadgroup('g', 'c', [{ key, id: '>' }], { blockMs: 0, noAck: true });
    await waitUntilBlocked(port, 1);
    await port.xadd(key, '1-0', ['f', 'v']);
    expect(ids(await pending)).toEqual([[key, ['1-0']]]);
    expect((await port.xpending(key, 'g')).count).toBe(0);
  });

  it('§5.5 an aborted read answers null', async () => {
    const { port } = ctx();
    const key = await emptyGroup();
    const abort = new AbortController();
    const pending = port.xreadgroup('g', 'c', [{ key, id: '>' }], {
      blockMs: 0,
      signal: abort.signal,
    });
    await waitUntilBlocked(port, 1);
    abort.abort();
    expect(await pending).toBeNull();
  });

  it('§5.2 §5.5 XGROUP DESTROY answers blocked readers of the group with NOGROUP', async () => {
    const { port } = ctx();
    const key = await emptyGroup();
    const pending = port.xreadgroup('g', 'c', [{ key, id: '>' }], { blockMs: 0 });
    await waitUntilBlocked(port, 1);
    // Expect before acting: Redis may answer before DESTROY's own reply arrives.
    const answered = expect(pending).rejects.toMatchObject({
      message: 'NOGROUP the consumer group this client was blocked on no longer exists',
    });
    expect(await port.xgroupDestroy(key, 'g')).toBe(1);
    await answered;
  });

  it('§5.5 deleting the key answers blocked readers with UNBLOCKED (7.0)', async () => {
    const { port } = ctx();
    const key = await emptyGroup();
    const pending = port.xreadgroup('g', 'c', [{ key, id: '>' }], { blockMs: 0 });
    await waitUntilBlocked(port, 1);
    const answered = expect(pending).rejects.toMatchObject({
      message: 'UNBLOCKED the stream key no longer exists',
    });
    expect(await port.del([key])).toBe(1);
    await answered;
  });

  it('§5.3 a missing group fails at once, even with BLOCK', async () => {
    const { port } = ctx();
    const key = await emptyGroup();
    await expect(
      port.xreadgroup('nog', 'c', [{ key, id: '>' }], { blockMs: 0 }),
    ).rejects.toMatchObject({ message: noKeyOrGroupRead(key, 'nog') });
  });
});

describeConformance('consumer groups cluster', 'cluster', (ctx) => {
  it('§5.3 XREADGROUP over two keys: CROSSSLOT across slots, fine within one {tag}', async () => {
    const { port } = ctx();
    const [a, b] = [ctx().key('a'), ctx().key('b')];
    const [ta, tb] = [ctx().key('{grp}a'), ctx().key('{grp}b')];
    for (const key of [a, b, ta, tb]) {
      await port.xadd(key, '1-0', ['f', 'v']);
      await port.xgroupCreate(key, 'g', '0');
    }
    await expect(
      port.xreadgroup('g', 'c', [
        { key: a, id: '>' },
        { key: b, id: '>' },
      ]),
    ).rejects.toMatchObject({ message: "CROSSSLOT Keys in request don't hash to the same slot" });
    const reply = await port.xreadgroup('g', 'c', [
      { key: ta, id: '>' },
      { key: tb, id: '>' },
    ]);
    expect(reply?.map(([key, entries]) => [key, entries.length])).toEqual([
      [ta, 1],
      [tb, 1],
    ]);
  });

  it('§2.7 §5.5 blocked group reads on keys of several slots are served, aborted and time out', async () => {
    const { port } = ctx();
    // {a}, {b}, {c}: slots 15495, 3300 and 7365, one on each master of a 3-master cluster.
    const keys = [ctx().key('{a}s'), ctx().key('{b}s'), ctx().key('{c}s')];
    for (const key of keys) await port.xgroupCreate(key, 'g', '$', { mkStream: true });
    const abort = new AbortController();
    const served = port.xreadgroup('g', 'c', [{ key: keys[0], id: '>' }], { blockMs: 0 });
    const aborted = port.xreadgroup('g', 'c', [{ key: keys[1], id: '>' }], {
      blockMs: 0,
      signal: abort.signal,
    });
    const timedOut = port.xreadgroup('g', 'c', [{ key: keys[2], id: '>' }], { blockMs: 50 });
    await waitUntilBlocked(port, 3);
    abort.abort();
    expect(await aborted).toBeNull();
    await port.xadd(keys[0], '1-0', ['f', 'v']);
    expect(await served).toEqual([[keys[0], [{ id: '1-0', fields: ['f', 'v'] }]]]);
    await ctx().elapse(100);
    expect(await timedOut).toBeNull();
    await port.xadd(keys[1], '1-0', ['f', 'v']);
    expect(await port.xpending(keys[1], 'g')).toMatchObject({ count: 0 });
  });
});
