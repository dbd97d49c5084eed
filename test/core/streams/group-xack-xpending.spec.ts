import { createGroupCore, INVALID_ID, NOT_INTEGER, replyError, WRONGTYPE } from './group-fixture';

/** alice holds 1-0, 2-0; bob holds 3-0 (bob read 100 ms after alice). */
async function twoConsumers() {
  const fixture = createGroupCore();
  fixture.addRange('s', 3);
  fixture.groups.xgroupCreate('s', 'g', '0');
  await fixture.readNew('s', 'g', 'alice', 2);
  fixture.clock.advance(100);
  await fixture.readNew('s', 'g', 'bob');
  return fixture;
}

describe('XACK (§5.6)', () => {
  it('§5.6 counts the ids it removed; unknown and repeated ids are not counted', async () => {
    const { groups, pendingRows } = await twoConsumers();
    expect(groups.xack('s', 'g', ['1-0', '1-0', '9-0', '3'])).toBe(2);
    expect(pendingRows('s', 'g')).toEqual([['2-0', 'alice', 1]]);
    expect(groups.xinfoConsumers('s', 'g').map((c) => [c.name, c.pending])).toEqual([
      ['alice', 1],
      ['bob', 0],
    ]);
  });

  it('§5.6 any invalid id fails the whole call and nothing is acked', async () => {
    const { groups } = await twoConsumers();
    expect(replyError(() => groups.xack('s', 'g', ['1-0', 'bad']))).toBe(INVALID_ID);
    expect(replyError(() => groups.xack('s', 'g', ['-']))).toBe(INVALID_ID);
    expect(groups.xpending('s', 'g').count).toBe(3);
  });

  it('§5.6 missing key or group → 0, before the ids are even parsed; no ids → arity error', async () => {
    const { core, groups } = await twoConsumers();
    expect(groups.xack('nokey', 'g', ['bad'])).toBe(0);
    expect(groups.xack('s', 'nog', ['bad'])).toBe(0);
    expect(replyError(() => groups.xack('s', 'g', []))).toBe(
      "ERR wrong number of arguments for 'xack' command",
    );
    core.lists.rpush('l', ['x']);
    expect(replyError(() => groups.xack('l', 'g', ['1-0']))).toBe(WRONGTYPE);
  });

  it('§5.10 acks pending entries whose message was deleted', async () => {
    const { groups, streams } = await twoConsumers();
    streams.xdel('s', ['1-0']);
    expect(groups.xack('s', 'g', ['1-0'])).toBe(1);
  });
});

describe('XPENDING (§5.7)', () => {
  it('§5.7 summary: count, smallest, greatest, consumers in name order', async () => {
    const { groups, readNew, add } = await twoConsumers();
    add('s', '4-0');
    await readNew('s', 'g', 'Zed');
    expect(groups.xpending('s', 'g')).toEqual({
      count: 4,
      smallestId: '1-0',
      greatestId: '4-0',
      consumers: [
        { name: 'Zed', pending: 1 },
        { name: 'alice', pending: 2 },
        { name: 'bob', pending: 1 },
      ],
    });
  });

  it('§5.7 summary of an empty PEL: 0 and nulls; consumers without pending entries are left out', async () => {
    const { groups } = await twoConsumers();
    groups.xack('s', 'g', ['3-0']);
    expect(groups.xpending('s', 'g').consumers).toEqual([{ name: 'alice', pending: 2 }]);
    groups.xack('s', 'g', ['1-0', '2-0']);
    expect(groups.xpending('s', 'g')).toEqual({
      count: 0,
      smallestId: null,
      greatestId: null,
      consumers: null,
    });
  });

  it('§5.7 NOGROUP wording of XPENDING', () => {
    const { groups, addRange } = createGroupCore();
    addRange('s', 1);
    expect(replyError(() => groups.xpending('nokey', 'g'))).toBe(
      "NOGROUP No such key 'nokey' or consumer group 'g'",
    );
    expect(replyError(() => groups.xpending('s', 'g'))).toBe(
      "NOGROUP No such key 's' or consumer group 'g'",
    );
  });

  it('§5.7 extended form: [id, consumer, idle, count] in id order, up to count, range syntax as XRANGE', async () => {
    const { clock, groups } = await twoConsumers();
    clock.advance(10);
    expect(groups.xpendingRange('s', 'g', { start: '-', end: '+', count: 10 })).toEqual([
      { id: '1-0', consumer: 'alice', idleMs: 110, deliveryCount: 1 },
      { id: '2-0', consumer: 'alice', idleMs: 110, deliveryCount: 1 },
      { id: '3-0', consumer: 'bob', idleMs: 10, deliveryCount: 1 },
    ]);
    const range = (start: string, end: string, count = 10) =>
      groups.xpendingRange('s', 'g', { start, end, count }).map((r) => r.id);
    expect(range('(1-0', '+')).toEqual(['2-0', '3-0']);
    expect(range('-', '(3-0')).toEqual(['1-0', '2-0']);
    expect(range('2', '2')).toEqual(['2-0']);
    expect(range('-', '+', 2)).toEqual(['1-0', '2-0']);
    expect(range('-', '+', 0)).toEqual([]);
    expect(range('-', '+', -3)).toEqual([]);
  });

  it('§5.7 IDLE keeps entries idle for at least that long; a negative IDLE filters nothing', async () => {
    const { groups } = await twoConsumers();
    const idle = (idleMs: number) =>
      groups.xpendingRange('s', 'g', { start: '-', end: '+', count: 10, idleMs }).map((r) => r.id);
    expect(idle(100)).toEqual(['1-0', '2-0']);
    expect(idle(101)).toEqual([]);
    expect(idle(-5)).toEqual(['1-0', '2-0', '3-0']);
  });

  it('§5.7 consumer filter; an unknown consumer → [] (and it is not created)', async () => {
    const { groups } = await twoConsumers();
    expect(
      groups.xpendingRange('s', 'g', { start: '-', end: '+', count: 10, consumer: 'bob' }),
    ).toEqual([{ id: '3-0', consumer: 'bob', idleMs: 0, deliveryCount: 1 }]);
    expect(
      groups.xpendingRange('s', 'g', { start: '-', end: '+', count: 10, consumer: 'nobody' }),
    ).toEqual([]);
    expect(groups.xinfoConsumers('s', 'g')).toHaveLength(2);
  });

  it('§5.7 extended form errors: ids and integers before the key, then NOGROUP', async () => {
    const { groups } = await twoConsumers();
    const q = { start: '-', end: '+', count: 10 };
    expect(replyError(() => groups.xpendingRange('nokey', 'g', { ...q, start: 'bad' }))).toBe(
      INVALID_ID,
    );
    expect(replyError(() => groups.xpendingRange('nokey', 'g', { ...q, count: 1.5 }))).toBe(
      NOT_INTEGER,
    );
    expect(replyError(() => groups.xpendingRange('nokey', 'g', { ...q, idleMs: 0.5 }))).toBe(
      NOT_INTEGER,
    );
    expect(
      replyError(() =>
        groups.xpendingRange('s', 'g', {
          ...q,
          start: '(18446744073709551615-18446744073709551615',
        }),
      ),
    ).toBe('ERR invalid start ID for the interval');
    expect(replyError(() => groups.xpendingRange('s', 'g', { ...q, end: '(0-0' }))).toBe(
      'ERR invalid end ID for the interval',
    );
    expect(replyError(() => groups.xpendingRange('nokey', 'g', { ...q, count: 0 }))).toBe(
      "NOGROUP No such key 'nokey' or consumer group 'g'",
    );
  });

  it('§5.10 deleted and trimmed messages stay listed with unchanged idle and count', async () => {
    const { streams, pendingRows } = await twoConsumers();
    streams.xdel('s', ['2-0']);
    streams.xtrim('s', { strategy: 'MAXLEN', threshold: 0 });
    expect(streams.xlen('s')).toBe(0);
    expect(pendingRows('s', 'g')).toEqual([
      ['1-0', 'alice', 1],
      ['2-0', 'alice', 1],
      ['3-0', 'bob', 1],
    ]);
  });
});
