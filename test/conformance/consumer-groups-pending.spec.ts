import { describeConformance } from './conformance';
import {
  groupOn as groupFixture,
  noGroupForKey,
  noKeyOrGroup,
  pendingRows as pendingFixture,
  readNew as readFixture,
} from './group-fixtures';
import { INVALID_ID } from './stream-fixtures';

// XACK, XPENDING, XINFO GROUPS / CONSUMERS and the 7.0 entries-read / lag (redis-semantics.md
// §5.6, §5.7, §5.10, §5.11).

describeConformance('consumer groups pending', 'standalone', (ctx) => {
  const groupOn = (entryIds: string[], from?: string) => groupFixture(ctx(), entryIds, from);
  const readNew = (key: string, consumer: string, count?: number) =>
    readFixture(ctx(), key, consumer, count);
  const pendingRows = (key: string) => pendingFixture(ctx(), key);
  const groupInfo = async (key: string) => (await ctx().port.xinfoGroups(key))[0];

  describe('XACK and XPENDING', () => {
    it('§5.6 XACK counts removed ids; all-or-nothing id parsing; missing key or group → 0', async () => {
      const { port } = ctx();
      const key = await groupOn(['1-0', '2-0', '3-0']);
      await readNew(key, 'alice');
      await expect(port.xack(key, 'g', ['1-0', 'bad'])).rejects.toMatchObject({
        message: INVALID_ID,
      });
      expect(await port.xack(key, 'g', ['1-0', '1-0', '9-0'])).toBe(1);
      expect(await port.xack(ctx().key('missing'), 'g', ['bad'])).toBe(0);
      expect(await port.xack(key, 'nog', ['2-0'])).toBe(0);
      await port.xdel(key, ['2-0']);
      expect(await port.xack(key, 'g', ['2-0'])).toBe(1);
      expect((await port.xpending(key, 'g')).count).toBe(1);
    });

    it('§5.7 summary: counts, smallest and greatest ids, consumers in name order; nulls when empty', async () => {
      const { port } = ctx();
      const key = await groupOn(['1-0', '2-0', '3-0', '4-0']);
      expect(await port.xpending(key, 'g')).toEqual({
        count: 0,
        smallestId: null,
        greatestId: null,
        consumers: null,
      });
      await readNew(key, 'bob', 1);
      await readNew(key, 'alice', 2);
      await readNew(key, 'Zed', 1);
      await port.xgroupCreateConsumer(key, 'g', 'empty');
      expect(await port.xpending(key, 'g')).toEqual({
        count: 4,
        smallestId: '1-0',
        greatestId: '4-0',
        consumers: [
          { name: 'Zed', pending: 1 },
          { name: 'alice', pending: 2 },
          { name: 'bob', pending: 1 },
        ],
      });
      await expect(port.xpending(key, 'nog')).rejects.toMatchObject({
        message: noKeyOrGroup(key, 'nog'),
      });
    });

    it('§5.7 extended form: range syntax, count ≤ 0 → [], consumer filter, unknown consumer → []', async () => {
      const { port } = ctx();
      const key = await groupOn(['1-0', '2-0', '3-0']);
      await readNew(key, 'alice', 2);
      await readNew(key, 'bob');
      const range = async (start: string, end: string, count = 10, consumer?: string) =>
        (await port.xpendingRange(key, 'g', { start, end, count, consumer })).map((r) => r.id);
      expect(await range('(1-0', '+')).toEqual(['2-0', '3-0']);
      expect(await range('-', '(3-0')).toEqual(['1-0', '2-0']);
      expect(await range('2', '2')).toEqual(['2-0']);
      expect(await range('-', '+', 1)).toEqual(['1-0']);
      expect(await range('-', '+', 0)).toEqual([]);
      expect(await range('-', '+', -1)).toEqual([]);
      expect(await range('-', '+', 10, 'bob')).toEqual(['3-0']);
      expect(await range('-', '+', 10, 'nobody')).toEqual([]);
      await expect(
        port.xpendingRange(key, 'g', { start: 'x', end: '+', count: 1 }),
      ).rejects.toMatchObject({
        message: INVALID_ID,
      });
      await expect(
        port.xpendingRange(ctx().key('missing'), 'g', { start: '-', end: '+', count: 0 }),
      ).rejects.toMatchObject({ message: noKeyOrGroup(ctx().key('missing'), 'g') });
    });

    it('§5.7 idle times grow with time; IDLE keeps entries idle at least that long', async () => {
      const { port } = ctx();
      const key = await groupOn(['1-0', '2-0']);
      await readNew(key, 'alice', 1);
      // A margin over the bound: a real timer and Redis's clock may differ by a millisecond.
      // Wide margins keep bob's fresh entry well under the bound even on a busy machine.
      await ctx().elapse(250);
      await readNew(key, 'bob', 1);
      const rows = await port.xpendingRange(key, 'g', { start: '-', end: '+', count: 10 });
      expect(rows[0]).toMatchObject({ id: '1-0', consumer: 'alice', deliveryCount: 1 });
      expect(rows[0].idleMs).toBeGreaterThanOrEqual(200);
      const idle = await port.xpendingRange(key, 'g', {
        start: '-',
        end: '+',
        count: 10,
        idleMs: 200,
      });
      expect(idle.map((r) => r.id)).toEqual(['1-0']);
      const all = await port.xpendingRange(key, 'g', {
        start: '-',
        end: '+',
        count: 10,
        idleMs: -1,
      });
      expect(all).toHaveLength(2);
    });

    it('§5.4 §5.10 a history read restarts the idle time of live entries only', async () => {
      const { port } = ctx();
      const key = await groupOn(['1-0', '2-0']);
      await readNew(key, 'alice');
      await port.xdel(key, ['1-0']);
      await ctx().elapse(150);
      await port.xreadgroup('g', 'alice', [{ key, id: '0' }]);
      const [gone, live] = await port.xpendingRange(key, 'g', { start: '-', end: '+', count: 10 });
      expect([gone.id, gone.deliveryCount, live.id, live.deliveryCount]).toEqual([
        '1-0',
        1,
        '2-0',
        2,
      ]);
      expect(gone.idleMs).toBeGreaterThanOrEqual(100); // margin: Redis’s clock
      expect(live.idleMs).toBeLessThan(gone.idleMs);
    });

    it('§5.7 IDLE combines with the consumer filter; start after end → []', async () => {
      const { port } = ctx();
      const key = await groupOn(['1-0', '2-0', '3-0']);
      await readNew(key, 'alice', 1);
      await readNew(key, 'bob', 1);
      await ctx().elapse(150);
      await readNew(key, 'alice', 1);
      const rows = (query: { consumer?: string; idleMs?: number; start?: string; end?: string }) =>
        port
          .xpendingRange(key, 'g', { start: '-', end: '+', count: 10, ...query })
          .then((r) => r.map((e) => e.id));
      expect(await rows({ consumer: 'alice', idleMs: 100 })).toEqual(['1-0']);
      expect(await rows({ consumer: 'alice' })).toEqual(['1-0', '3-0']);
      expect(await rows({ idleMs: 100 })).toEqual(['1-0', '2-0']);
      expect(await rows({ start: '3', end: '1' })).toEqual([]);
    });

    it('§5.10 XPENDING still lists deleted and trimmed messages', async () => {
      const { port } = ctx();
      const key = await groupOn(['1-0', '2-0', '3-0']);
      await readNew(key, 'alice');
      await port.xdel(key, ['1-0']);
      await port.xtrim(key, { strategy: 'MAXLEN', threshold: 0 });
      expect(await pendingRows(key)).toEqual([
        ['1-0', 'alice', 1],
        ['2-0', 'alice', 1],
        ['3-0', 'alice', 1],
      ]);
    });
  });

  describe('XINFO and lag', () => {
    it('§5.11 XINFO GROUPS in name order; XINFO CONSUMERS with pending and idle', async () => {
      const { port } = ctx();
      const key = await groupOn(['1-0', '2-0']);
      await port.xgroupCreate(key, 'a-group', '$');
      await readNew(key, 'bob', 1);
      await ctx().elapse(40);
      await readNew(key, 'alice', 1);
      expect(await port.xinfoGroups(key)).toEqual([
        {
          name: 'a-group',
          consumers: 0,
          pending: 0,
          lastDeliveredId: '2-0',
          entriesRead: null,
          lag: 0,
        },
        { name: 'g', consumers: 2, pending: 2, lastDeliveredId: '2-0', entriesRead: 2, lag: 0 },
      ]);
      const consumers = await port.xinfoConsumers(key, 'g');
      expect(consumers.map((c) => [c.name, c.pending])).toEqual([
        ['alice', 1],
        ['bob', 1],
      ]);
      expect(consumers[1].idleMs).toBeGreaterThanOrEqual(30);
      const missing = ctx().key('missing');
      await expect(port.xinfoGroups(missing)).rejects.toMatchObject({ message: 'ERR no such key' });
      await expect(port.xinfoConsumers(missing, 'g')).rejects.toMatchObject({
        message: 'ERR no such key',
      });
      await expect(port.xinfoConsumers(key, 'nog')).rejects.toMatchObject({
        message: noGroupForKey('nog', key),
      });
    });

    it('§5.11 XINFO CONSUMERS idle restarts on a history read or a claim, not on XACK, an empty `>` read or a claim of nothing', async () => {
      const { port } = ctx();
      const key = await groupOn(['1-0', '2-0', '3-0', '4-0']);
      for (const name of ['idler', 'claimer', 'loser']) {
        await port.xgroupCreateConsumer(key, 'g', name);
      }
      await readNew(key, 'acker', 1);
      await readNew(key, 'history', 1);
      await readNew(key, 'holder');
      await ctx().elapse(150);
      await port.xack(key, 'g', ['1-0']);
      expect(await readNew(key, 'idler')).toEqual([]);
      await port.xreadgroup('g', 'history', [{ key, id: '0' }]);
      await port.xclaim(key, 'g', 'claimer', 0, ['3-0']);
      expect(await port.xclaim(key, 'g', 'loser', 3_600_000, ['4-0'])).toEqual([]);
      const idle = Object.fromEntries(
        (await port.xinfoConsumers(key, 'g')).map((c) => [c.name, c.idleMs]),
      );
      for (const stale of [idle.acker, idle.idler, idle.loser]) {
        expect(stale).toBeGreaterThanOrEqual(100); // margin: Redis’s clock
      }
      expect(idle.history).toBeLessThan(idle.acker);
      expect(idle.claimer).toBeLessThan(idle.acker);
    });

    it('§5.2 §5.11 lag of a group created at an id: first id, middle, beyond, ENTRIESREAD n and -1', async () => {
      const { port } = ctx();
      const key = await groupOn(['1-0', '2-0', '3-0', '4-0', '5-0']);
      await port.xgroupCreate(key, 'first', '1-0');
      await port.xgroupCreate(key, 'mid', '3-0');
      await port.xgroupCreate(key, 'beyond', '99-0');
      await port.xgroupCreate(key, 'read2', '0', { entriesRead: 2 });
      await port.xgroupCreate(key, 'unknown', '0', { entriesRead: -1 });
      const rows = (await port.xinfoGroups(key)).map((g) => [g.name, g.entriesRead, g.lag]);
      expect(rows).toEqual([
        ['beyond', null, null],
        ['first', null, 4],
        ['g', null, 5],
        ['mid', null, null],
        ['read2', 2, 3],
        ['unknown', null, 5],
      ]);
    });

    it('§5.11 fresh group at 0: entries-read nil, lag = length; reading counts', async () => {
      const key = await groupOn(['1-0', '2-0', '3-0', '4-0', '5-0']);
      expect(await groupInfo(key)).toMatchObject({ entriesRead: null, lag: 5 });
      await readNew(key, 'c', 2);
      expect(await groupInfo(key)).toMatchObject({ entriesRead: 2, lag: 3 });
    });

    it('§5.11 an XDEL ahead of the group makes lag nil until the group reads past it', async () => {
      const { port } = ctx();
      const key = await groupOn(['1-0', '2-0', '3-0', '4-0', '5-0']);
      await port.xdel(key, ['3-0']);
      expect(await groupInfo(key)).toMatchObject({ entriesRead: null, lag: null });
      await readNew(key, 'c', 1);
      expect(await groupInfo(key)).toMatchObject({ entriesRead: null, lag: null });
      await readNew(key, 'c');
      expect(await groupInfo(key)).toMatchObject({ entriesRead: 5, lag: 0 });
    });

    it('§5.11 7.0 lag after XTRIM: the counter stays valid, so lag counts the trimmed entries', async () => {
      const { port } = ctx();
      const key = await groupOn(['1-0', '2-0', '3-0', '4-0', '5-0']);
      await readNew(key, 'c', 1);
      await port.xtrim(key, { strategy: 'MAXLEN', threshold: 1 });
      expect(await groupInfo(key)).toMatchObject({ entriesRead: 1, lag: 4 });
      await port.xgroupCreate(key, 'late', '0');
      expect((await port.xinfoGroups(key))[1]).toMatchObject({
        name: 'late',
        entriesRead: null,
        lag: 1,
      });
    });
  });
});
