import type { ScoredMember } from '../../lib/core/sorted-sets/sorted-set.types';
import { describeConformance } from './conformance';

// Sorted-set commands (ZADD, ZREM, ZCARD, ZSCORE, ZRANGE BYSCORE LIMIT WITHSCORES), checked against
// redis-server 7.0.15. Single-key commands: on the cluster targets each key lives in its own slot,
// so the cases also check that every call reaches the key's owner.

const WRONGTYPE = 'WRONGTYPE Operation against a key holding the wrong kind of value';
const NOT_FLOAT = 'ERR value is not a valid float';
const RANGE_NOT_FLOAT = 'ERR min or max is not a float';
const NOT_INTEGER = 'ERR value is not an integer or out of range';

describeConformance('sorted sets', 'all', (ctx) => {
  /** A fresh key holding a list, for the WRONGTYPE cases. */
  const listKey = async (): Promise<string> => {
    const key = ctx().key('list');
    await ctx().port.rpush(key, ['a']);
    return key;
  };
  const all = (key: string): Promise<ScoredMember[]> =>
    ctx().port.zrangeByScore(key, -Infinity, Infinity);

  describe('ZADD / ZSCORE / ZCARD', () => {
    it('ZADD answers the members added; re-scoring counts 0; a repeated member keeps the last score', async () => {
      const { port } = ctx();
      const z = ctx().key('z');
      expect(
        await port.zadd(z, [
          ['a', 1],
          ['b', 2],
        ]),
      ).toBe(2);
      expect(
        await port.zadd(z, [
          ['a', 3],
          ['c', 0],
          ['c', 4],
        ]),
      ).toBe(1);
      expect(await port.zscore(z, 'a')).toBe(3);
      expect(await port.zscore(z, 'c')).toBe(4);
      expect(await port.zcard(z)).toBe(3);
      expect(await port.type(z)).toBe('zset');
    });

    it('scores are doubles: infinities, fractions and extremes come back as the same numbers', async () => {
      const { port } = ctx();
      const z = ctx().key('z');
      const scores: ScoredMember[] = [
        ['-inf', -Infinity],
        ['neg', -2.5],
        ['zero', -0], // stored as 0
        ['tiny', 5e-324],
        ['tenth', 0.1],
        ['big', 1e21],
        ['max', Number.MAX_VALUE],
        ['+inf', Infinity],
      ];
      expect(await port.zadd(z, scores)).toBe(8);
      expect(await all(z)).toEqual(
        scores.map(([member, score]): ScoredMember => [member, score === 0 ? 0 : score]),
      );
      expect(await port.zscore(z, '+inf')).toBe(Infinity);
      expect(await port.zscore(z, 'tenth')).toBe(0.1);
      expect(Object.is(await port.zscore(z, 'zero'), 0)).toBe(true);
    });

    it('a missing key or member: ZSCORE null, ZCARD 0', async () => {
      const { port } = ctx();
      const z = ctx().key('z');
      expect(await port.zscore(z, 'a')).toBeNull();
      expect(await port.zcard(z)).toBe(0);
      await port.zadd(z, [['a', 1]]);
      expect(await port.zscore(z, 'b')).toBeNull();
    });

    it('a NaN score is "not a valid float", before the type is checked, and adds nothing', async () => {
      const { port } = ctx();
      const z = ctx().key('z');
      await expect(
        port.zadd(z, [
          ['a', 1],
          ['b', NaN],
        ]),
      ).rejects.toMatchObject({ message: NOT_FLOAT, code: 'ERR' });
      expect(await port.exists([z])).toBe(0);
      const list = await listKey();
      await expect(port.zadd(list, [['a', NaN]])).rejects.toThrow(NOT_FLOAT);
      await expect(port.zadd(list, [['a', 1]])).rejects.toThrow(WRONGTYPE);
    });

    it('ZADD without members and ZREM without members are arity errors', async () => {
      const { port } = ctx();
      const z = ctx().key('z');
      await expect(port.zadd(z, [])).rejects.toThrow(
        "ERR wrong number of arguments for 'zadd' command",
      );
      await expect(port.zrem(z, [])).rejects.toThrow(
        "ERR wrong number of arguments for 'zrem' command",
      );
    });
  });

  describe('ZREM', () => {
    it('answers how many members were removed; the emptied key is deleted', async () => {
      const { port } = ctx();
      const z = ctx().key('z');
      await port.zadd(z, [
        ['a', 1],
        ['b', 2],
        ['c', 3],
      ]);
      expect(await port.zrem(z, ['a', 'missing', 'a'])).toBe(1);
      expect(await all(z)).toEqual([
        ['b', 2],
        ['c', 3],
      ]);
      expect(await port.zrem(z, ['b', 'c'])).toBe(2);
      expect(await port.exists([z])).toBe(0);
      expect(await port.type(z)).toBe('none');
      expect(await port.zrem(z, ['a'])).toBe(0);
    });
  });

  describe('ZRANGE BYSCORE', () => {
    const filled = async (): Promise<string> => {
      const z = ctx().key('z');
      await ctx().port.zadd(z, [
        ['b', 1],
        ['a', 1],
        ['B', 1],
        ['c', 2],
        ['d', 3],
      ]);
      return z;
    };

    it('inclusive bounds, by score then member bytes; empty when min > max or the key is missing', async () => {
      const { port } = ctx();
      const z = await filled();
      expect(await port.zrangeByScore(z, 1, 2)).toEqual([
        ['B', 1],
        ['a', 1],
        ['b', 1],
        ['c', 2],
      ]);
      expect(await port.zrangeByScore(z, 2.5, Infinity)).toEqual([['d', 3]]);
      expect(await port.zrangeByScore(z, 3, 1)).toEqual([]);
      expect(await port.zrangeByScore(ctx().key('missing'), -Infinity, Infinity)).toEqual([]);
    });

    it('ties are ordered by UTF-8 bytes, not by UTF-16 code units', async () => {
      const { port } = ctx();
      const z = ctx().key('z');
      await port.zadd(z, [
        ['\u{1F600}', 0],
        ['\uFFFD', 0],
        ['é', 0],
        ['z', 0],
        ['', 0],
      ]);
      expect((await port.zrangeByScore(z, 0, 0)).map(([member]) => member)).toEqual([
        '',
        'z',
        'é',
        '\uFFFD',
        '\u{1F600}',
      ]);
    });

    it('LIMIT: offset then count; a negative count means the rest; count 0 or a negative offset gives []', async () => {
      const { port } = ctx();
      const z = await filled();
      const range = (offset?: number, count?: number) =>
        port.zrangeByScore(z, -Infinity, Infinity, { offset, count });
      expect(await range(1, 2)).toEqual([
        ['a', 1],
        ['b', 1],
      ]);
      expect(await range(3)).toEqual([
        ['c', 2],
        ['d', 3],
      ]);
      expect(await range(undefined, 1)).toEqual([['B', 1]]);
      expect(await range(0, -5)).toHaveLength(5);
      expect(await range(0, 0)).toEqual([]);
      expect(await range(-1, 2)).toEqual([]);
      expect(await range(10, 2)).toEqual([]);
    });

    it('errors in Redis order: a non-integer LIMIT, then a NaN bound, then the type', async () => {
      const { port } = ctx();
      const z = await filled();
      const list = await listKey();
      await expect(port.zrangeByScore(list, NaN, 1, { offset: 1.5 })).rejects.toThrow(NOT_INTEGER);
      await expect(port.zrangeByScore(z, 0, 1, { count: 2 ** 63 })).rejects.toThrow(NOT_INTEGER);
      await expect(port.zrangeByScore(list, NaN, 1)).rejects.toThrow(RANGE_NOT_FLOAT);
      await expect(port.zrangeByScore(z, 0, NaN)).rejects.toThrow(RANGE_NOT_FLOAT);
      await expect(port.zrangeByScore(list, 0, 1)).rejects.toThrow(WRONGTYPE);
    });
  });

  describe('types', () => {
    it('every sorted-set command on a list is WRONGTYPE, and list and stream commands on a sorted set', async () => {
      const { port } = ctx();
      const list = await listKey();
      await expect(port.zrem(list, ['a'])).rejects.toThrow(WRONGTYPE);
      await expect(port.zcard(list)).rejects.toThrow(WRONGTYPE);
      await expect(port.zscore(list, 'a')).rejects.toThrow(WRONGTYPE);
      const z = ctx().key('z');
      await port.zadd(z, [['a', 1]]);
      await expect(port.lpush(z, ['x'])).rejects.toThrow(WRONGTYPE);
      await expect(port.llen(z)).rejects.toThrow(WRONGTYPE);
      await expect(port.xadd(z, '*', ['f', 'v'])).rejects.toThrow(WRONGTYPE);
      await expect(port.xlen(z)).rejects.toThrow(WRONGTYPE);
    });

    it('DEL removes a sorted set', async () => {
      const { port } = ctx();
      const z = ctx().key('z');
      await port.zadd(z, [['a', 1]]);
      expect(await port.del([z])).toBe(1);
      expect(await port.zcard(z)).toBe(0);
    });
  });
});
