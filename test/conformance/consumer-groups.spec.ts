import { describeConformance } from './conformance';
import {
  groupOn as groupFixture,
  KEY_REQUIRED,
  noGroupForKey,
  noKeyOrGroupRead,
  pendingRows as pendingFixture,
  readNew as readFixture,
} from './group-fixtures';
import { INVALID_ID, NOT_INTEGER, streamWith, U64, WRONGTYPE } from './stream-fixtures';

// Consumer groups (redis-semantics.md §5.2–§5.4): XGROUP and XREADGROUP. XACK / XPENDING / XINFO
// are in consumer-groups-pending.spec.ts, claims in
// consumer-groups-claim.spec.ts, blocking reads in consumer-groups-blocking.spec.ts.

describeConformance('consumer groups', 'standalone', (ctx) => {
  const groupOn = (entryIds: string[], from?: string) => groupFixture(ctx(), entryIds, from);
  const readNew = (key: string, consumer: string, count?: number) =>
    readFixture(ctx(), key, consumer, count);
  const pendingRows = (key: string) => pendingFixture(ctx(), key);
  const groupInfo = async (key: string) => (await ctx().port.xinfoGroups(key))[0];

  describe('XGROUP', () => {
    it('§5.2 CREATE at $, at any id (also beyond the last), with MKSTREAM on a missing key', async () => {
      const { port } = ctx();
      const key = await streamWith(ctx(), 's', ['1-0', '2-0']);
      expect(await port.xgroupCreate(key, 'now', '$')).toBe('OK');
      expect(await port.xgroupCreate(key, 'future', '99-0')).toBe('OK');
      expect(await port.xgroupCreate(key, 'bare', '1')).toBe('OK');
      expect((await port.xinfoGroups(key)).map((g) => [g.name, g.lastDeliveredId])).toEqual([
        ['bare', '1-0'],
        ['future', '99-0'],
        ['now', '2-0'],
      ]);
      const fresh = ctx().key('fresh');
      expect(await port.xgroupCreate(fresh, 'g', '$', { mkStream: true })).toBe('OK');
      expect([await port.type(fresh), await port.xlen(fresh)]).toEqual(['stream', 0]);
      expect((await port.xinfoGroups(fresh))[0].lastDeliveredId).toBe('0-0');
    });

    it('§5.2 CREATE errors: missing key, BUSYGROUP, strict ids, ENTRIESREAD, WRONGTYPE', async () => {
      const { port } = ctx();
      const key = await groupOn(['1-0']);
      const missing = ctx().key('missing');
      await expect(port.xgroupCreate(missing, 'g', '$')).rejects.toMatchObject({
        message: KEY_REQUIRED,
      });
      await expect(port.xgroupCreate(key, 'g', '0')).rejects.toMatchObject({
        message: 'BUSYGROUP Consumer Group name already exists',
      });
      for (const id of ['>', '-', '+', 'abc'])
        await expect(port.xgroupCreate(key, 'h', id)).rejects.toMatchObject({
          message: INVALID_ID,
        });
      await expect(port.xgroupCreate(missing, 'h', '0', { entriesRead: -3 })).rejects.toMatchObject(
        {
          message: 'ERR value for ENTRIESREAD must be positive or -1',
        },
      );
      await expect(
        port.xgroupCreate(missing, 'h', 'bad', { mkStream: true }),
      ).rejects.toMatchObject({
        message: INVALID_ID,
      });
      expect(await port.exists([missing])).toBe(0);
      const list = ctx().key('list');
      await port.rpush(list, ['x']);
      await expect(port.xgroupCreate(list, 'g', '0')).rejects.toMatchObject({ message: WRONGTYPE });
    });

    it('§5.2 SETID moves the last id backwards too, accepts $ - +, sets or clears entries-read', async () => {
      const { port } = ctx();
      const key = await groupOn(['1-0', '2-0', '3-0'], '$');
      expect(await port.xgroupSetId(key, 'g', '1')).toBe('OK');
      expect(await groupInfo(key)).toMatchObject({ lastDeliveredId: '1-0', entriesRead: null });
      await port.xgroupSetId(key, 'g', '+');
      expect((await groupInfo(key)).lastDeliveredId).toBe(`${U64}-${U64}`);
      await port.xgroupSetId(key, 'g', '-');
      expect((await groupInfo(key)).lastDeliveredId).toBe('0-0');
      await port.xgroupSetId(key, 'g', '$', 100);
      expect(await groupInfo(key)).toMatchObject({
        lastDeliveredId: '3-0',
        entriesRead: 100,
        lag: -97,
      });
    });

    it('§5.2 SETID errors: missing key, NOGROUP for key name, bad id, ENTRIESREAD before the rest', async () => {
      const { port } = ctx();
      const key = await groupOn(['1-0']);
      const missing = ctx().key('missing');
      await expect(port.xgroupSetId(missing, 'g', '0')).rejects.toMatchObject({
        message: KEY_REQUIRED,
      });
      await expect(port.xgroupSetId(key, 'nog', '0')).rejects.toMatchObject({
        message: noGroupForKey('nog', key),
      });
      await expect(port.xgroupSetId(key, 'g', '(1')).rejects.toMatchObject({ message: INVALID_ID });
      await expect(port.xgroupSetId(key, 'nog', 'bad', -5)).rejects.toMatchObject({
        message: 'ERR value for ENTRIESREAD must be positive or -1',
      });
      await expect(port.xgroupSetId(missing, 'g', '0', 1.5)).rejects.toMatchObject({
        message: NOT_INTEGER,
      });
    });

    it('§5.2 CREATECONSUMER 1 / 0; DELCONSUMER returns and drops its pending entries', async () => {
      const { port } = ctx();
      const key = await groupOn(['1-0', '2-0', '3-0']);
      expect(await port.xgroupCreateConsumer(key, 'g', 'idle')).toBe(1);
      expect(await port.xgroupCreateConsumer(key, 'g', 'idle')).toBe(0);
      await readNew(key, 'alice', 2);
      await readNew(key, 'bob');
      expect(await port.xgroupDelConsumer(key, 'g', 'alice')).toBe(2);
      expect(await port.xgroupDelConsumer(key, 'g', 'ghost')).toBe(0);
      expect(await pendingRows(key)).toEqual([['3-0', 'bob', 1]]);
      expect((await port.xinfoConsumers(key, 'g')).map((c) => [c.name, c.pending])).toEqual([
        ['bob', 1],
        ['idle', 0],
      ]);
      await expect(port.xgroupCreateConsumer(key, 'nog', 'c')).rejects.toMatchObject({
        message: noGroupForKey('nog', key),
      });
      await expect(port.xgroupDelConsumer(ctx().key('missing'), 'g', 'c')).rejects.toMatchObject({
        message: KEY_REQUIRED,
      });
      await expect(port.xgroupCreateConsumer(ctx().key('missing'), 'g', 'c')).rejects.toMatchObject(
        { message: KEY_REQUIRED },
      );
      // §5.10: a pending entry whose message is gone still counts, and leaves with its consumer.
      await port.xdel(key, ['3-0']);
      expect(await port.xgroupDelConsumer(key, 'g', 'bob')).toBe(1);
      expect(await pendingRows(key)).toEqual([]);
    });

    it('§5.2 DESTROY 1 / 0; the key must exist', async () => {
      const { port } = ctx();
      const key = await groupOn(['1-0']);
      expect(await port.xgroupDestroy(key, 'g')).toBe(1);
      expect(await port.xgroupDestroy(key, 'g')).toBe(0);
      expect(await port.xinfoGroups(key)).toEqual([]);
      await expect(port.xgroupDestroy(ctx().key('missing'), 'g')).rejects.toMatchObject({
        message: KEY_REQUIRED,
      });
    });
  });

  describe('XREADGROUP', () => {
    it('§5.3 > delivers after the last id up to COUNT, making entries pending', async () => {
      const { port } = ctx();
      const key = await groupOn(['1-0', '2-0', '3-0']);
      expect(await port.xreadgroup('g', 'alice', [{ key, id: '>' }], { count: 2 })).toEqual([
        [
          key,
          [
            { id: '1-0', fields: ['f', '1-0'] },
            { id: '2-0', fields: ['f', '2-0'] },
          ],
        ],
      ]);
      expect(await groupInfo(key)).toMatchObject({
        lastDeliveredId: '2-0',
        pending: 2,
        entriesRead: 2,
        lag: 1,
      });
      expect(await readNew(key, 'bob', 0)).toEqual(['3-0']);
      expect(await pendingRows(key)).toEqual([
        ['1-0', 'alice', 1],
        ['2-0', 'alice', 1],
        ['3-0', 'bob', 1],
      ]);
    });

    it('§5.3 nothing new → null, and the consumer is not created (7.0)', async () => {
      const { port } = ctx();
      const key = await groupOn(['1-0'], '$');
      expect(await port.xreadgroup('g', 'dave', [{ key, id: '>' }])).toBeNull();
      expect(await port.xinfoConsumers(key, 'g')).toEqual([]);
    });

    it('§5.3 XDELed entries are skipped; keys with nothing new are left out of the reply', async () => {
      const { port } = ctx();
      const key = await groupOn(['1-0', '2-0', '3-0', '4-0']);
      await port.xdel(key, ['2-0', '3-0']);
      const other = await streamWith(ctx(), 'other', ['1-0']);
      await port.xgroupCreate(other, 'g', '$');
      const reply = await port.xreadgroup('g', 'c', [
        { key: other, id: '>' },
        { key, id: '>' },
      ]);
      expect(reply?.map(([k, entries]) => [k, entries.map((e) => e.id)])).toEqual([
        [key, ['1-0', '4-0']],
      ]);
    });

    it('§5.3 NOACK advances the group without touching the PEL', async () => {
      const { port } = ctx();
      const key = await groupOn(['1-0', '2-0']);
      await readNew(key, 'alice', 1);
      await port.xgroupSetId(key, 'g', '0');
      const reply = await port.xreadgroup('g', 'bob', [{ key, id: '>' }], { noAck: true });
      expect(reply?.[0][1].map((e) => e.id)).toEqual(['1-0', '2-0']);
      expect(await pendingRows(key)).toEqual([['1-0', 'alice', 1]]);
      expect((await groupInfo(key)).lastDeliveredId).toBe('2-0');
    });

    it('§5.3 after SETID backwards, re-delivery moves the entry to the reader with count 1', async () => {
      const { port } = ctx();
      const key = await groupOn(['1-0', '2-0']);
      await readNew(key, 'alice');
      await port.xreadgroup('g', 'alice', [{ key, id: '0' }]);
      expect(await pendingRows(key)).toEqual([
        ['1-0', 'alice', 2],
        ['2-0', 'alice', 2],
      ]);
      await port.xgroupSetId(key, 'g', '0');
      expect(await readNew(key, 'bob', 1)).toEqual(['1-0']);
      expect(await pendingRows(key)).toEqual([
        ['1-0', 'bob', 1],
        ['2-0', 'alice', 2],
      ]);
    });

    it('§5.4 an explicit id reads this consumer history, counting deliveries; deleted → fields null', async () => {
      const { port } = ctx();
      const key = await groupOn(['1-0', '2-0', '3-0']);
      await readNew(key, 'alice', 2);
      await readNew(key, 'bob');
      await port.xdel(key, ['1-0']);
      expect(await port.xreadgroup('g', 'alice', [{ key, id: '0' }])).toEqual([
        [
          key,
          [
            { id: '1-0', fields: null },
            { id: '2-0', fields: ['f', '2-0'] },
          ],
        ],
      ]);
      expect(await pendingRows(key)).toEqual([
        ['1-0', 'alice', 1],
        ['2-0', 'alice', 2],
        ['3-0', 'bob', 1],
      ]);
      const after = await port.xreadgroup('g', 'alice', [{ key, id: '1-0' }], { count: 1 });
      expect(after?.[0][1].map((e) => e.id)).toEqual(['2-0']);
    });

    it('§5.4 nothing in this consumer history → [[key, []]] and the consumer is created', async () => {
      const { port } = ctx();
      const key = await groupOn(['1-0']);
      await readNew(key, 'alice');
      expect(await port.xreadgroup('g', 'carol', [{ key, id: '0' }])).toEqual([[key, []]]);
      expect((await port.xinfoConsumers(key, 'g')).map((c) => c.name)).toEqual(['alice', 'carol']);
    });

    it('§5.4 a history read ignores BLOCK and leaves the group last id alone', async () => {
      const { port } = ctx();
      const key = await groupOn(['1-0', '2-0']);
      await readNew(key, 'alice', 1);
      const history = await port.xreadgroup('g', 'alice', [{ key, id: '0' }], { blockMs: 0 });
      expect(history?.[0][1].map((e) => e.id)).toEqual(['1-0']);
      expect(await port.xreadgroup('g', 'carol', [{ key, id: '0' }], { blockMs: 0 })).toEqual([
        [key, []],
      ]);
      expect((await groupInfo(key)).lastDeliveredId).toBe('1-0');
      expect(await readNew(key, 'bob')).toEqual(['2-0']);
      // One history key among `>` keys answers at once too: the `>` key with nothing is left out.
      const other = ctx().key('other');
      await port.xgroupCreate(other, 'g', '$', { mkStream: true });
      const mixed = [
        { key: other, id: '>' },
        { key, id: '9-0' },
      ];
      expect(await port.xreadgroup('g', 'carol', mixed, { blockMs: 0 })).toEqual([[key, []]]);
    });

    it('§1 arity: XREADGROUP without streams, XACK without ids, XADD without fields', async () => {
      const { port } = ctx();
      const key = await groupOn(['1-0']);
      const arity = (command: string) => ({
        message: `ERR wrong number of arguments for '${command}' command`,
      });
      await expect(port.xreadgroup('g', 'c', [])).rejects.toMatchObject(arity('xreadgroup'));
      await expect(port.xack(key, 'g', [])).rejects.toMatchObject(arity('xack'));
      await expect(port.xadd(key, '*', [])).rejects.toMatchObject(arity('xadd'));
      expect(await port.xlen(key)).toBe(1);
    });

    it('§5.3 errors: NOGROUP wording (one missing key fails all), $, bad ids, COUNT, BLOCK', async () => {
      const { port } = ctx();
      const key = await groupOn(['1-0']);
      const missing = ctx().key('missing');
      const both = [
        { key, id: '>' },
        { key: missing, id: '>' },
      ];
      await expect(port.xreadgroup('g', 'c', both)).rejects.toMatchObject({
        message: noKeyOrGroupRead(missing, 'g'),
      });
      expect(await pendingRows(key)).toEqual([]);
      await expect(
        port.xreadgroup('nog', 'c', [{ key, id: '>' }], { blockMs: 10 }),
      ).rejects.toMatchObject({
        message: noKeyOrGroupRead(key, 'nog'),
      });
      await expect(port.xreadgroup('g', 'c', [{ key, id: '$' }])).rejects.toMatchObject({
        message:
          'ERR The $ ID is meaningless in the context of XREADGROUP: you want to read the history of this consumer by specifying a proper ID, or use the > ID to get new messages. The $ ID would just return an empty result set.',
      });
      await expect(port.xreadgroup('g', 'c', [{ key, id: '-' }])).rejects.toMatchObject({
        message: INVALID_ID,
      });
      await expect(
        port.xreadgroup('g', 'c', [{ key, id: '>' }], { count: 1.5 }),
      ).rejects.toMatchObject({
        message: NOT_INTEGER,
      });
      await expect(
        port.xreadgroup('g', 'c', [{ key, id: '>' }], { blockMs: -1 }),
      ).rejects.toMatchObject({
        message: 'ERR timeout is negative',
      });
      await expect(
        port.xreadgroup('g', 'c', [{ key, id: '>' }], { blockMs: -(2 ** 63) }),
      ).rejects.toMatchObject({
        message: 'ERR timeout is negative',
      });
      const list = ctx().key('list');
      await port.rpush(list, ['x']);
      await expect(port.xreadgroup('g', 'c', [{ key: list, id: '>' }])).rejects.toMatchObject({
        message: WRONGTYPE,
      });
    });
  });
});
