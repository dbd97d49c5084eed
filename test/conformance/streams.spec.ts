import { describeConformance } from './conformance';
import {
  ids,
  INVALID_ID,
  NOT_GREATER,
  NOT_INTEGER,
  streamWith,
  U64,
  WRONGTYPE,
} from './stream-fixtures';

// Stream storage commands (redis-semantics.md §4.1–§4.4): XADD, XLEN, XRANGE, XREVRANGE and the
// time-range read. XDEL, XTRIM and XINFO STREAM are in streams-trim.spec.ts, XREAD in
// streams-xread.spec.ts.

describeConformance('streams', 'standalone', (ctx) => {
  const streamOf = (name: string, entryIds: string[]) => streamWith(ctx(), name, entryIds);
  const oneToFive = () => streamOf('s', ['1-0', '2-0', '3-0', '4-0', '5-0']);

  describe('XADD', () => {
    it('§4.2 replies with the id; fields are kept as given (duplicates, empty strings)', async () => {
      const { port } = ctx();
      const key = ctx().key('s');
      expect(await port.xadd(key, '5-3', ['f', 'v', 'f', 'w', '', ''])).toBe('5-3');
      expect(await port.type(key)).toBe('stream');
      expect(await port.xrange(key, '-', '+')).toEqual([
        { id: '5-3', fields: ['f', 'v', 'f', 'w', '', ''] },
      ]);
    });

    it('§4.1 `ms-*` continues the same ms, otherwise starts at 0; `ms` is ms-0', async () => {
      const { port } = ctx();
      const key = ctx().key('s');
      expect(await port.xadd(key, '0-*', ['f', 'v'])).toBe('0-1');
      expect(await port.xadd(key, '2-*', ['f', 'v'])).toBe('2-0');
      expect(await port.xadd(key, '2-*', ['f', 'v'])).toBe('2-1');
      expect(await port.xadd(key, '3', ['f', 'v'])).toBe('3-0');
    });

    it('§4.1 `*` ids strictly increase and follow a future explicit id', async () => {
      const { port } = ctx();
      const key = ctx().key('s');
      const first = (await port.xadd(key, '*', ['f', 'v'])) as string;
      const second = (await port.xadd(key, '*', ['f', 'v'])) as string;
      const [ms1, seq1] = first.split('-').map(BigInt);
      const [ms2, seq2] = second.split('-').map(BigInt);
      expect(ms2 > ms1 || (ms2 === ms1 && seq2 === seq1 + 1n)).toBe(true);
      const future = ctx().key('future');
      await port.xadd(future, '99999999999999-5', ['f', 'v']);
      expect(await port.xadd(future, '*', ['f', 'v'])).toBe('99999999999999-6');
    });

    it('§4.1 `*` carries into the ms when the last seq is the maximum', async () => {
      const key = await streamOf('s', [`2577343934890-${U64}`]);
      expect(await ctx().port.xadd(key, '*', ['f', 'v'])).toBe('2577343934891-0');
    });

    it('§4.1 id errors: not above the top item (even after XDEL of it), 0-0, malformed', async () => {
      const { port } = ctx();
      const key = await streamOf('s', ['1-0', '3-0']);
      await expect(port.xadd(key, '2-0', ['f', 'v'])).rejects.toMatchObject({
        message: NOT_GREATER,
      });
      await port.xdel(key, ['3-0']);
      await expect(port.xadd(key, '3', ['f', 'v'])).rejects.toMatchObject({ message: NOT_GREATER });
      await expect(port.xadd(key, '1-*', ['f', 'v'])).rejects.toMatchObject({
        message: NOT_GREATER,
      });
      const fresh = ctx().key('fresh');
      await expect(port.xadd(fresh, '0-0', ['f', 'v'])).rejects.toMatchObject({
        message: 'ERR The ID specified in XADD must be greater than 0-0',
      });
      for (const id of ['abc', '1-2-3', '-1', '*-1', '8-', '18446744073709551616']) {
        await expect(port.xadd(fresh, id, ['f', 'v'])).rejects.toMatchObject({
          message: INVALID_ID,
        });
      }
      expect(await port.exists([fresh])).toBe(0);
    });

    it('§4.1 ids are parsed as Redis parses them (strtoull: leading zeros, `+`)', async () => {
      const key = ctx().key('s');
      expect(await ctx().port.xadd(key, '01-02', ['f', 'v'])).toBe('1-2');
      expect(await ctx().port.xadd(key, '1-+3', ['f', 'v'])).toBe('1-3');
    });

    it('§4.1 exhausted stream; 7.0.15 "Elements are too large" for `ms-*` after ms-<max>', async () => {
      const { port } = ctx();
      const full = await streamOf('full', [`${U64}-${U64}`]);
      for (const id of ['*', '5-5']) {
        await expect(port.xadd(full, id, ['f', 'v'])).rejects.toMatchObject({
          message: 'ERR The stream has exhausted the last possible ID, unable to add more items',
        });
      }
      const key = await streamOf('s', [`1-${U64}`]);
      await expect(port.xadd(key, '1-*', ['f', 'v'])).rejects.toMatchObject({
        message: 'ERR Elements are too large to be stored',
      });
    });

    it('§4.2 field list errors, option errors in Redis order', async () => {
      const { port } = ctx();
      const key = ctx().key('s');
      const maxLen = (threshold: number | string, more: object = {}) => ({
        trim: { strategy: 'MAXLEN' as const, threshold, ...more },
      });
      await expect(port.xadd(key, '*', ['f'])).rejects.toMatchObject({
        message: "ERR wrong number of arguments for 'xadd' command",
      });
      await expect(port.xadd(key, 'bad', ['f', 'v'], maxLen(-1))).rejects.toMatchObject({
        message: 'ERR The MAXLEN argument must be >= 0.',
      });
      await expect(
        port.xadd(key, 'bad', ['f', 'v'], maxLen(5, { limit: -3, approximate: true })),
      ).rejects.toMatchObject({
        message: 'ERR The LIMIT argument must be >= 0.',
      });
      await expect(
        port.xadd(key, 'bad', ['f', 'v'], maxLen(5, { limit: 3 })),
      ).rejects.toMatchObject({ message: INVALID_ID });
      await expect(port.xadd(key, '0-0', ['f'], maxLen(5, { limit: 3 }))).rejects.toMatchObject({
        message: 'ERR syntax error, LIMIT cannot be used without the special ~ option',
      });
      await expect(port.xadd(key, '*', ['f', 'v'], maxLen('1.5'))).rejects.toMatchObject({
        message: NOT_INTEGER,
      });
      await expect(
        port.xadd(key, '*', ['f', 'v'], { trim: { strategy: 'MINID', threshold: '-' } }),
      ).rejects.toMatchObject({
        message: INVALID_ID,
      });
      expect(await port.exists([key])).toBe(0);
    });

    it('§4.2 NOMKSTREAM: null and nothing created on a missing key; adds to an existing stream', async () => {
      const { port } = ctx();
      const key = ctx().key('s');
      expect(await port.xadd(key, '*', ['f', 'v'], { noMkStream: true })).toBeNull();
      expect(await port.exists([key])).toBe(0);
      await port.xadd(key, '1', ['f', 'v']);
      expect(await port.xadd(key, '2', ['f', 'v'], { noMkStream: true })).toBe('2-0');
    });

    it('§4.2 trims after appending: MAXLEN 0 leaves an empty stream that keeps its last id', async () => {
      const { port } = ctx();
      const key = ctx().key('s');
      expect(
        await port.xadd(key, '15', ['f', 'x'], { trim: { strategy: 'MAXLEN', threshold: 0 } }),
      ).toBe('15-0');
      expect(await port.type(key)).toBe('stream');
      expect(await port.xlen(key)).toBe(0);
      await expect(port.xadd(key, '15', ['f', 'x'])).rejects.toMatchObject({
        message: NOT_GREATER,
      });
    });

    it('§4.2 exact MAXLEN and MINID on append', async () => {
      const { port } = ctx();
      const key = await oneToFive();
      await port.xadd(key, '6', ['f', '6'], { trim: { strategy: 'MAXLEN', threshold: 3 } });
      expect(ids(await port.xrange(key, '-', '+'))).toEqual(['4-0', '5-0', '6-0']);
      await port.xadd(key, '7', ['f', '7'], { trim: { strategy: 'MINID', threshold: '6' } });
      expect(ids(await port.xrange(key, '-', '+'))).toEqual(['6-0', '7-0']);
    });

    it('§4.2 §4.3 `~` on append trims whole nodes, within LIMIT; NOMKSTREAM with a trim creates nothing', async () => {
      const { port } = ctx();
      const key = ctx().key('s');
      for (let i = 1; i <= 200; i++) await port.xadd(key, `${i}`, ['f', 'v']);
      const approx = (
        strategy: 'MAXLEN' | 'MINID',
        threshold: number | string,
        limit?: number,
      ) => ({
        trim: { strategy, threshold, approximate: true, limit },
      });
      await port.xadd(key, '201', ['f', 'v'], approx('MAXLEN', 0, 50));
      expect(await port.xlen(key)).toBe(201);
      await port.xadd(key, '202', ['f', 'v'], approx('MINID', '150'));
      expect(ids(await port.xrange(key, '-', '+', 1))).toEqual(['101-0']);
      expect(await port.xlen(key)).toBe(102);
      const missing = ctx().key('missing');
      expect(
        await port.xadd(missing, '*', ['f', 'v'], { noMkStream: true, ...approx('MAXLEN', 0) }),
      ).toBeNull();
      expect(await port.exists([missing])).toBe(0);
    });

    it('§1 WRONGTYPE on a list, also with NOMKSTREAM', async () => {
      const { port } = ctx();
      const list = ctx().key('list');
      await port.rpush(list, ['a']);
      await expect(port.xadd(list, '*', ['f', 'v'])).rejects.toMatchObject({
        message: WRONGTYPE,
        code: 'WRONGTYPE',
      });
      await expect(port.xadd(list, '*', ['f', 'v'], { noMkStream: true })).rejects.toMatchObject({
        message: WRONGTYPE,
      });
    });
  });

  describe('XLEN, XRANGE, XREVRANGE', () => {
    const sample = () => streamOf('s', ['1-0', '1-1', '2-0', '3-0', '3-1', '3-2', '5-0']);

    it('§4.4 XLEN; 0 for a missing key; WRONGTYPE on a list', async () => {
      const { port } = ctx();
      expect(await port.xlen(await sample())).toBe(7);
      expect(await port.xlen(ctx().key('missing'))).toBe(0);
      const list = ctx().key('list');
      await port.rpush(list, ['a']);
      await expect(port.xlen(list)).rejects.toMatchObject({ message: WRONGTYPE });
    });

    it('§4.4 entries oldest first (XREVRANGE newest first), up to COUNT', async () => {
      const { port } = ctx();
      const key = await sample();
      expect(await port.xrange(key, '-', '+', 2)).toEqual([
        { id: '1-0', fields: ['f', '1-0'] },
        { id: '1-1', fields: ['f', '1-1'] },
      ]);
      expect(ids(await port.xrevrange(key, '+', '-', 3))).toEqual(['5-0', '3-2', '3-1']);
    });

    it('§4.1 a bare ms spans the whole ms; `(` excludes', async () => {
      const { port } = ctx();
      const key = await sample();
      expect(ids(await port.xrange(key, '3', '3'))).toEqual(['3-0', '3-1', '3-2']);
      expect(ids(await port.xrange(key, '(1-1', '(3-1'))).toEqual(['2-0', '3-0']);
      expect(ids(await port.xrange(key, '(1', '(3'))).toEqual(['1-1', '2-0', '3-0', '3-1', '3-2']);
      expect(ids(await port.xrevrange(key, '(5-0', '(3-0'))).toEqual(['3-2', '3-1']);
    });

    it('§4.4 [] when start > end or the key is missing', async () => {
      const { port } = ctx();
      const key = await sample();
      expect(await port.xrange(key, '5', '1')).toEqual([]);
      expect(await port.xrevrange(key, '1', '5')).toEqual([]);
      expect(await port.xrange(ctx().key('missing'), '-', '+')).toEqual([]);
    });

    it('§4.4 COUNT 0 or negative → null on a stream; [] on a missing key', async () => {
      const { port } = ctx();
      const key = await sample();
      expect(await port.xrange(key, '-', '+', 0)).toBeNull();
      expect(await port.xrange(key, '-', '+', -1)).toBeNull();
      expect(await port.xrevrange(key, '+', '-', 0)).toBeNull();
      expect(await port.xrange(ctx().key('missing'), '-', '+', 0)).toEqual([]);
    });

    it('§4.1 §4.4 errors', async () => {
      const { port } = ctx();
      const key = await sample();
      await expect(port.xrange(key, '(-', '+')).rejects.toMatchObject({ message: INVALID_ID });
      await expect(port.xrange(key, '1-*', '+')).rejects.toMatchObject({ message: INVALID_ID });
      await expect(port.xrange(key, `(${U64}-${U64}`, '+')).rejects.toMatchObject({
        message: 'ERR invalid start ID for the interval',
      });
      await expect(port.xrange(key, '-', '(0-0')).rejects.toMatchObject({
        message: 'ERR invalid end ID for the interval',
      });
      await expect(port.xrange(key, '-', '+', 1.5)).rejects.toMatchObject({ message: NOT_INTEGER });
      const list = ctx().key('list');
      await port.rpush(list, ['a']);
      await expect(port.xrange(list, '-', '+', 0)).rejects.toMatchObject({ message: WRONGTYPE });
    });
  });

  describe('time-range reads', () => {
    it('entries whose ms lies in [fromMs, toMs], oldest first, up to count', async () => {
      const { port } = ctx();
      const key = await streamOf('s', ['100-0', '100-1', '150-0', '200-0', '200-7', '250-0']);
      expect(ids(await port.xrangeByTime(key, 100, 200))).toEqual([
        '100-0',
        '100-1',
        '150-0',
        '200-0',
        '200-7',
      ]);
      expect(ids(await port.xrangeByTime(key, 101, 199))).toEqual(['150-0']);
      expect(ids(await port.xrangeByTime(key, 100, 250, 2))).toEqual(['100-0', '100-1']);
      expect(await port.xrangeByTime(key, 300, 400)).toEqual([]);
      expect(await port.xrangeByTime(key, 200, 100)).toEqual([]);
      expect(await port.xrangeByTime(ctx().key('missing'), 0, 1000)).toEqual([]);
    });

    it('§4.4 a one-ms range; deleted entries are skipped; count ≤ 0 reads nothing', async () => {
      const { port } = ctx();
      const key = await streamOf('s', ['100-0', '100-1', '100-2', '150-0', '200-0']);
      await port.xdel(key, ['100-1', '150-0']);
      expect(ids(await port.xrangeByTime(key, 100, 100))).toEqual(['100-0', '100-2']);
      expect(ids(await port.xrangeByTime(key, 0, 1000))).toEqual(['100-0', '100-2', '200-0']);
      expect(await port.xrangeByTime(key, 120, 180)).toEqual([]);
      expect(await port.xrangeByTime(key, 0, 1000, 0)).toEqual([]);
      expect(await port.xrangeByTime(key, 0, 1000, -1)).toEqual([]);
    });

    it('§4.1 §4.4 a negative or fractional ms is an invalid id; WRONGTYPE on a list', async () => {
      const { port } = ctx();
      const key = await streamOf('s', ['1-0']);
      await expect(port.xrangeByTime(key, -5, 10)).rejects.toMatchObject({ message: INVALID_ID });
      await expect(port.xrangeByTime(key, 0, 1.5)).rejects.toMatchObject({ message: INVALID_ID });
      const list = ctx().key('list');
      await port.rpush(list, ['a']);
      await expect(port.xrangeByTime(list, 0, 10)).rejects.toMatchObject({ message: WRONGTYPE });
    });
  });
});
