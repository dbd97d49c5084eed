import { createGroupCore, INVALID_ID, replyError } from './group-fixture';

/** alice holds 1-0..3-0, delivered at t0; the clock is then 1000 ms later. */
async function aliceHoldsThree() {
  const fixture = createGroupCore();
  fixture.addRange('s', 4);
  fixture.groups.xgroupCreate('s', 'g', '0');
  await fixture.readNew('s', 'g', 'alice', 3);
  fixture.clock.advance(1000);
  return fixture;
}

describe('XCLAIM (§5.8)', () => {
  it('§5.8 claims entries idle for at least min-idle, moving them and counting a delivery', async () => {
    const { groups, pendingRows } = await aliceHoldsThree();
    expect(groups.xclaim('s', 'g', 'bob', 1000, ['1-0', '2-0'])).toEqual([
      { id: '1-0', fields: ['f', '1-0'] },
      { id: '2-0', fields: ['f', '2-0'] },
    ]);
    expect(pendingRows('s', 'g')).toEqual([
      ['1-0', 'bob', 2],
      ['2-0', 'bob', 2],
      ['3-0', 'alice', 1],
    ]);
    // Now idle 0: a second claim with min-idle is skipped, an empty reply.
    expect(groups.xclaim('s', 'g', 'carol', 1, ['1-0'])).toEqual([]);
  });

  it('§5.8 min-idle not met → skipped; negative min-idle = 0; the same owner still counts +1', async () => {
    const { groups, pendingRows } = await aliceHoldsThree();
    expect(groups.xclaim('s', 'g', 'bob', 1001, ['1-0'])).toEqual([]);
    expect(groups.xclaimJustId('s', 'g', 'alice', -5, ['1-0'])).toEqual(['1-0']);
    expect(groups.xclaim('s', 'g', 'alice', 0, ['1-0'])).toHaveLength(1);
    expect(pendingRows('s', 'g')[0]).toEqual(['1-0', 'alice', 2]);
  });

  it('§5.8 ids in argument order, duplicates processed twice', async () => {
    const { groups, pendingRows } = await aliceHoldsThree();
    expect(groups.xclaimJustId('s', 'g', 'bob', 0, ['3-0', '1-0', '3-0'])).toEqual([
      '3-0',
      '1-0',
      '3-0',
    ]);
    expect(groups.xclaim('s', 'g', 'bob', 0, ['2-0', '2-0']).map((e) => e.id)).toEqual([
      '2-0',
      '2-0',
    ]);
    expect(pendingRows('s', 'g')).toEqual([
      ['1-0', 'bob', 1],
      ['2-0', 'bob', 3],
      ['3-0', 'bob', 1],
    ]);
  });

  it('§5.8 a pending id whose entry is gone is dropped whatever min-idle, and not returned', async () => {
    const { groups, streams, pendingRows } = await aliceHoldsThree();
    streams.xdel('s', ['2-0']);
    expect(groups.xclaim('s', 'g', 'bob', 999_999, ['2-0'])).toEqual([]);
    expect(groups.xclaimJustId('s', 'g', 'bob', 0, ['2-0'])).toEqual([]);
    expect(pendingRows('s', 'g').map(([id]) => id)).toEqual(['1-0', '3-0']);
    // Nothing claimed: bob was not created (7.0).
    expect(groups.xinfoConsumers('s', 'g').map((c) => c.name)).toEqual(['alice']);
  });

  it('§5.8 ids not pending are skipped unless FORCE; FORCE without JUSTID ends at count 2', async () => {
    const { groups, pendingRows } = await aliceHoldsThree();
    expect(groups.xclaim('s', 'g', 'bob', 0, ['4-0'])).toEqual([]);
    expect(groups.xclaim('s', 'g', 'bob', 5000, ['4-0'], { force: true })).toEqual([
      { id: '4-0', fields: ['f', '4-0'] },
    ]);
    expect(pendingRows('s', 'g')[3]).toEqual(['4-0', 'bob', 2]);
    // FORCE on an id absent from the stream does nothing.
    expect(groups.xclaim('s', 'g', 'bob', 0, ['9-0'], { force: true })).toEqual([]);
    expect(groups.xpending('s', 'g').count).toBe(4);
  });

  it('§5.8 FORCE with JUSTID leaves the new NACK at count 1', async () => {
    const { groups, pendingRows } = await aliceHoldsThree();
    groups.xclaimJustId('s', 'g', 'bob', 0, ['4-0'], { force: true });
    expect(pendingRows('s', 'g')[3]).toEqual(['4-0', 'bob', 1]);
  });

  it('§5.8 JUSTID does not increment; RETRYCOUNT sets the count', async () => {
    const { groups, pendingRows } = await aliceHoldsThree();
    groups.xclaimJustId('s', 'g', 'bob', 0, ['1-0']);
    groups.xclaim('s', 'g', 'bob', 0, ['2-0'], { retryCount: 7 });
    groups.xclaimJustId('s', 'g', 'bob', 0, ['3-0'], { retryCount: 0 });
    expect(pendingRows('s', 'g')).toEqual([
      ['1-0', 'bob', 1],
      ['2-0', 'bob', 7],
      ['3-0', 'bob', 0],
    ]);
  });

  it('§5.8 IDLE and TIME set the delivery time; negative or future values clamp to now', async () => {
    const { clock, groups } = await aliceHoldsThree();
    const idle = () =>
      groups.xpendingRange('s', 'g', { start: '-', end: '+', count: 10 }).map((r) => r.idleMs);
    groups.xclaim('s', 'g', 'bob', 0, ['1-0'], { idleMs: 5000 });
    groups.xclaim('s', 'g', 'bob', 0, ['2-0'], { timeMs: clock.now() - 300 });
    groups.xclaim('s', 'g', 'bob', 0, ['3-0'], { idleMs: -100 });
    expect(idle()).toEqual([5000, 300, 0]);
    groups.xclaim('s', 'g', 'bob', 0, ['1-0'], { timeMs: clock.now() + 10_000 });
    groups.xclaim('s', 'g', 'bob', 0, ['2-0'], { timeMs: -1 });
    expect(idle()).toEqual([0, 0, 0]);
  });

  it('§5.8 LASTID moves the group last id forward only', async () => {
    const { groups } = await aliceHoldsThree();
    groups.xclaim('s', 'g', 'bob', 0, ['1-0'], { lastId: '10-0' });
    expect(groups.xinfoGroups('s')[0].lastDeliveredId).toBe('10-0');
    groups.xclaim('s', 'g', 'bob', 0, ['1-0'], { lastId: '2-0' });
    expect(groups.xinfoGroups('s')[0].lastDeliveredId).toBe('10-0');
  });

  it('§5.8 the claiming consumer is looked up (seen time refreshed) or created only when claiming', async () => {
    const { clock, groups } = await aliceHoldsThree();
    groups.xgroupCreateConsumer('s', 'g', 'bob');
    clock.advance(50);
    groups.xclaim('s', 'g', 'bob', 999_999, ['1-0']);
    expect(groups.xinfoConsumers('s', 'g')[1]).toMatchObject({ name: 'bob', idleMs: 50 });
    groups.xclaim('s', 'g', 'bob', 0, ['1-0']);
    expect(groups.xinfoConsumers('s', 'g')[1]).toMatchObject({
      name: 'bob',
      idleMs: 0,
      pending: 1,
    });
  });

  it('§5.8 errors, in Redis order', async () => {
    const { groups } = await aliceHoldsThree();
    expect(replyError(() => groups.xclaim('s', 'g', 'b', 0, []))).toBe(
      "ERR wrong number of arguments for 'xclaim' command",
    );
    expect(replyError(() => groups.xclaim('nokey', 'g', 'b', 1.5, ['bad']))).toBe(
      "NOGROUP No such key 'nokey' or consumer group 'g'",
    );
    expect(replyError(() => groups.xclaim('s', 'g', 'b', 1.5, ['bad']))).toBe(
      'ERR Invalid min-idle-time argument for XCLAIM',
    );
    expect(replyError(() => groups.xclaim('s', 'g', 'b', 0, ['1-0', 'bad']))).toBe(
      "ERR Unrecognized XCLAIM option 'bad'",
    );
    expect(replyError(() => groups.xclaim('s', 'g', 'b', 0, ['-']))).toBe(
      "ERR Unrecognized XCLAIM option '-'",
    );
    expect(replyError(() => groups.xclaim('s', 'g', 'b', 0, ['1-0'], { idleMs: 0.5 }))).toBe(
      'ERR Invalid IDLE option argument for XCLAIM',
    );
    expect(replyError(() => groups.xclaim('s', 'g', 'b', 0, ['1-0'], { timeMs: NaN }))).toBe(
      'ERR Invalid TIME option argument for XCLAIM',
    );
    expect(replyError(() => groups.xclaim('s', 'g', 'b', 0, ['1-0'], { retryCount: 1.5 }))).toBe(
      'ERR Invalid RETRYCOUNT option argument for XCLAIM',
    );
    expect(replyError(() => groups.xclaim('s', 'g', 'b', 0, ['1-0'], { lastId: '-' }))).toBe(
      INVALID_ID,
    );
    // Nothing was claimed by the failed calls.
    expect(groups.xinfoConsumers('s', 'g').map((c) => c.name)).toEqual(['alice']);
  });

  it('§5.8 without ids, JUSTID or an option completes the command: nothing claimed, LASTID applied', async () => {
    const { groups } = await aliceHoldsThree();
    expect(groups.xclaimJustId('s', 'g', 'bob', 0, [])).toEqual([]);
    expect(groups.xclaim('s', 'g', 'bob', 0, [], { force: true })).toEqual([]);
    expect(groups.xclaim('s', 'g', 'bob', 0, [], { idleMs: 5 })).toEqual([]);
    expect(groups.xclaim('s', 'g', 'bob', 0, [], { lastId: '10-0' })).toEqual([]);
    expect(groups.xinfoGroups('s')[0].lastDeliveredId).toBe('10-0');
    expect(replyError(() => groups.xclaimJustId('nokey', 'g', 'b', 0, []))).toBe(
      "NOGROUP No such key 'nokey' or consumer group 'g'",
    );
    expect(groups.xinfoConsumers('s', 'g').map((c) => c.name)).toEqual(['alice']);
  });
});

describe('XAUTOCLAIM (§5.9)', () => {
  it('§5.9 claims idle entries from start, returns cursor 0-0 at the end of the PEL', async () => {
    const { groups, pendingRows } = await aliceHoldsThree();
    expect(groups.xautoclaim('s', 'g', 'bob', 1000, '0-0')).toEqual({
      nextId: '0-0',
      claimed: [
        { id: '1-0', fields: ['f', '1-0'] },
        { id: '2-0', fields: ['f', '2-0'] },
        { id: '3-0', fields: ['f', '3-0'] },
      ],
      deletedIds: [],
    });
    expect(pendingRows('s', 'g')).toEqual([
      ['1-0', 'bob', 2],
      ['2-0', 'bob', 2],
      ['3-0', 'bob', 2],
    ]);
  });

  it('§5.9 COUNT limits claims; the cursor is the next PEL id', async () => {
    const { groups } = await aliceHoldsThree();
    expect(groups.xautoclaimJustId('s', 'g', 'bob', 0, '-', { count: 2 })).toEqual({
      nextId: '3-0',
      claimed: ['1-0', '2-0'],
      deletedIds: [],
    });
    expect(groups.xautoclaimJustId('s', 'g', 'bob', 0, '3-0', { count: 2 })).toEqual({
      nextId: '0-0',
      claimed: ['3-0'],
      deletedIds: [],
    });
  });

  it('§5.9 at most COUNT×10 attempts: 25 fresh entries, COUNT 2 → cursor 21-0', async () => {
    const { groups, addRange, readNew } = createGroupCore();
    addRange('s', 25);
    groups.xgroupCreate('s', 'g', '0');
    await readNew('s', 'g', 'alice');
    expect(groups.xautoclaim('s', 'g', 'bob', 60_000, '-', { count: 2 })).toEqual({
      nextId: '21-0',
      claimed: [],
      deletedIds: [],
    });
    expect(groups.xinfoConsumers('s', 'g').map((c) => c.name)).toEqual(['alice']);
  });

  it('§5.9 deleted ids consume COUNT, are checked before idle, and are dropped from the PEL', async () => {
    const { groups, streams, pendingRows } = await aliceHoldsThree();
    streams.xdel('s', ['1-0', '2-0']);
    expect(groups.xautoclaim('s', 'g', 'bob', 999_999, '0-0', { count: 1 })).toEqual({
      nextId: '2-0',
      claimed: [],
      deletedIds: ['1-0'],
    });
    expect(groups.xautoclaimJustId('s', 'g', 'bob', 0, '0-0', { count: 5 })).toEqual({
      nextId: '0-0',
      claimed: ['3-0'],
      deletedIds: ['2-0'],
    });
    expect(pendingRows('s', 'g')).toEqual([['3-0', 'bob', 1]]);
  });

  it('§5.9 start accepts (id and ms; JUSTID does not increment', async () => {
    const { groups, pendingRows } = await aliceHoldsThree();
    expect(groups.xautoclaimJustId('s', 'g', 'bob', 0, '(1-0').claimed).toEqual(['2-0', '3-0']);
    expect(groups.xautoclaimJustId('s', 'g', 'carol', 0, '3').claimed).toEqual(['3-0']);
    expect(pendingRows('s', 'g')).toEqual([
      ['1-0', 'alice', 1],
      ['2-0', 'bob', 1],
      ['3-0', 'carol', 1],
    ]);
  });

  it('§5.9 errors: arguments before the key, then NOGROUP', async () => {
    const { groups } = await aliceHoldsThree();
    const count = 'ERR COUNT must be > 0';
    expect(replyError(() => groups.xautoclaim('nokey', 'g', 'b', 0, '0', { count: 0 }))).toBe(
      count,
    );
    expect(replyError(() => groups.xautoclaim('nokey', 'g', 'b', 0, '0', { count: 1.5 }))).toBe(
      count,
    );
    expect(replyError(() => groups.xautoclaim('nokey', 'g', 'b', 0, '0', { count: 2 ** 59 }))).toBe(
      count,
    );
    expect(replyError(() => groups.xautoclaim('nokey', 'g', 'b', 0.5, '0'))).toBe(
      'ERR Invalid min-idle-time argument for XAUTOCLAIM',
    );
    expect(replyError(() => groups.xautoclaim('nokey', 'g', 'b', 0, 'bad'))).toBe(INVALID_ID);
    expect(replyError(() => groups.xautoclaim('nokey', 'g', 'b', 0, '0'))).toBe(
      "NOGROUP No such key 'nokey' or consumer group 'g'",
    );
  });
});
