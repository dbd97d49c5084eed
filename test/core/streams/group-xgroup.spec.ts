import {
  createGroupCore,
  KEY_REQUIRED,
  INVALID_ID,
  NOT_INTEGER,
  replyError,
  WRONGTYPE,
} from './group-fixture';

describe('XGROUP (§5.2)', () => {
  it('§5.2 CREATE at $ takes the last id; at an explicit id any id, even beyond it', () => {
    const { groups, addRange, groupState } = createGroupCore();
    addRange('s', 3);
    expect(groups.xgroupCreate('s', 'now', '$')).toBe('OK');
    expect(groups.xgroupCreate('s', 'future', '99-0')).toBe('OK');
    expect(groups.xgroupCreate('s', 'bare', '2')).toBe('OK');
    expect(groups.xinfoGroups('s').map((g) => [g.name, g.lastDeliveredId])).toEqual([
      ['bare', '2-0'],
      ['future', '99-0'],
      ['now', '3-0'],
    ]);
    expect(groupState('s', 'now').entriesRead).toBeNull();
  });

  it('§5.2 CREATE on a missing key needs MKSTREAM, which creates an empty stream ($ = 0-0)', () => {
    const { core, groups } = createGroupCore();
    expect(replyError(() => groups.xgroupCreate('s', 'g', '$'))).toBe(KEY_REQUIRED);
    expect(core.type('s')).toBe('none');
    expect(groups.xgroupCreate('s', 'g', '$', { mkStream: true })).toBe('OK');
    expect(core.type('s')).toBe('stream');
    expect(core.streams.xlen('s')).toBe(0);
    expect(groups.xinfoGroups('s')[0].lastDeliveredId).toBe('0-0');
  });

  it('§5.2 CREATE errors: BUSYGROUP, strict ids, ENTRIESREAD checked before the key', () => {
    const { core, groups, addRange } = createGroupCore();
    addRange('s', 1);
    groups.xgroupCreate('s', 'g', '0');
    expect(replyError(() => groups.xgroupCreate('s', 'g', '0'))).toBe(
      'BUSYGROUP Consumer Group name already exists',
    );
    expect(replyError(() => groups.xgroupCreate('s', 'g', '0', { mkStream: true }))).toBe(
      'BUSYGROUP Consumer Group name already exists',
    );
    for (const bad of ['>', '-', '+', 'abc', '(1'])
      expect(replyError(() => groups.xgroupCreate('s', 'h', bad))).toBe(INVALID_ID);
    expect(replyError(() => groups.xgroupCreate('nokey', 'h', '0', { entriesRead: -3 }))).toBe(
      'ERR value for ENTRIESREAD must be positive or -1',
    );
    expect(replyError(() => groups.xgroupCreate('nokey', 'h', '0', { entriesRead: 1.5 }))).toBe(
      NOT_INTEGER,
    );
    // An invalid id with MKSTREAM fails before the stream is created.
    expect(replyError(() => groups.xgroupCreate('new', 'h', 'bad', { mkStream: true }))).toBe(
      INVALID_ID,
    );
    expect(core.type('new')).toBe('none');
    core.lists.rpush('list', ['x']);
    expect(replyError(() => groups.xgroupCreate('list', 'h', '0'))).toBe(WRONGTYPE);
  });

  it('§5.2 CREATE ... ENTRIESREAD n sets the counter (-1 = invalid)', () => {
    const { groups, addRange } = createGroupCore();
    addRange('s', 5);
    groups.xgroupCreate('s', 'g', '3', { entriesRead: 3 });
    groups.xgroupCreate('s', 'h', '3', { entriesRead: -1 });
    const [g, h] = groups.xinfoGroups('s');
    expect([g.entriesRead, g.lag]).toEqual([3, 2]);
    expect([h.entriesRead, h.lag]).toEqual([null, null]);
  });

  it('§5.2 SETID moves the last id (backwards too), accepts $, - and +, and resets entries-read', () => {
    const { groups, addRange, groupState } = createGroupCore();
    addRange('s', 5);
    groups.xgroupCreate('s', 'g', '$', { entriesRead: 5 });
    expect(groups.xgroupSetId('s', 'g', '2')).toBe('OK');
    expect(groupState('s', 'g').lastId).toBe(2n << 64n);
    expect(groupState('s', 'g').entriesRead).toBeNull();
    groups.xgroupSetId('s', 'g', '+');
    expect(groups.xinfoGroups('s')[0].lastDeliveredId).toBe(
      '18446744073709551615-18446744073709551615',
    );
    groups.xgroupSetId('s', 'g', '-');
    expect(groups.xinfoGroups('s')[0].lastDeliveredId).toBe('0-0');
    groups.xgroupSetId('s', 'g', '$', 100);
    expect(groups.xinfoGroups('s')[0]).toMatchObject({
      lastDeliveredId: '5-0',
      entriesRead: 100,
      lag: -95,
    });
  });

  it('§5.2 SETID errors: missing key, NOGROUP for key name, bad id, ENTRIESREAD first', () => {
    const { groups, addRange } = createGroupCore();
    addRange('s', 1);
    groups.xgroupCreate('s', 'g', '0');
    expect(replyError(() => groups.xgroupSetId('nokey', 'g', '0'))).toBe(KEY_REQUIRED);
    expect(replyError(() => groups.xgroupSetId('s', 'nog', '0'))).toBe(
      "NOGROUP No such consumer group 'nog' for key name 's'",
    );
    expect(replyError(() => groups.xgroupSetId('s', 'g', '(1'))).toBe(INVALID_ID);
    expect(replyError(() => groups.xgroupSetId('s', 'nog', 'bad', -5))).toBe(
      'ERR value for ENTRIESREAD must be positive or -1',
    );
    expect(replyError(() => groups.xgroupSetId('nokey', 'g', '0', 0.5))).toBe(NOT_INTEGER);
  });

  it('§5.2 SETID leaves the PEL untouched', () => {
    const { groups, addRange, readNew, pendingRows } = createGroupCore();
    addRange('s', 2);
    groups.xgroupCreate('s', 'g', '0');
    return readNew('s', 'g', 'alice').then(() => {
      groups.xgroupSetId('s', 'g', '0');
      expect(pendingRows('s', 'g')).toEqual([
        ['1-0', 'alice', 1],
        ['2-0', 'alice', 1],
      ]);
    });
  });

  it('§5.2 CREATECONSUMER: 1 created / 0 existed (seen time untouched); errors as SETID', () => {
    const { clock, groups, addRange } = createGroupCore();
    addRange('s', 1);
    groups.xgroupCreate('s', 'g', '0');
    expect(groups.xgroupCreateConsumer('s', 'g', 'bob')).toBe(1);
    clock.advance(500);
    expect(groups.xgroupCreateConsumer('s', 'g', 'bob')).toBe(0);
    expect(groups.xinfoConsumers('s', 'g')).toEqual([{ name: 'bob', pending: 0, idleMs: 500 }]);
    expect(replyError(() => groups.xgroupCreateConsumer('nokey', 'g', 'c'))).toBe(KEY_REQUIRED);
    expect(replyError(() => groups.xgroupCreateConsumer('s', 'nog', 'c'))).toBe(
      "NOGROUP No such consumer group 'nog' for key name 's'",
    );
  });

  it('§5.2 DELCONSUMER returns its pending count and drops those entries from the group PEL', async () => {
    const { groups, addRange, readNew, pendingRows } = createGroupCore();
    addRange('s', 3);
    groups.xgroupCreate('s', 'g', '0');
    await readNew('s', 'g', 'alice', 2);
    await readNew('s', 'g', 'bob');
    expect(groups.xgroupDelConsumer('s', 'g', 'alice')).toBe(2);
    expect(pendingRows('s', 'g')).toEqual([['3-0', 'bob', 1]]);
    expect(groups.xinfoConsumers('s', 'g').map((c) => c.name)).toEqual(['bob']);
    expect(groups.xgroupDelConsumer('s', 'g', 'ghost')).toBe(0);
    expect(replyError(() => groups.xgroupDelConsumer('s', 'nog', 'c'))).toBe(
      "NOGROUP No such consumer group 'nog' for key name 's'",
    );
  });

  it('§5.2 DESTROY: 1 / 0, and the key must exist', () => {
    const { groups, addRange } = createGroupCore();
    addRange('s', 1);
    groups.xgroupCreate('s', 'g', '0');
    expect(groups.xgroupDestroy('s', 'g')).toBe(1);
    expect(groups.xgroupDestroy('s', 'g')).toBe(0);
    expect(groups.xinfoGroups('s')).toEqual([]);
    expect(replyError(() => groups.xgroupDestroy('nokey', 'g'))).toBe(KEY_REQUIRED);
  });
});
