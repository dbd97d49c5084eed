import { describeConformance } from './conformance';
import {
  groupOn as groupFixture,
  noKeyOrGroup,
  pendingRows as pendingFixture,
  readNew as readFixture,
} from './group-fixtures';
import { INVALID_ID } from './stream-fixtures';

// XCLAIM and XAUTOCLAIM (redis-semantics.md §5.8, §5.9, §5.10).

/** A min-idle no pending entry of a test reaches. */
const NEVER = 3_600_000;

describeConformance('consumer groups claim', 'standalone', (ctx) => {
  const groupOn = (entryIds: string[]) => groupFixture(ctx(), entryIds);
  const readNew = (key: string, consumer: string, count?: number) =>
    readFixture(ctx(), key, consumer, count);
  const pendingRows = (key: string) => pendingFixture(ctx(), key);
  const consumers = async (key: string) =>
    (await ctx().port.xinfoConsumers(key, 'g')).map((c) => c.name);

  /** alice holds 1-0..3-0; 4-0 was never delivered. */
  const aliceHoldsThree = async () => {
    const key = await groupOn(['1-0', '2-0', '3-0', '4-0']);
    await readNew(key, 'alice', 3);
    return key;
  };

  describe('XCLAIM', () => {
    it('§5.8 claims entries idle long enough, moving them and counting a delivery', async () => {
      const { port } = ctx();
      const key = await aliceHoldsThree();
      // A margin over min-idle: a real timer and Redis's clock may differ by a millisecond.
      await ctx().elapse(40);
      expect(await port.xclaim(key, 'g', 'bob', 30, ['1-0', '2-0'])).toEqual([
        { id: '1-0', fields: ['f', '1-0'] },
        { id: '2-0', fields: ['f', '2-0'] },
      ]);
      expect(await pendingRows(key)).toEqual([
        ['1-0', 'bob', 2],
        ['2-0', 'bob', 2],
        ['3-0', 'alice', 1],
      ]);
      expect(await port.xclaim(key, 'g', 'carol', NEVER, ['1-0', '3-0'])).toEqual([]);
      expect(await consumers(key)).toEqual(['alice', 'bob']);
    });

    it('§5.8 argument order, duplicates twice, same owner +1, JUSTID and RETRYCOUNT counts', async () => {
      const { port } = ctx();
      const key = await aliceHoldsThree();
      expect(await port.xclaimJustId(key, 'g', 'bob', 0, ['3-0', '1-0', '3-0'])).toEqual([
        '3-0',
        '1-0',
        '3-0',
      ]);
      expect((await port.xclaim(key, 'g', 'alice', 0, ['2-0', '2-0'])).map((e) => e.id)).toEqual([
        '2-0',
        '2-0',
      ]);
      await port.xclaim(key, 'g', 'bob', 0, ['1-0'], { retryCount: 7 });
      expect(await pendingRows(key)).toEqual([
        ['1-0', 'bob', 7],
        ['2-0', 'alice', 3],
        ['3-0', 'bob', 1],
      ]);
    });

    it('§5.8 §5.10 a pending id whose entry is gone is dropped whatever min-idle, and not returned', async () => {
      const { port } = ctx();
      const key = await aliceHoldsThree();
      await port.xdel(key, ['2-0']);
      expect(await port.xclaim(key, 'g', 'bob', NEVER, ['2-0', '1-0'])).toEqual([]);
      expect(await port.xclaimJustId(key, 'g', 'bob', 0, ['2-0'])).toEqual([]);
      expect((await pendingRows(key)).map(([id]) => id)).toEqual(['1-0', '3-0']);
      expect(await consumers(key)).toEqual(['alice']);
    });

    it('§5.8 FORCE creates pending entries for existing ids only (count 2 without JUSTID, 1 with)', async () => {
      const { port } = ctx();
      const key = await groupOn(['1-0', '2-0']);
      expect(await port.xclaim(key, 'g', 'bob', 0, ['1-0'])).toEqual([]);
      expect(await port.xclaim(key, 'g', 'bob', NEVER, ['1-0'], { force: true })).toEqual([
        { id: '1-0', fields: ['f', '1-0'] },
      ]);
      await port.xclaimJustId(key, 'g', 'bob', 0, ['2-0'], { force: true });
      expect(await port.xclaim(key, 'g', 'bob', 0, ['9-0'], { force: true })).toEqual([]);
      expect(await pendingRows(key)).toEqual([
        ['1-0', 'bob', 2],
        ['2-0', 'bob', 1],
      ]);
    });

    it('§5.8 IDLE and TIME set the delivery time; future or negative values clamp to now', async () => {
      const { port } = ctx();
      const key = await aliceHoldsThree();
      await port.xclaim(key, 'g', 'bob', 0, ['1-0'], { idleMs: 5000 });
      await port.xclaim(key, 'g', 'bob', 0, ['2-0'], { timeMs: Date.now() + 3_600_000 });
      await port.xclaim(key, 'g', 'bob', 0, ['3-0'], { timeMs: -5 });
      const rows = await port.xpendingRange(key, 'g', { start: '-', end: '+', count: 10 });
      expect(rows[0].idleMs).toBeGreaterThanOrEqual(5000);
      expect(rows[1].idleMs).toBeLessThan(5000);
      expect(rows[2].idleMs).toBeLessThan(5000);
      const idle = await port.xpendingRange(key, 'g', {
        start: '-',
        end: '+',
        count: 10,
        idleMs: 5000,
      });
      expect(idle.map((r) => r.id)).toEqual(['1-0']);
    });

    it('§5.8 negative min-idle is 0; a claim restarts the idle time, JUSTID too; RETRYCOUNT sets the count', async () => {
      const { port } = ctx();
      const key = await aliceHoldsThree();
      await ctx().elapse(150);
      expect(await port.xclaimJustId(key, 'g', 'bob', -5, ['1-0'], { retryCount: 0 })).toEqual([
        '1-0',
      ]);
      expect((await port.xclaim(key, 'g', 'bob', -1, ['2-0'])).map((e) => e.id)).toEqual(['2-0']);
      const rows = await port.xpendingRange(key, 'g', { start: '-', end: '+', count: 10 });
      expect(rows.map((r) => [r.id, r.consumer, r.deliveryCount])).toEqual([
        ['1-0', 'bob', 0],
        ['2-0', 'bob', 2],
        ['3-0', 'alice', 1],
      ]);
      expect(rows[2].idleMs).toBeGreaterThanOrEqual(100); // margin: Redis’s clock
      expect(rows[0].idleMs).toBeLessThan(rows[2].idleMs);
      expect(rows[1].idleMs).toBeLessThan(rows[2].idleMs);
    });

    it('§5.8 LASTID moves the group last id forward only', async () => {
      const { port } = ctx();
      const key = await aliceHoldsThree();
      await port.xclaim(key, 'g', 'bob', 0, ['1-0'], { lastId: '10-0' });
      await port.xclaim(key, 'g', 'bob', 0, ['1-0'], { lastId: '2-0' });
      expect((await port.xinfoGroups(key))[0].lastDeliveredId).toBe('10-0');
    });

    it('§1 §5.8 no ids: an arity error alone; with JUSTID or an option it claims nothing (LASTID still applies)', async () => {
      const { port } = ctx();
      const key = await aliceHoldsThree();
      await expect(port.xclaim(key, 'g', 'bob', 0, [])).rejects.toMatchObject({
        message: "ERR wrong number of arguments for 'xclaim' command",
      });
      expect(await port.xclaimJustId(key, 'g', 'bob', 0, [])).toEqual([]);
      expect(await port.xclaim(key, 'g', 'bob', 0, [], { force: true })).toEqual([]);
      expect(await port.xclaim(key, 'g', 'bob', 0, [], { lastId: '10-0' })).toEqual([]);
      expect((await port.xinfoGroups(key))[0].lastDeliveredId).toBe('10-0');
      await expect(
        port.xclaimJustId(ctx().key('missing'), 'g', 'bob', 0, []),
      ).rejects.toMatchObject({ message: noKeyOrGroup(ctx().key('missing'), 'g') });
      expect(await consumers(key)).toEqual(['alice']);
    });

    it('§5.8 errors', async () => {
      const { port } = ctx();
      const key = await aliceHoldsThree();
      const missing = ctx().key('missing');
      await expect(port.xclaim(missing, 'g', 'b', 0, ['1-0'])).rejects.toMatchObject({
        message: noKeyOrGroup(missing, 'g'),
      });
      await expect(port.xclaim(key, 'g', 'b', 1.5, ['1-0'])).rejects.toMatchObject({
        message: 'ERR Invalid min-idle-time argument for XCLAIM',
      });
      await expect(port.xclaim(key, 'g', 'b', 0, ['1-0', 'bad'])).rejects.toMatchObject({
        message: "ERR Unrecognized XCLAIM option 'bad'",
      });
      await expect(port.xclaim(key, 'g', 'b', 0, ['1-0'], { idleMs: 0.5 })).rejects.toMatchObject({
        message: 'ERR Invalid IDLE option argument for XCLAIM',
      });
      await expect(port.xclaim(key, 'g', 'b', 0, ['1-0'], { timeMs: 0.5 })).rejects.toMatchObject({
        message: 'ERR Invalid TIME option argument for XCLAIM',
      });
      await expect(
        port.xclaim(key, 'g', 'b', 0, ['1-0'], { retryCount: 0.5 }),
      ).rejects.toMatchObject({
        message: 'ERR Invalid RETRYCOUNT option argument for XCLAIM',
      });
      await expect(port.xclaim(key, 'g', 'b', 0, ['1-0'], { lastId: '-' })).rejects.toMatchObject({
        message: INVALID_ID,
      });
      expect(await consumers(key)).toEqual(['alice']);
    });
  });

  describe('XAUTOCLAIM', () => {
    it('§5.9 claims idle entries from start; the cursor is the next PEL id, 0-0 at the end', async () => {
      const { port } = ctx();
      const key = await aliceHoldsThree();
      expect(await port.xautoclaim(key, 'g', 'bob', 0, '-', { count: 2 })).toEqual({
        nextId: '3-0',
        claimed: [
          { id: '1-0', fields: ['f', '1-0'] },
          { id: '2-0', fields: ['f', '2-0'] },
        ],
        deletedIds: [],
      });
      expect(await port.xautoclaimJustId(key, 'g', 'bob', 0, '3-0', { count: 2 })).toEqual({
        nextId: '0-0',
        claimed: ['3-0'],
        deletedIds: [],
      });
      expect(await pendingRows(key)).toEqual([
        ['1-0', 'bob', 2],
        ['2-0', 'bob', 2],
        ['3-0', 'bob', 1],
      ]);
    });

    it('§5.9 looks at COUNT×10 entries at most: 25 fresh entries, COUNT 2 → cursor 21-0', async () => {
      const { port } = ctx();
      const key = await groupOn(Array.from({ length: 25 }, (_, i) => `${i + 1}-0`));
      await readNew(key, 'alice');
      expect(await port.xautoclaim(key, 'g', 'bob', NEVER, '-', { count: 2 })).toEqual({
        nextId: '21-0',
        claimed: [],
        deletedIds: [],
      });
      expect(await consumers(key)).toEqual(['alice']);
    });

    it('§5.9 deleted ids use COUNT, are checked before idle, and leave the PEL', async () => {
      const { port } = ctx();
      const key = await aliceHoldsThree();
      await port.xdel(key, ['1-0', '2-0']);
      expect(await port.xautoclaim(key, 'g', 'bob', NEVER, '0-0', { count: 1 })).toEqual({
        nextId: '2-0',
        claimed: [],
        deletedIds: ['1-0'],
      });
      expect(await port.xautoclaimJustId(key, 'g', 'bob', 0, '(1-0')).toEqual({
        nextId: '0-0',
        claimed: ['3-0'],
        deletedIds: ['2-0'],
      });
      expect(await pendingRows(key)).toEqual([['3-0', 'bob', 1]]);
    });

    it('§5.9 claims only entries idle long enough, restarting their idle time; the cursor ends at 0-0', async () => {
      const { port } = ctx();
      const key = await groupOn(['1-0', '2-0', '3-0']);
      await readNew(key, 'alice', 2);
      // A wide margin between the two ages: a real timer and Redis's clock may differ a little.
      await ctx().elapse(250);
      await readNew(key, 'carol');
      expect(await port.xautoclaimJustId(key, 'g', 'bob', 150, '-')).toEqual({
        nextId: '0-0',
        claimed: ['1-0', '2-0'],
        deletedIds: [],
      });
      const rows = await port.xpendingRange(key, 'g', { start: '-', end: '+', count: 10 });
      expect(rows.map((r) => [r.id, r.consumer, r.deliveryCount])).toEqual([
        ['1-0', 'bob', 1],
        ['2-0', 'bob', 1],
        ['3-0', 'carol', 1],
      ]);
      expect(await port.xautoclaim(key, 'g', 'dave', 150, '-')).toEqual({
        nextId: '0-0',
        claimed: [],
        deletedIds: [],
      });
      expect(await consumers(key)).toEqual(['alice', 'bob', 'carol']);
    });

    it('§5.9 COUNT defaults to 100 and may not pass LONG_MAX / 16; NOGROUP on an existing key', async () => {
      const { port } = ctx();
      const key = await groupOn(Array.from({ length: 120 }, (_, i) => `${i + 1}-0`));
      await readNew(key, 'alice');
      const reply = await port.xautoclaimJustId(key, 'g', 'bob', 0, '-');
      expect([reply.nextId, reply.claimed.length, reply.claimed[99]]).toEqual([
        '101-0',
        100,
        '100-0',
      ]);
      await expect(
        port.xautoclaim(key, 'g', 'bob', 0, '-', { count: 2 ** 60 }),
      ).rejects.toMatchObject({ message: 'ERR COUNT must be > 0' });
      // Redis allocates COUNT × 16 bytes up front: a count this large is still fine; one near
      // LONG_MAX / 16 fails there with "Insufficient memory" (machine-dependent, not modelled).
      expect(await port.xautoclaim(key, 'g', 'bob', 0, '(119-0', { count: 1_000_000 })).toEqual({
        nextId: '0-0',
        claimed: [{ id: '120-0', fields: ['f', '120-0'] }],
        deletedIds: [],
      });
      await expect(port.xautoclaim(key, 'nog', 'bob', 0, '-')).rejects.toMatchObject({
        message: noKeyOrGroup(key, 'nog'),
      });
      await expect(port.xclaim(key, 'nog', 'bob', 0, ['1-0'])).rejects.toMatchObject({
        message: noKeyOrGroup(key, 'nog'),
      });
    });

    it('§5.9 errors: arguments first, then NOGROUP', async () => {
      const { port } = ctx();
      const missing = ctx().key('missing');
      const count = { message: 'ERR COUNT must be > 0' };
      await expect(port.xautoclaim(missing, 'g', 'b', 0, '0', { count: 0 })).rejects.toMatchObject(
        count,
      );
      await expect(port.xautoclaim(missing, 'g', 'b', 0, '0', { count: -1 })).rejects.toMatchObject(
        count,
      );
      await expect(port.xautoclaim(missing, 'g', 'b', 0.5, '0')).rejects.toMatchObject({
        message: 'ERR Invalid min-idle-time argument for XAUTOCLAIM',
      });
      await expect(port.xautoclaim(missing, 'g', 'b', 0, 'bad')).rejects.toMatchObject({
        message: INVALID_ID,
      });
      await expect(port.xautoclaimJustId(missing, 'g', 'b', 0, '0')).rejects.toMatchObject({
        message: noKeyOrGroup(missing, 'g'),
      });
    });
  });
});
