import { createGroupCore, INVALID_ID, NOT_INTEGER, rejection, WRONGTYPE } from './group-fixture';

const read = (key: string, id: string) => [{ key, id }];

describe('XREADGROUP with > (§5.3)', () => {
  it('§5.3 delivers entries after the group last id, up to COUNT, and makes them pending', async () => {
    const { clock, groups, addRange, pendingRows } = createGroupCore();
    addRange('s', 3);
    groups.xgroupCreate('s', 'g', '0');
    const reply = await groups.xreadgroup('g', 'alice', read('s', '>'), { count: 2 });
    expect(reply).toEqual([
      [
        's',
        [
          { id: '1-0', fields: ['f', '1-0'] },
          { id: '2-0', fields: ['f', '2-0'] },
        ],
      ],
    ]);
    expect(groups.xinfoGroups('s')[0]).toMatchObject({
      lastDeliveredId: '2-0',
      pending: 2,
      entriesRead: 2,
      lag: 1,
    });
    expect(pendingRows('s', 'g')).toEqual([
      ['1-0', 'alice', 1],
      ['2-0', 'alice', 1],
    ]);
    clock.advance(40);
    expect(groups.xpendingRange('s', 'g', { start: '-', end: '+', count: 10 })[0].idleMs).toBe(40);
  });

  it('§5.3 COUNT 0 or negative = unlimited', async () => {
    const { groups, addRange, readNew } = createGroupCore();
    addRange('s', 3);
    groups.xgroupCreate('s', 'g', '0');
    groups.xgroupCreate('s', 'h', '0');
    expect(await readNew('s', 'g', 'a', 0)).toEqual(['1-0', '2-0', '3-0']);
    expect(await readNew('s', 'h', 'a', -5)).toEqual(['1-0', '2-0', '3-0']);
  });

  it('§5.3 nothing new → null, and in 7.0 the consumer is not created', async () => {
    const { groups, addRange } = createGroupCore();
    addRange('s', 1);
    groups.xgroupCreate('s', 'g', '$');
    expect(await groups.xreadgroup('g', 'dave', read('s', '>'))).toBeNull();
    expect(groups.xinfoConsumers('s', 'g')).toEqual([]);
  });

  it('§5.3 serves only keys with a live entry after the group last id; others are left out', async () => {
    const { groups, add, streams } = createGroupCore();
    add('a', '1-0');
    add('b', '1-0', '2-0');
    groups.xgroupCreate('a', 'g', '$');
    groups.xgroupCreate('b', 'g', '1-0');
    streams.xdel('b', ['2-0']);
    add('c', '5-0');
    groups.xgroupCreate('c', 'g', '0');
    const reply = await groups.xreadgroup('g', 'x', [
      ...read('a', '>'),
      ...read('b', '>'),
      ...read('c', '>'),
    ]);
    expect(reply).toEqual([['c', [{ id: '5-0', fields: ['f', '5-0'] }]]]);
  });

  it('§5.3 entries deleted between the last id and the tail are skipped', async () => {
    const { groups, addRange, streams, readNew } = createGroupCore();
    addRange('s', 4);
    groups.xgroupCreate('s', 'g', '0');
    streams.xdel('s', ['2-0', '3-0']);
    expect(await readNew('s', 'g', 'c')).toEqual(['1-0', '4-0']);
  });

  it('§5.3 NOACK advances the last id without touching the PEL (existing NACKs stay)', async () => {
    const { groups, addRange, pendingRows } = createGroupCore();
    addRange('s', 3);
    groups.xgroupCreate('s', 'g', '0');
    await groups.xreadgroup('g', 'alice', read('s', '>'), { count: 1 });
    groups.xgroupSetId('s', 'g', '0');
    const reply = await groups.xreadgroup('g', 'bob', read('s', '>'), { noAck: true });
    expect(reply?.[0][1].map((e) => e.id)).toEqual(['1-0', '2-0', '3-0']);
    expect(pendingRows('s', 'g')).toEqual([['1-0', 'alice', 1]]);
    expect(groups.xinfoGroups('s')[0].lastDeliveredId).toBe('3-0');
    // The consumer is still created: something was served.
    expect(groups.xinfoConsumers('s', 'g').map((c) => c.name)).toEqual(['alice', 'bob']);
  });

  it('§5.3 after SETID backwards a re-delivered id moves to the reader with count reset to 1', async () => {
    const { clock, groups, addRange, pendingRows } = createGroupCore();
    addRange('s', 2);
    groups.xgroupCreate('s', 'g', '0');
    await groups.xreadgroup('g', 'alice', read('s', '>'));
    await groups.xreadgroup('g', 'alice', read('s', '0'));
    expect(pendingRows('s', 'g')).toEqual([
      ['1-0', 'alice', 2],
      ['2-0', 'alice', 2],
    ]);
    clock.advance(100);
    groups.xgroupSetId('s', 'g', '0');
    await groups.xreadgroup('g', 'bob', read('s', '>'), { count: 1 });
    expect(pendingRows('s', 'g')).toEqual([
      ['1-0', 'bob', 1],
      ['2-0', 'alice', 2],
    ]);
    expect(groups.xpending('s', 'g').consumers).toEqual([
      { name: 'alice', pending: 1 },
      { name: 'bob', pending: 1 },
    ]);
    expect(groups.xpendingRange('s', 'g', { start: '-', end: '+', count: 1 })[0].idleMs).toBe(0);
  });

  it('§5.3 seen time is refreshed by every lookup that serves', async () => {
    const { clock, groups, addRange, readNew } = createGroupCore();
    addRange('s', 2);
    groups.xgroupCreate('s', 'g', '0');
    await readNew('s', 'g', 'c', 1);
    clock.advance(300);
    expect(groups.xinfoConsumers('s', 'g')[0].idleMs).toBe(300);
    await readNew('s', 'g', 'c', 1);
    expect(groups.xinfoConsumers('s', 'g')[0].idleMs).toBe(0);
  });

  it('§5.3 errors: NOGROUP wording, missing key among several fails before anything is served', async () => {
    const { groups, addRange, core, pendingRows } = createGroupCore();
    addRange('s', 1);
    groups.xgroupCreate('s', 'g', '0');
    const nogroup =
      "NOGROUP No such key 'nokey' or consumer group 'g' in XREADGROUP with GROUP option";
    expect(
      await rejection(groups.xreadgroup('g', 'c', [...read('s', '>'), ...read('nokey', '>')])),
    ).toBe(nogroup);
    expect(pendingRows('s', 'g')).toEqual([]);
    expect(await rejection(groups.xreadgroup('nog', 'c', read('s', '>'), { blockMs: 0 }))).toBe(
      "NOGROUP No such key 's' or consumer group 'nog' in XREADGROUP with GROUP option",
    );
    expect(await rejection(groups.xreadgroup('g', 'c', read('s', '$')))).toMatch(
      /^ERR The \$ ID is meaningless in the context of XREADGROUP/,
    );
    expect(await rejection(groups.xreadgroup('g', 'c', read('s', '-')))).toBe(INVALID_ID);
    expect(await rejection(groups.xreadgroup('g', 'c', []))).toBe(
      "ERR wrong number of arguments for 'xreadgroup' command",
    );
    expect(await rejection(groups.xreadgroup('g', 'c', read('s', '>'), { count: 1.5 }))).toBe(
      NOT_INTEGER,
    );
    expect(await rejection(groups.xreadgroup('g', 'c', read('s', '>'), { blockMs: -1 }))).toBe(
      'ERR timeout is negative',
    );
    expect(await rejection(groups.xreadgroup('g', 'c', read('s', '>'), { blockMs: 0.5 }))).toBe(
      'ERR timeout is not an integer or out of range',
    );
    core.lists.rpush('l', ['x']);
    expect(await rejection(groups.xreadgroup('g', 'c', read('l', '>')))).toBe(WRONGTYPE);
  });

  it('§1 §5.3 no streams: arity error below 7 words, else options parsed, then syntax error', async () => {
    const { groups } = createGroupCore();
    // `XREADGROUP GROUP g c NOACK STREAMS` is below the arity; with COUNT n it has 7 words.
    expect(await rejection(groups.xreadgroup('g', 'c', [], { noAck: true }))).toBe(
      "ERR wrong number of arguments for 'xreadgroup' command",
    );
    expect(await rejection(groups.xreadgroup('g', 'c', [], { count: -1 }))).toBe(
      'ERR syntax error',
    );
    expect(await rejection(groups.xreadgroup('g', 'c', [], { count: 1, blockMs: -1 }))).toBe(
      'ERR timeout is negative',
    );
  });

  it('§5.3 cluster: keys in different slots → CROSSSLOT; a shared {tag} is fine', async () => {
    const { groups, add } = createGroupCore(3);
    add('{t}a', '1-0');
    add('{t}b', '1-0');
    groups.xgroupCreate('{t}a', 'g', '0');
    groups.xgroupCreate('{t}b', 'g', '0');
    expect(
      await rejection(groups.xreadgroup('g', 'c', [...read('a', '>'), ...read('b', '>')])),
    ).toBe("CROSSSLOT Keys in request don't hash to the same slot");
    const reply = await groups.xreadgroup('g', 'c', [...read('{t}a', '>'), ...read('{t}b', '>')]);
    expect(reply?.map(([key]) => key)).toEqual(['{t}a', '{t}b']);
  });
});

describe('XREADGROUP with an explicit id: the consumer history (§5.4)', () => {
  it('§5.4 returns the consumer own pending entries after the id, counting a new delivery', async () => {
    const { clock, groups, addRange, pendingRows } = createGroupCore();
    addRange('s', 3);
    groups.xgroupCreate('s', 'g', '0');
    await groups.xreadgroup('g', 'alice', read('s', '>'), { count: 2 });
    await groups.xreadgroup('g', 'bob', read('s', '>'));
    clock.advance(50);
    const reply = await groups.xreadgroup('g', 'alice', read('s', '1'));
    expect(reply).toEqual([['s', [{ id: '2-0', fields: ['f', '2-0'] }]]]);
    expect(pendingRows('s', 'g')).toEqual([
      ['1-0', 'alice', 1],
      ['2-0', 'alice', 2],
      ['3-0', 'bob', 1],
    ]);
    const rows = groups.xpendingRange('s', 'g', { start: '-', end: '+', count: 10 });
    expect(rows.map((r) => r.idleMs)).toEqual([50, 0, 50]);
  });

  it('§5.4 deleted entries come back with fields null and their NACK untouched', async () => {
    const { clock, groups, addRange, streams, pendingRows } = createGroupCore();
    addRange('s', 2);
    groups.xgroupCreate('s', 'g', '0');
    await groups.xreadgroup('g', 'alice', read('s', '>'));
    streams.xdel('s', ['1-0']);
    clock.advance(70);
    const reply = await groups.xreadgroup('g', 'alice', read('s', '0'), { count: 5 });
    expect(reply).toEqual([
      [
        's',
        [
          { id: '1-0', fields: null },
          { id: '2-0', fields: ['f', '2-0'] },
        ],
      ],
    ]);
    expect(pendingRows('s', 'g')).toEqual([
      ['1-0', 'alice', 1],
      ['2-0', 'alice', 2],
    ]);
    expect(groups.xpendingRange('s', 'g', { start: '-', end: '+', count: 1 })[0].idleMs).toBe(70);
  });

  it('§5.4 nothing matching → [[key, []]]; another consumer PEL is never visible; consumer created', async () => {
    const { groups, addRange, readNew } = createGroupCore();
    addRange('s', 2);
    groups.xgroupCreate('s', 'g', '0');
    await readNew('s', 'g', 'alice');
    expect(await groups.xreadgroup('g', 'carol', read('s', '0'))).toEqual([['s', []]]);
    expect(groups.xinfoConsumers('s', 'g').map((c) => c.name)).toEqual(['alice', 'carol']);
    expect(groups.xinfoGroups('s')[0].lastDeliveredId).toBe('2-0');
  });

  it('§5.4 COUNT limits the history; BLOCK is ignored', async () => {
    const { groups, addRange, readNew } = createGroupCore();
    addRange('s', 3);
    groups.xgroupCreate('s', 'g', '0');
    await readNew('s', 'g', 'a');
    const reply = await groups.xreadgroup('g', 'a', read('s', '0'), { count: 2, blockMs: 0 });
    expect(reply?.[0][1].map((e) => e.id)).toEqual(['1-0', '2-0']);
  });

  it('§5.4 the greatest possible id reads as > (Redis marks > with it)', async () => {
    const { groups, addRange } = createGroupCore();
    addRange('s', 2);
    groups.xgroupCreate('s', 'g', '0');
    const max = '18446744073709551615-18446744073709551615';
    const reply = await groups.xreadgroup('g', 'a', read('s', max), { count: 1 });
    expect(reply?.[0][1].map((e) => e.id)).toEqual(['1-0']);
  });
});
