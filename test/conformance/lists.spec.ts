import type { ListEnd } from '../../lib/core/lists/list.types';
import { waitUntilBlocked } from './blocked-clients';
import { describeConformance } from './conformance';

// List commands (redis-semantics.md §3.1, §3.2) and the cluster slot rule of the list calls
// (§2.7). Blocking calls: lists-blocking.spec.ts.

const WRONGTYPE = 'WRONGTYPE Operation against a key holding the wrong kind of value';
const OUT_OF_RANGE = 'ERR value is out of range, must be positive';
const NOT_INTEGER = 'ERR value is not an integer or out of range';
const CROSSSLOT = "CROSSSLOT Keys in request don't hash to the same slot";

describeConformance('lists', 'standalone', (ctx) => {
  /** A fresh key holding a stream, for the WRONGTYPE cases. */
  const streamKey = async (name: string): Promise<string> => {
    const key = ctx().key(name);
    await ctx().port.xadd(key, '*', ['f', 'v']);
    return key;
  };

  describe('LPUSH / RPUSH', () => {
    it('§3.1 push the elements one by one and answer the length after the push', async () => {
      const { port } = ctx();
      const k = ctx().key('k');
      expect(await port.lpush(k, ['a', 'b', 'c'])).toBe(3);
      expect(await port.rpush(k, ['d', 'e'])).toBe(5);
      expect(await port.lrange(k, 0, -1)).toEqual(['c', 'b', 'a', 'd', 'e']);
    });

    it('§1 without elements is an arity error; on a stream WRONGTYPE', async () => {
      const { port } = ctx();
      const k = ctx().key('k');
      await expect(port.lpush(k, [])).rejects.toThrow(
        "ERR wrong number of arguments for 'lpush' command",
      );
      await expect(port.rpush(k, [])).rejects.toThrow(
        "ERR wrong number of arguments for 'rpush' command",
      );
      const s = await streamKey('s');
      await expect(port.lpush(s, ['a'])).rejects.toThrow(WRONGTYPE);
      await expect(port.rpush(s, ['a'])).rejects.toThrow(WRONGTYPE);
    });
  });

  describe('LPOP / RPOP', () => {
    it('§3.1 answer the end element, null for a missing key; an emptied list is deleted', async () => {
      const { port } = ctx();
      const k = ctx().key('k');
      await port.rpush(k, ['a', 'b']);
      expect(await port.lpop(k)).toBe('a');
      expect(await port.rpop(k)).toBe('b');
      expect(await port.exists([k])).toBe(0);
      expect(await port.lpop(k)).toBeNull();
      expect(await port.rpop(k)).toBeNull();
    });

    it('§3.1 with a count: up to count elements from their own end', async () => {
      const { port } = ctx();
      const k = ctx().key('k');
      await port.rpush(k, ['a', 'b', 'c', 'd', 'e']);
      expect(await port.lpopCount(k, 2)).toEqual(['a', 'b']);
      expect(await port.rpopCount(k, 2)).toEqual(['e', 'd']);
      expect(await port.lpopCount(k, 5)).toEqual(['c']);
      expect(await port.type(k)).toBe('none');
    });

    it('§3.1 count 0 is [] on an existing key; a missing key is null whatever the count', async () => {
      const { port } = ctx();
      const [k, missing] = [ctx().key('k'), ctx().key('missing')];
      await port.rpush(k, ['a']);
      expect(await port.lpopCount(k, 0)).toEqual([]);
      expect(await port.rpopCount(k, 0)).toEqual([]);
      expect(await port.llen(k)).toBe(1);
      expect(await port.lpopCount(missing, 0)).toBeNull();
      expect(await port.rpopCount(missing, 2)).toBeNull();
    });

    it('§3.1 a negative or fractional count is "out of range", before the type is checked', async () => {
      const { port } = ctx();
      const s = await streamKey('s');
      await expect(port.lpopCount(ctx().key('missing'), -1)).rejects.toThrow(OUT_OF_RANGE);
      await expect(port.rpopCount(s, -1)).rejects.toThrow(OUT_OF_RANGE);
      await expect(port.lpopCount(s, 1.5)).rejects.toThrow(OUT_OF_RANGE);
      await expect(port.lpopCount(s, 0)).rejects.toThrow(WRONGTYPE);
      await expect(port.lpop(s)).rejects.toThrow(WRONGTYPE);
      await expect(port.rpop(s)).rejects.toThrow(WRONGTYPE);
    });
  });

  describe('LLEN / LRANGE', () => {
    it('§3.1 LLEN answers the length, 0 for a missing key, WRONGTYPE on a stream', async () => {
      const { port } = ctx();
      const k = ctx().key('k');
      await port.rpush(k, ['a', 'b', 'c']);
      expect(await port.llen(k)).toBe(3);
      expect(await port.llen(ctx().key('missing'))).toBe(0);
      await expect(port.llen(await streamKey('s'))).rejects.toThrow(WRONGTYPE);
    });

    it('§3.1 LRANGE: inclusive, negative from the end, clamped', async () => {
      const { port } = ctx();
      const k = ctx().key('k');
      await port.rpush(k, ['0', '1', '2', '3', '4', '5']);
      const cases: Array<[number, number, string[]]> = [
        [1, -2, ['1', '2', '3', '4']],
        [-3, -1, ['3', '4', '5']],
        [5, 100, ['5']],
        [-100, 2, ['0', '1', '2']],
        [3, 1, []],
        [-1, -3, []],
        [6, 7, []],
        [0, -1, ['0', '1', '2', '3', '4', '5']],
      ];
      for (const [start, stop, expected] of cases) {
        expect([start, stop, await port.lrange(k, start, stop)]).toEqual([start, stop, expected]);
      }
    });

    it('§3.1 LRANGE of a missing key is []; a fractional index is an error; WRONGTYPE on a stream', async () => {
      const { port } = ctx();
      expect(await port.lrange(ctx().key('missing'), 0, -1)).toEqual([]);
      await expect(port.lrange(ctx().key('missing'), 1.5, 2)).rejects.toThrow(NOT_INTEGER);
      // Indexes are signed 64-bit: -2^63 is one, 2^63 is not.
      expect(await port.lrange(ctx().key('missing'), -(2 ** 63), 2 ** 62)).toEqual([]);
      await expect(port.lrange(ctx().key('missing'), 0, 2 ** 63)).rejects.toThrow(NOT_INTEGER);
      await expect(port.lrange(await streamKey('s'), 0, -1)).rejects.toThrow(WRONGTYPE);
    });
  });

  describe('LREM', () => {
    it('§3.1 removes count matches from the head (> 0), the tail (< 0) or all (0)', async () => {
      const { port } = ctx();
      const [head, tail] = [ctx().key('head'), ctx().key('tail')];
      const values = ['x', 'a', 'x', 'b', 'x', 'c', 'x'];
      await port.rpush(head, values);
      await port.rpush(tail, values);
      expect(await port.lrem(head, 2, 'x')).toBe(2);
      expect(await port.lrange(head, 0, -1)).toEqual(['a', 'b', 'x', 'c', 'x']);
      expect(await port.lrem(tail, -3, 'x')).toBe(3);
      expect(await port.lrange(tail, 0, -1)).toEqual(['x', 'a', 'b', 'c']);
      expect(await port.lrem(tail, 0, 'x')).toBe(1);
      expect(await port.lrem(tail, 0, 'absent')).toBe(0);
    });

    it('§3.1 a missing key is 0; emptying the list deletes it; errors', async () => {
      const { port } = ctx();
      const k = ctx().key('k');
      expect(await port.lrem(k, 0, 'x')).toBe(0);
      await port.rpush(k, ['x', 'x']);
      expect(await port.lrem(k, 0, 'x')).toBe(2);
      expect(await port.exists([k])).toBe(0);
      await expect(port.lrem(k, 1.5, 'x')).rejects.toThrow(NOT_INTEGER);
      await expect(port.lrem(await streamKey('s'), 0, 'x')).rejects.toThrow(WRONGTYPE);
    });
  });

  describe('LMOVE', () => {
    it('§3.2 moves one element between any two ends, creating the destination', async () => {
      const { port } = ctx();
      const cases: Array<[ListEnd, ListEnd, string, string[]]> = [
        ['LEFT', 'LEFT', 'a', ['a', 'x']],
        ['LEFT', 'RIGHT', 'a', ['x', 'a']],
        ['RIGHT', 'LEFT', 'c', ['c', 'x']],
        ['RIGHT', 'RIGHT', 'c', ['x', 'c']],
      ];
      for (const [from, to, moved, destination] of cases) {
        const [src, dst] = [ctx().key(`src${from}${to}`), ctx().key(`dst${from}${to}`)];
        await port.rpush(src, ['a', 'b', 'c']);
        await port.rpush(dst, ['x']);
        expect(await port.lmove(src, dst, from, to)).toBe(moved);
        expect(await port.lrange(dst, 0, -1)).toEqual(destination);
      }
      const [single, created] = [ctx().key('single'), ctx().key('created')];
      await port.rpush(single, ['z']);
      expect(await port.lmove(single, created, 'LEFT', 'LEFT')).toBe('z');
      expect(await port.exists([single])).toBe(0);
      expect(await port.lrange(created, 0, -1)).toEqual(['z']);
    });

    it('§3.2 a list moved onto itself rotates', async () => {
      const { port } = ctx();
      const l = ctx().key('l');
      await port.rpush(l, ['a', 'b', 'c']);
      expect(await port.lmove(l, l, 'LEFT', 'RIGHT')).toBe('a');
      expect(await port.lrange(l, 0, -1)).toEqual(['b', 'c', 'a']);
    });

    it('§3.2 a missing source is null, even when the destination has the wrong type', async () => {
      const { port } = ctx();
      const s = await streamKey('s');
      expect(await port.lmove(ctx().key('missing'), s, 'LEFT', 'RIGHT')).toBeNull();
    });

    it('§3.2 a wrong-typed destination is WRONGTYPE and nothing is popped', async () => {
      const { port } = ctx();
      const [src, s] = [ctx().key('src'), await streamKey('s')];
      await port.rpush(src, ['a', 'b']);
      await expect(port.lmove(src, s, 'LEFT', 'RIGHT')).rejects.toThrow(WRONGTYPE);
      await expect(port.lmove(s, src, 'LEFT', 'RIGHT')).rejects.toThrow(WRONGTYPE);
      expect(await port.lrange(src, 0, -1)).toEqual(['a', 'b']);
    });

    it('§3.2 a direction other than LEFT / RIGHT is a syntax error', async () => {
      const { port } = ctx();
      const src = ctx().key('src');
      await port.rpush(src, ['a']);
      const up = 'UP' as ListEnd;
      await expect(port.lmove(src, ctx().key('dst'), up, 'LEFT')).rejects.toThrow(
        'ERR syntax error',
      );
      expect(await port.llen(src)).toBe(1);
    });
  });
});

describeConformance('lists in a cluster', 'cluster', (ctx) => {
  // `{a}` and `{b}` hash to slots 15495 and 3300; `{t}` keys share one slot.
  it('§2.7 BLPOP / BRPOP on keys of different slots is CROSSSLOT', async () => {
    const { port } = ctx();
    const [a, b] = [ctx().key('{a}k'), ctx().key('{b}k')];
    await port.rpush(a, ['1']);
    await expect(port.blpop([a, b], 0)).rejects.toThrow(CROSSSLOT);
    await expect(port.brpop([a, b], 0.05)).rejects.toThrow(CROSSSLOT);
    expect(await port.llen(a)).toBe(1);
  });

  it('§2.7 LMOVE / BLMOVE between different slots is CROSSSLOT', async () => {
    const { port } = ctx();
    const [a, b] = [ctx().key('{a}k'), ctx().key('{b}k')];
    await port.rpush(a, ['1']);
    await expect(port.lmove(a, b, 'LEFT', 'LEFT')).rejects.toThrow(CROSSSLOT);
    await expect(port.blmove(a, b, 'LEFT', 'LEFT', 0)).rejects.toThrow(CROSSSLOT);
    expect(await port.llen(a)).toBe(1);
  });

  it('§2.7 keys sharing a {tag} work, blocking included', async () => {
    const { port } = ctx();
    const [a, b, c] = [ctx().key('{t}a'), ctx().key('{t}b'), ctx().key('{t}c')];
    await port.rpush(b, ['1', '2']);
    expect(await port.blpop([a, b], 0)).toEqual([b, '1']);
    expect(await port.lmove(b, a, 'LEFT', 'RIGHT')).toBe('2');
    expect(await port.blmove(a, c, 'LEFT', 'LEFT', 0)).toBe('2');
    const pop = port.brpop([a, b], 0);
    await waitUntilBlocked(port, 1);
    await port.lmove(c, b, 'LEFT', 'LEFT');
    expect(await pop).toEqual([b, '2']);
  });

  it('§2.7 §3.4 blocked list calls on keys of several slots are served, aborted and time out', async () => {
    const { port } = ctx();
    // {a}, {b}, {c}: slots 15495, 3300 and 7365, one on each master of a 3-master cluster.
    const [a, b, c] = [ctx().key('{a}q'), ctx().key('{b}q'), ctx().key('{c}q')];
    const abort = new AbortController();
    const served = port.blpop([a], 0);
    const aborted = port.blmove(b, ctx().key('{b}dst'), 'LEFT', 'LEFT', 0, {
      signal: abort.signal,
    });
    const timedOut = port.brpop([c], 0.05);
    await waitUntilBlocked(port, 3);
    abort.abort();
    expect(await aborted).toBeNull();
    await port.rpush(a, ['1']);
    expect(await served).toEqual([a, '1']);
    await ctx().elapse(100);
    expect(await timedOut).toBeNull();
    await port.rpush(b, ['x']);
    await port.rpush(c, ['y']);
    expect([await port.llen(b), await port.llen(c)]).toEqual([1, 1]);
  });
});
