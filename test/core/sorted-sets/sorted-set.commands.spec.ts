import { createSortedSets, replyError, WRONGTYPE } from './sorted-set-fixture';

// Replies and errors checked against redis-server 7.0.15 with redis-cli (the conformance suite
// runs the same cases on both backends).

describe('ZADD', () => {
  it('answers the number of new members; a re-scored member counts 0', () => {
    const { zsets, contents } = createSortedSets();
    expect(
      zsets.zadd('z', [
        ['a', 1],
        ['b', 2],
      ]),
    ).toBe(2);
    expect(
      zsets.zadd('z', [
        ['a', 5],
        ['c', 3],
      ]),
    ).toBe(1);
    expect(zsets.zadd('z', [['c', 3]])).toBe(0);
    expect(contents('z')).toEqual([
      ['b', 2],
      ['c', 3],
      ['a', 5],
    ]);
  });

  it('a member given twice in one call is added once, with the last score', () => {
    const { zsets } = createSortedSets();
    expect(
      zsets.zadd('z', [
        ['x', 1],
        ['x', 2],
      ]),
    ).toBe(1);
    expect(zsets.zscore('z', 'x')).toBe(2);
  });

  it('takes ±Infinity and the extremes of a double; -0 is stored as 0', () => {
    const { zsets, contents } = createSortedSets();
    zsets.zadd('z', [
      ['top', Infinity],
      ['bottom', -Infinity],
      ['tiny', 5e-324],
      ['huge', Number.MAX_VALUE],
      ['zero', -0],
    ]);
    expect(contents('z')).toEqual([
      ['bottom', -Infinity],
      ['zero', 0],
      ['tiny', 5e-324],
      ['huge', Number.MAX_VALUE],
      ['top', Infinity],
    ]);
    expect(Object.is(zsets.zscore('z', 'zero'), 0)).toBe(true);
  });

  it('NaN is "not a valid float", checked before the type and before anything is added', () => {
    const { zsets, setList, ctx } = createSortedSets();
    expect(
      replyError(() =>
        zsets.zadd('z', [
          ['a', 1],
          ['b', NaN],
        ]),
      ),
    ).toBe('ERR value is not a valid float');
    expect(ctx.keyspace.has('z')).toBe(false);
    setList('l');
    expect(replyError(() => zsets.zadd('l', [['a', NaN]]))).toBe('ERR value is not a valid float');
    expect(replyError(() => zsets.zadd('l', [['a', 1]]))).toBe(WRONGTYPE);
  });

  it('without members is an arity error', () => {
    const { zsets } = createSortedSets();
    expect(replyError(() => zsets.zadd('z', []))).toBe(
      "ERR wrong number of arguments for 'zadd' command",
    );
  });
});

describe('ZREM / ZCARD / ZSCORE', () => {
  it('ZREM answers how many were removed and deletes the emptied key', () => {
    const { zsets, ctx } = createSortedSets();
    zsets.zadd('z', [
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ]);
    expect(zsets.zrem('z', ['a', 'nope', 'a'])).toBe(1);
    expect(zsets.zcard('z')).toBe(2);
    expect(zsets.zrem('z', ['b', 'c'])).toBe(2);
    expect(ctx.keyspace.has('z')).toBe(false);
    expect(zsets.zrem('z', ['b'])).toBe(0);
  });

  it('a missing key has no members and no scores', () => {
    const { zsets } = createSortedSets();
    expect(zsets.zcard('missing')).toBe(0);
    expect(zsets.zscore('missing', 'a')).toBeNull();
    zsets.zadd('z', [['a', 1]]);
    expect(zsets.zscore('z', 'b')).toBeNull();
  });

  it('ZREM without members is an arity error; every command is WRONGTYPE on a list', () => {
    const { zsets, setList } = createSortedSets();
    expect(replyError(() => zsets.zrem('z', []))).toBe(
      "ERR wrong number of arguments for 'zrem' command",
    );
    setList('l');
    expect(replyError(() => zsets.zrem('l', ['a']))).toBe(WRONGTYPE);
    expect(replyError(() => zsets.zcard('l'))).toBe(WRONGTYPE);
    expect(replyError(() => zsets.zscore('l', 'a'))).toBe(WRONGTYPE);
    expect(replyError(() => zsets.zrangeByScore('l', 0, 1))).toBe(WRONGTYPE);
  });
});

describe('ZRANGE BYSCORE', () => {
  const fill = () => {
    const fixture = createSortedSets();
    fixture.zsets.zadd('z', [
      ['b', 1],
      ['a', 1],
      ['B', 1],
      ['c', 2],
      ['d', 3],
    ]);
    return fixture;
  };

  it('inclusive bounds; equal scores in member byte order (upper case first)', () => {
    const { zsets } = fill();
    expect(zsets.zrangeByScore('z', 1, 2)).toEqual([
      ['B', 1],
      ['a', 1],
      ['b', 1],
      ['c', 2],
    ]);
    expect(zsets.zrangeByScore('z', 2.5, Infinity)).toEqual([['d', 3]]);
    expect(zsets.zrangeByScore('z', 3, 1)).toEqual([]);
    expect(zsets.zrangeByScore('missing', -Infinity, Infinity)).toEqual([]);
  });

  it('orders members by UTF-8 bytes, also beyond the Basic Multilingual Plane', () => {
    const { zsets } = createSortedSets();
    // UTF-16 puts U+FFFD after the surrogate pair of U+1F600; UTF-8 (Redis) puts it before.
    zsets.zadd('z', [
      ['\u{1F600}', 0],
      ['\uFFFD', 0],
      ['é', 0],
      ['z', 0],
    ]);
    expect(zsets.zrangeByScore('z', 0, 0).map(([m]) => m)).toEqual([
      'z',
      'é',
      '\uFFFD',
      '\u{1F600}',
    ]);
  });

  it('LIMIT: offset skips, count caps; negative count = the rest, 0 or a negative offset = none', () => {
    const { zsets } = fill();
    const all = -Infinity;
    expect(zsets.zrangeByScore('z', all, Infinity, { offset: 1, count: 2 })).toEqual([
      ['a', 1],
      ['b', 1],
    ]);
    expect(zsets.zrangeByScore('z', all, Infinity, { offset: 3 })).toEqual([
      ['c', 2],
      ['d', 3],
    ]);
    expect(zsets.zrangeByScore('z', all, Infinity, { count: 1 })).toEqual([['B', 1]]);
    expect(zsets.zrangeByScore('z', all, Infinity, { offset: 0, count: -5 })).toHaveLength(5);
    expect(zsets.zrangeByScore('z', all, Infinity, { offset: 0, count: 0 })).toEqual([]);
    expect(zsets.zrangeByScore('z', all, Infinity, { offset: -1, count: 2 })).toEqual([]);
    expect(zsets.zrangeByScore('z', all, Infinity, { offset: 10, count: 2 })).toEqual([]);
    expect(zsets.zrangeByScore('z', 2, 2, { offset: 1 })).toEqual([]);
  });

  it('errors in Redis order: LIMIT integers, then the bounds, then the type', () => {
    const { zsets, setList } = fill();
    setList('l');
    const notInteger = 'ERR value is not an integer or out of range';
    const notFloat = 'ERR min or max is not a float';
    expect(replyError(() => zsets.zrangeByScore('l', NaN, 1, { offset: 1.5 }))).toBe(notInteger);
    expect(replyError(() => zsets.zrangeByScore('z', 0, 1, { count: 2 ** 63 }))).toBe(notInteger);
    expect(replyError(() => zsets.zrangeByScore('l', NaN, 1))).toBe(notFloat);
    expect(replyError(() => zsets.zrangeByScore('z', 0, NaN))).toBe(notFloat);
    expect(zsets.zrangeByScore('z', 0, 1, { offset: 2 ** 62 })).toEqual([]);
  });
});
