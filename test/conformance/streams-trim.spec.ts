import { describeConformance } from './conformance';
import { ids, INVALID_ID, streamWith, WRONGTYPE } from './stream-fixtures';

// XDEL, XTRIM and XINFO STREAM (redis-semantics.md §4.3, §4.5, §5.11).

describeConformance('streams trim', 'standalone', (ctx) => {
  const streamOf = (name: string, entryIds: string[]) => streamWith(ctx(), name, entryIds);
  const oneToFive = () => streamOf('s', ['1-0', '2-0', '3-0', '4-0', '5-0']);

  describe('XDEL', () => {
    it('§4.5 replies with entries actually deleted: unknown ids ignored, duplicates once', async () => {
      const { port } = ctx();
      const key = await streamOf('s', ['1-0', '2-0', '3-0']);
      expect(await port.xdel(key, ['1-0', '1-0', '9-0', '2'])).toBe(2);
      expect(await port.xdel(key, ['1-0'])).toBe(0);
      expect(ids(await port.xrange(key, '-', '+'))).toEqual(['3-0']);
    });

    it('§4.5 an invalid id deletes nothing; a missing key is 0; no ids is an arity error', async () => {
      const { port } = ctx();
      const key = await streamOf('s', ['1-0', '2-0', '3-0']);
      await expect(port.xdel(key, ['1-0', 'bad'])).rejects.toMatchObject({ message: INVALID_ID });
      expect(await port.xlen(key)).toBe(3);
      expect(await port.xdel(ctx().key('missing'), ['bad'])).toBe(0);
      await expect(port.xdel(key, [])).rejects.toMatchObject({
        message: "ERR wrong number of arguments for 'xdel' command",
      });
    });

    it('§1 a stream emptied by XDEL still exists', async () => {
      const { port } = ctx();
      const key = await streamOf('s', ['1-0']);
      expect(await port.xdel(key, ['1-0'])).toBe(1);
      expect(await port.type(key)).toBe('stream');
      expect(await port.xlen(key)).toBe(0);
    });
  });

  describe('XTRIM', () => {
    it('§4.3 exact MAXLEN and MINID reply with the number removed; missing key 0', async () => {
      const { port } = ctx();
      const key = await oneToFive();
      expect(await port.xtrim(key, { strategy: 'MAXLEN', threshold: 4 })).toBe(1);
      expect(await port.xtrim(key, { strategy: 'MINID', threshold: '4-0' })).toBe(2);
      expect(ids(await port.xrange(key, '-', '+'))).toEqual(['4-0', '5-0']);
      expect(await port.xtrim(key, { strategy: 'MAXLEN', threshold: 0 })).toBe(2);
      expect(await port.type(key)).toBe('stream');
      expect(await port.xtrim(ctx().key('missing'), { strategy: 'MAXLEN', threshold: 0 })).toBe(0);
    });

    it('§4.3 `~` removes nothing from a stream of ≤ 100 small entries (one macro node)', async () => {
      const { port } = ctx();
      const key = ctx().key('s');
      for (let i = 1; i <= 100; i++) await port.xadd(key, `${i}`, ['f', 'v']);
      expect(await port.xtrim(key, { strategy: 'MAXLEN', threshold: 10, approximate: true })).toBe(
        0,
      );
      expect(await port.xtrim(key, { strategy: 'MINID', threshold: '90', approximate: true })).toBe(
        0,
      );
      expect(await port.xlen(key)).toBe(100);
    });

    it('§4.3 `~` never removes more than the exact trim would, nor more than LIMIT', async () => {
      const { port } = ctx();
      const key = ctx().key('s');
      for (let i = 1; i <= 450; i++) await port.xadd(key, `${i}`, ['f', 'v']);
      const removed = await port.xtrim(key, {
        strategy: 'MAXLEN',
        threshold: 150,
        approximate: true,
      });
      expect(removed).toBeLessThanOrEqual(300);
      expect(await port.xlen(key)).toBe(450 - removed);
      const limited = await port.xtrim(key, {
        strategy: 'MAXLEN',
        threshold: 0,
        approximate: true,
        limit: 10,
      });
      expect(limited).toBeLessThanOrEqual(10);
    });

    it('§4.3 `~` trims whole 100-entry nodes: 1000 × XADD MAXLEN ~ 555 keeps 600', async () => {
      const { port } = ctx();
      const key = ctx().key('s');
      const trim = { strategy: 'MAXLEN' as const, threshold: 555, approximate: true };
      for (let i = 1; i <= 1000; i++) await port.xadd(key, `${i}`, ['f', 'v'], { trim });
      expect(await port.xlen(key)).toBe(600);
      expect(ids(await port.xrange(key, '-', '+', 1))).toEqual(['401-0']);
    });

    it('§4.3 Redis’s XTRIM sequence on 1000 entries: 666, = 555, ~ 444 → 500, ~ 400 → 400', async () => {
      const { port } = ctx();
      const key = ctx().key('s');
      for (let i = 1; i <= 1000; i++) await port.xadd(key, `${i}`, ['f', 'v']);
      const steps: Array<[number, boolean, number]> = [
        [666, false, 666],
        [555, false, 555],
        [444, true, 500],
        [400, true, 400],
      ];
      for (const [threshold, approximate, length] of steps) {
        const before = await port.xlen(key);
        const removed = await port.xtrim(key, { strategy: 'MAXLEN', threshold, approximate });
        expect([threshold, removed, await port.xlen(key)]).toEqual([
          threshold,
          before - length,
          length,
        ]);
      }
    });

    it('§4.3 `~` LIMIT stops before a node that would pass it; LIMIT 0 is unlimited; `~` MINID', async () => {
      const { port } = ctx();
      const key = ctx().key('s');
      for (let i = 1; i <= 1000; i++) await port.xadd(key, `${i}`, ['f', 'v']);
      const approx = (strategy: 'MAXLEN' | 'MINID', threshold: number | string, limit?: number) =>
        port.xtrim(key, { strategy, threshold, approximate: true, limit });
      expect(await approx('MAXLEN', 0, 250)).toBe(200);
      expect(await approx('MINID', '450', 0)).toBe(200);
      expect(ids(await port.xrange(key, '-', '+', 1))).toEqual(['401-0']);
      expect(await approx('MAXLEN', 0, 99)).toBe(0);
      expect(await approx('MAXLEN', 0, 0)).toBe(600);
      expect(await port.xlen(key)).toBe(0);
      expect(await port.type(key)).toBe('stream');
    });

    it('§4.3 nodes also close at 4096 bytes: `~` on entries of mixed sizes removes what Redis removes', async () => {
      const { port } = ctx();
      const key = ctx().key('s');
      for (let i = 1; i <= 60; i++) {
        await port.xadd(key, `${i}`, ['f', 'x'.repeat((i * 37) % 700), 'g', String(i)]);
      }
      const approx = (strategy: 'MAXLEN' | 'MINID', threshold: number | string) =>
        port.xtrim(key, { strategy, threshold, approximate: true });
      const removed = [
        await approx('MAXLEN', 40),
        await approx('MINID', '30'),
        await approx('MAXLEN', 20),
      ];
      expect([removed, ids(await port.xrange(key, '-', '+', 1))]).toEqual([[14, 13, 8], ['36-0']]);
    });

    it('§4.2 option errors', async () => {
      const { port } = ctx();
      const key = await oneToFive();
      const strategy = 'FOO' as unknown as 'MAXLEN';
      await expect(port.xtrim(key, { strategy, threshold: 1 })).rejects.toMatchObject({
        message: 'ERR syntax error',
      });
      await expect(port.xtrim(key, { strategy: 'MAXLEN', threshold: -1 })).rejects.toMatchObject({
        message: 'ERR The MAXLEN argument must be >= 0.',
      });
      await expect(
        port.xtrim(key, { strategy: 'MAXLEN', threshold: 1, limit: 5 }),
      ).rejects.toMatchObject({
        message: 'ERR syntax error, LIMIT cannot be used without the special ~ option',
      });
      await expect(port.xtrim(key, { strategy: 'MINID', threshold: 'bad' })).rejects.toMatchObject({
        message: INVALID_ID,
      });
      const list = ctx().key('list');
      await port.rpush(list, ['a']);
      await expect(port.xtrim(list, { strategy: 'MAXLEN', threshold: 1 })).rejects.toMatchObject({
        message: WRONGTYPE,
      });
    });
  });

  describe('XINFO STREAM', () => {
    it('§4.5 metadata through XDEL 2, XDEL 1 and XTRIM MAXLEN = 2 on 1..5', async () => {
      const { port } = ctx();
      const key = await oneToFive();
      expect(await port.xinfoStream(key)).toEqual({
        length: 5,
        lastGeneratedId: '5-0',
        maxDeletedEntryId: '0-0',
        entriesAdded: 5,
        recordedFirstEntryId: '1-0',
        groups: 0,
        firstEntry: { id: '1-0', fields: ['f', '1-0'] },
        lastEntry: { id: '5-0', fields: ['f', '5-0'] },
      });
      await port.xdel(key, ['2-0']);
      expect(await port.xinfoStream(key)).toMatchObject({
        maxDeletedEntryId: '2-0',
        recordedFirstEntryId: '1-0',
        length: 4,
      });
      await port.xdel(key, ['1-0']);
      expect(await port.xinfoStream(key)).toMatchObject({
        maxDeletedEntryId: '2-0',
        recordedFirstEntryId: '3-0',
      });
      await port.xtrim(key, { strategy: 'MAXLEN', threshold: 2 });
      expect(await port.xinfoStream(key)).toMatchObject({
        maxDeletedEntryId: '2-0',
        recordedFirstEntryId: '4-0',
        length: 2,
        entriesAdded: 5,
        firstEntry: { id: '4-0', fields: ['f', '4-0'] },
      });
    });

    it('§4.5 an emptied stream: null first/last entry, first id 0-0', async () => {
      const { port } = ctx();
      const key = await streamOf('s', ['7-0']);
      await port.xdel(key, ['7-0']);
      expect(await port.xinfoStream(key)).toMatchObject({
        length: 0,
        lastGeneratedId: '7-0',
        maxDeletedEntryId: '7-0',
        recordedFirstEntryId: '0-0',
        firstEntry: null,
        lastEntry: null,
      });
    });

    it('§4.5 entries-added counts an entry trimmed by its own XADD; trims do not move max-deleted', async () => {
      const { port } = ctx();
      const key = ctx().key('s');
      const trim = { strategy: 'MAXLEN' as const, threshold: 0 };
      await port.xadd(key, '1', ['f', 'v']);
      await port.xadd(key, '15', ['f', 'v'], { trim });
      expect(await port.xinfoStream(key)).toEqual({
        length: 0,
        lastGeneratedId: '15-0',
        maxDeletedEntryId: '0-0',
        entriesAdded: 2,
        recordedFirstEntryId: '0-0',
        groups: 0,
        firstEntry: null,
        lastEntry: null,
      });
    });

    it('§5.11 counts consumer groups', async () => {
      const { port } = ctx();
      const key = await streamOf('s', ['1-0']);
      await port.xgroupCreate(key, 'g1', '0');
      await port.xgroupCreate(key, 'g2', '$');
      expect((await port.xinfoStream(key)).groups).toBe(2);
    });

    it('§5.11 errors: missing key, wrong type', async () => {
      const { port } = ctx();
      await expect(port.xinfoStream(ctx().key('missing'))).rejects.toMatchObject({
        message: 'ERR no such key',
      });
      const list = ctx().key('list');
      await port.rpush(list, ['a']);
      await expect(port.xinfoStream(list)).rejects.toMatchObject({ message: WRONGTYPE });
    });
  });
});
