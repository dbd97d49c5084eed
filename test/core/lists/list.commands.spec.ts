import { createLists, replyError, WRONGTYPE } from './list-fixture';

const OUT_OF_RANGE = 'ERR value is out of range, must be positive';
const NOT_INTEGER = 'ERR value is not an integer or out of range';

describe('list commands (redis-semantics.md §3.1)', () => {
  it('§3.1 LPUSH pushes the elements one by one to the head and answers the length', () => {
    const { lists, contents } = createLists();
    expect(lists.lpush('k', ['a', 'b', 'c'])).toBe(3);
    expect(contents('k')).toEqual(['c', 'b', 'a']);
    expect(lists.lpush('k', ['d'])).toBe(4);
    expect(contents('k')).toEqual(['d', 'c', 'b', 'a']);
  });

  it('§3.1 RPUSH pushes to the tail and answers the length', () => {
    const { lists, contents } = createLists();
    expect(lists.rpush('k', ['a', 'b'])).toBe(2);
    expect(lists.rpush('k', ['c'])).toBe(3);
    expect(contents('k')).toEqual(['a', 'b', 'c']);
  });

  it('§1 LPUSH / RPUSH without elements is an arity error', () => {
    const { lists, ctx } = createLists();
    expect(replyError(() => lists.lpush('k', []))).toBe(
      "ERR wrong number of arguments for 'lpush' command",
    );
    expect(replyError(() => lists.rpush('k', []))).toBe(
      "ERR wrong number of arguments for 'rpush' command",
    );
    expect(ctx.keyspace.has('k')).toBe(false);
  });

  it('§3.1 LPOP / RPOP answer the end element, null for a missing key', () => {
    const { lists } = createLists();
    lists.rpush('k', ['a', 'b', 'c']);
    expect(lists.lpop('k')).toBe('a');
    expect(lists.rpop('k')).toBe('c');
    expect(lists.lpop('missing')).toBeNull();
    expect(lists.rpop('missing')).toBeNull();
  });

  it('§1 a list is deleted when its last element is popped', () => {
    const { lists, ctx } = createLists();
    lists.rpush('k', ['a']);
    expect(lists.rpop('k')).toBe('a');
    expect(ctx.keyspace.has('k')).toBe(false);
    expect(lists.lpop('k')).toBeNull();
  });

  it('§3.1 LPOP / RPOP with a count answer up to count elements, from their own end', () => {
    const { lists, ctx } = createLists();
    lists.rpush('k', ['a', 'b', 'c', 'd', 'e']);
    expect(lists.lpopCount('k', 2)).toEqual(['a', 'b']);
    expect(lists.rpopCount('k', 2)).toEqual(['e', 'd']);
    expect(lists.lpopCount('k', 10)).toEqual(['c']);
    expect(ctx.keyspace.has('k')).toBe(false);
  });

  it('§3.1 a count of 0 answers [] on an existing key and null on a missing one', () => {
    const { lists, contents } = createLists();
    lists.rpush('k', ['a']);
    expect(lists.lpopCount('k', 0)).toEqual([]);
    expect(lists.rpopCount('k', 0)).toEqual([]);
    expect(contents('k')).toEqual(['a']);
    expect(lists.lpopCount('missing', 0)).toBeNull();
    expect(lists.lpopCount('missing', 3)).toBeNull();
    expect(lists.rpopCount('missing', 3)).toBeNull();
  });

  it('§3.1 a negative or non-integer count is "out of range", checked before the key', () => {
    const { lists, setStream } = createLists();
    setStream('s');
    for (const count of [-1, 1.5, Number.NaN, Infinity, 2 ** 63]) {
      expect(replyError(() => lists.lpopCount('missing', count))).toBe(OUT_OF_RANGE);
      expect(replyError(() => lists.rpopCount('s', count))).toBe(OUT_OF_RANGE);
    }
    expect(replyError(() => lists.lpopCount('s', 0))).toBe(WRONGTYPE);
  });

  it('§3.1 LLEN answers the length, 0 for a missing key', () => {
    const { lists } = createLists();
    lists.rpush('k', ['a', 'b']);
    expect(lists.llen('k')).toBe(2);
    expect(lists.llen('missing')).toBe(0);
  });

  it.each([
    [1, -2, ['1', '2', '3', '4']],
    [-3, -1, ['3', '4', '5']],
    [5, 100, ['5']],
    [-100, 2, ['0', '1', '2']],
    [3, 1, []],
    [-1, -3, []],
    [6, 10, []],
    [0, -1, ['0', '1', '2', '3', '4', '5']],
    [-(2 ** 63), 2 ** 62, ['0', '1', '2', '3', '4', '5']],
  ])('§3.1 LRANGE %p %p on 0..5', (start, stop, expected) => {
    const { lists } = createLists();
    lists.rpush('k', ['0', '1', '2', '3', '4', '5']);
    expect(lists.lrange('k', start, stop)).toEqual(expected);
  });

  it('§3.1 LRANGE of a missing key is []; a non-integer index is an error, checked first', () => {
    const { lists, setStream } = createLists();
    setStream('s');
    expect(lists.lrange('missing', 0, -1)).toEqual([]);
    expect(replyError(() => lists.lrange('missing', 1.5, 2))).toBe(NOT_INTEGER);
    expect(replyError(() => lists.lrange('s', 0, Number.NaN))).toBe(NOT_INTEGER);
    expect(replyError(() => lists.lrange('s', 0, 2 ** 63))).toBe(NOT_INTEGER);
    expect(replyError(() => lists.lrange('s', -(2 ** 63) - 2048, 0))).toBe(NOT_INTEGER);
    expect(replyError(() => lists.lrange('s', 0, 1))).toBe(WRONGTYPE);
  });

  it('§3.1 LREM removes count matches from the head (> 0), the tail (< 0) or all (0)', () => {
    const { lists, contents } = createLists();
    const fill = () => lists.rpush('k', ['x', 'a', 'x', 'b', 'x', 'c', 'x']);
    fill();
    expect(lists.lrem('k', 2, 'x')).toBe(2);
    expect(contents('k')).toEqual(['a', 'b', 'x', 'c', 'x']);
    lists.lpopCount('k', 10);
    fill();
    expect(lists.lrem('k', -3, 'x')).toBe(3);
    expect(contents('k')).toEqual(['x', 'a', 'b', 'c']);
    expect(lists.lrem('k', 0, 'x')).toBe(1);
    expect(contents('k')).toEqual(['a', 'b', 'c']);
    expect(lists.lrem('k', 0, 'nothing')).toBe(0);
  });

  it('§3.1 LREM on a missing key is 0; emptying the list deletes it; count must be an integer', () => {
    const { lists, ctx } = createLists();
    expect(lists.lrem('missing', 0, 'x')).toBe(0);
    lists.rpush('k', ['x', 'x']);
    expect(lists.lrem('k', 0, 'x')).toBe(2);
    expect(ctx.keyspace.has('k')).toBe(false);
    expect(replyError(() => lists.lrem('k', 1.5, 'x'))).toBe(NOT_INTEGER);
  });

  it('§1 every list command on a stream key answers WRONGTYPE and changes nothing', () => {
    const { lists, setStream, ctx } = createLists();
    setStream('s');
    const calls: Array<() => unknown> = [
      () => lists.lpush('s', ['a']),
      () => lists.rpush('s', ['a']),
      () => lists.lpop('s'),
      () => lists.rpop('s'),
      () => lists.lpopCount('s', 1),
      () => lists.rpopCount('s', 1),
      () => lists.llen('s'),
      () => lists.lrange('s', 0, -1),
      () => lists.lrem('s', 0, 'a'),
      () => lists.lmove('s', 'd', 'LEFT', 'RIGHT'),
    ];
    for (const call of calls) expect(replyError(call)).toBe(WRONGTYPE);
    expect(ctx.keyspace.typeOf('s')).toBe('stream');
    expect(ctx.keyspace.has('d')).toBe(false);
  });
});

describe('LMOVE (redis-semantics.md §3.2)', () => {
  it.each([
    ['LEFT', 'LEFT', 'a', ['a', 'x']],
    ['LEFT', 'RIGHT', 'a', ['x', 'a']],
    ['RIGHT', 'LEFT', 'c', ['c', 'x']],
    ['RIGHT', 'RIGHT', 'c', ['x', 'c']],
  ] as const)('§3.2 LMOVE %s %s moves one element', (from, to, moved, destination) => {
    const { lists, contents } = createLists();
    lists.rpush('src', ['a', 'b', 'c']);
    lists.rpush('dst', ['x']);
    expect(lists.lmove('src', 'dst', from, to)).toBe(moved);
    expect(contents('dst')).toEqual(destination);
    expect(lists.llen('src')).toBe(2);
  });

  it('§3.2 LMOVE creates the destination and deletes an emptied source', () => {
    const { lists, ctx, contents } = createLists();
    lists.rpush('src', ['a']);
    expect(lists.lmove('src', 'dst', 'LEFT', 'LEFT')).toBe('a');
    expect(ctx.keyspace.has('src')).toBe(false);
    expect(contents('dst')).toEqual(['a']);
  });

  it('§3.2 LMOVE of a list onto itself rotates it', () => {
    const { lists, contents } = createLists();
    lists.rpush('l', ['a', 'b', 'c']);
    expect(lists.lmove('l', 'l', 'LEFT', 'RIGHT')).toBe('a');
    expect(contents('l')).toEqual(['b', 'c', 'a']);
    expect(lists.lmove('l', 'l', 'RIGHT', 'LEFT')).toBe('a');
    expect(contents('l')).toEqual(['a', 'b', 'c']);
    lists.rpush('one', ['x']);
    expect(lists.lmove('one', 'one', 'LEFT', 'RIGHT')).toBe('x');
    expect(contents('one')).toEqual(['x']);
  });

  it('§3.2 a missing source answers null, even when the destination has the wrong type', () => {
    const { lists, setStream } = createLists();
    setStream('s');
    expect(lists.lmove('missing', 's', 'LEFT', 'RIGHT')).toBeNull();
    expect(lists.lmove('missing', 'other', 'LEFT', 'RIGHT')).toBeNull();
  });

  it('§3.2 a wrong-typed destination is WRONGTYPE and nothing is popped', () => {
    const { lists, setStream, contents } = createLists();
    setStream('s');
    lists.rpush('src', ['a', 'b']);
    expect(replyError(() => lists.lmove('src', 's', 'LEFT', 'RIGHT'))).toBe(WRONGTYPE);
    expect(contents('src')).toEqual(['a', 'b']);
  });

  it('§3.2 a direction other than LEFT / RIGHT is a syntax error', () => {
    const { lists } = createLists();
    lists.rpush('src', ['a']);
    const bad = 'UP' as 'LEFT';
    expect(replyError(() => lists.lmove('src', 'dst', bad, 'LEFT'))).toBe('ERR syntax error');
    expect(replyError(() => lists.lmove('src', 'dst', 'LEFT', bad))).toBe('ERR syntax error');
    expect(lists.llen('src')).toBe(1);
  });
});
