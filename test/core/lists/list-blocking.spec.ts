import type { CoreContext } from '../../../lib/core/core.context';
import { ListCommands } from '../../../lib/core/lists/list.commands';
import { BrokerReplyError, ReplyText } from '../../../lib/core/reply-error';
import { createTestContext } from '../core-context.fixture';
import { createLists, flush, track, WRONGTYPE } from './list-fixture';

const NEGATIVE = 'ERR timeout is negative';
const NOT_FLOAT = 'ERR timeout is not a float or out of range';

describe('blocking list commands: replies and argument errors (redis-semantics.md §3.3)', () => {
  it('§3.3 BLPOP / BRPOP answer at once from the first non-empty key in argument order', async () => {
    const { lists, ctx } = createLists();
    lists.rpush('k2', ['a', 'b']);
    lists.rpush('k3', ['c']);
    await expect(lists.blpop(['k1', 'k2', 'k3'], 0)).resolves.toEqual(['k2', 'a']);
    await expect(lists.brpop(['k3', 'k2'], 0)).resolves.toEqual(['k3', 'c']);
    expect(ctx.keyspace.has('k3')).toBe(false);
    expect(ctx.blocking.count()).toBe(0);
  });

  it('§3.3 a wrong-typed key before any non-empty list is WRONGTYPE, also when it would block', async () => {
    const { lists, setStream } = createLists();
    setStream('s');
    lists.rpush('a', ['1']);
    await expect(lists.blpop(['missing', 's', 'a'], 0)).rejects.toThrow(WRONGTYPE);
    await expect(lists.blpop(['missing', 's'], 0)).rejects.toThrow(WRONGTYPE);
    await expect(lists.brpop(['s'], 0)).rejects.toThrow(WRONGTYPE);
    expect(lists.llen('a')).toBe(1);
  });

  it('§3.3 a wrong-typed key after a non-empty list is not looked at', async () => {
    const { lists, setStream } = createLists();
    lists.rpush('a', ['1']);
    setStream('b');
    await expect(lists.blpop(['a', 'b'], 0)).resolves.toEqual(['a', '1']);
    await expect(lists.blpop(['a', 'b'], 0)).rejects.toThrow(WRONGTYPE);
  });

  it('§3.3 a blocked call answers null once its timeout passes', async () => {
    const { lists, ctx } = createLists();
    const pop = track(lists.blpop(['k'], 0.1));
    const move = track(lists.blmove('src', 'dst', 'LEFT', 'RIGHT', 0.05));
    ctx.clock.advance(49);
    await flush();
    expect([pop.state, move.state]).toEqual(['pending', 'pending']);
    ctx.clock.advance(1);
    await flush();
    expect(move).toEqual({ state: 'resolved', value: null });
    ctx.clock.advance(50);
    await flush();
    expect(pop).toEqual({ state: 'resolved', value: null });
    expect(ctx.blocking.count()).toBe(0);
  });

  it('§3.3 timeout 0 blocks forever; so does a small negative one, which rounds up to 0', async () => {
    const { lists, ctx } = createLists();
    const calls = [0, -0.0001, -0.0009].map((t) => track(lists.brpop(['k'], t)));
    ctx.clock.advance(365 * 24 * 3600 * 1000);
    await flush();
    expect(calls.map((c) => c.state)).toEqual(['pending', 'pending', 'pending']);
    expect(ctx.blocking.count('k')).toBe(3);
  });

  it('§3.3 a timeout under a millisecond rounds up to 1 ms', async () => {
    const { lists, ctx } = createLists();
    const pop = track(lists.blpop(['k'], 0.0001));
    ctx.clock.advance(1);
    await flush();
    expect(pop).toEqual({ state: 'resolved', value: null });
  });

  it('§3.3 a negative timeout is an error; so are ±Infinity, whose milliseconds do not fit', async () => {
    const { lists } = createLists();
    for (const timeout of [-1, -0.5, -0.0011, Infinity, -Infinity, 1e16]) {
      await expect(lists.blpop(['k'], timeout)).rejects.toThrow(NEGATIVE);
      await expect(lists.blmove('a', 'b', 'LEFT', 'LEFT', timeout)).rejects.toThrow(NEGATIVE);
    }
  });

  it('§3.3 a timeout that is not a number is "not a float"', async () => {
    const { lists } = createLists();
    await expect(lists.brpop(['k'], Number.NaN)).rejects.toThrow(NOT_FLOAT);
    await expect(lists.blmove('a', 'b', 'LEFT', 'LEFT', Number.NaN)).rejects.toThrow(NOT_FLOAT);
  });

  it('§3.3 the timeout is checked before the keys are looked at', async () => {
    const { lists, setStream } = createLists();
    setStream('s');
    lists.rpush('k', ['a']);
    await expect(lists.blpop(['k'], -1)).rejects.toThrow(NEGATIVE);
    await expect(lists.blpop(['s'], -1)).rejects.toThrow(NEGATIVE);
    expect(lists.llen('k')).toBe(1);
  });

  it('§1 BLPOP / BRPOP without keys are arity errors (rejected, not thrown)', async () => {
    const { lists } = createLists();
    await expect(lists.blpop([], 0)).rejects.toThrow(
      "ERR wrong number of arguments for 'blpop' command",
    );
    await expect(lists.brpop([], 0)).rejects.toThrow(
      "ERR wrong number of arguments for 'brpop' command",
    );
  });

  it('§3.3 BLMOVE with data is LMOVE: moves at once, WRONGTYPE destination pops nothing', async () => {
    const { lists, setStream, contents } = createLists();
    lists.rpush('src', ['a', 'b']);
    await expect(lists.blmove('src', 'dst', 'RIGHT', 'LEFT', 0)).resolves.toBe('b');
    expect(contents('dst')).toEqual(['b']);
    setStream('s');
    await expect(lists.blmove('src', 's', 'LEFT', 'LEFT', 0)).rejects.toThrow(WRONGTYPE);
    expect(contents('src')).toEqual(['a']);
    await expect(lists.blmove('s', 'dst', 'LEFT', 'LEFT', 0)).rejects.toThrow(WRONGTYPE);
    await expect(lists.blmove('src', 'dst', 'UP' as 'LEFT', 'LEFT', 0)).rejects.toThrow(
      'ERR syntax error',
    );
  });

  it('§3.4.7 BLMOVE on a missing source blocks even when the destination has the wrong type', async () => {
    const { lists, setStream, ctx } = createLists();
    setStream('s');
    const move = track(lists.blmove('src', 's', 'LEFT', 'LEFT', 0));
    await flush();
    expect(move.state).toBe('pending');
    expect(ctx.blocking.count('src')).toBe(1);
  });

  it('§3.4.9 aborting the signal ends the wait with null and leaves the queue', async () => {
    const { lists, ctx, contents } = createLists();
    const controller = new AbortController();
    const pop = track(lists.blpop(['k'], 0, { signal: controller.signal }));
    const move = track(lists.blmove('k', 'd', 'LEFT', 'LEFT', 0, { signal: controller.signal }));
    expect(ctx.blocking.count('k')).toBe(2);
    controller.abort();
    await flush();
    expect(pop).toEqual({ state: 'resolved', value: null });
    expect(move).toEqual({ state: 'resolved', value: null });
    expect(ctx.blocking.count()).toBe(0);
    lists.rpush('k', ['a']);
    expect(contents('k')).toEqual(['a']);
  });

  it('§3.4.9 an already-aborted signal answers null without blocking', async () => {
    const { lists, ctx } = createLists();
    await expect(lists.blpop(['k'], 0, { signal: AbortSignal.abort() })).resolves.toBeNull();
    expect(ctx.blocking.count()).toBe(0);
  });

  it('§2.7 in a cluster, multi-key calls whose keys span slots are CROSSSLOT', async () => {
    // A stand-in for the cluster's slot check: keys share a slot when they share a first letter.
    const checked: string[][] = [];
    const ctx: CoreContext = {
      ...createTestContext(),
      assertSameSlot(keys) {
        checked.push([...keys]);
        if (new Set(keys.map((k) => k[0])).size > 1)
          throw new BrokerReplyError(ReplyText.crossSlot);
      },
    };
    const lists = new ListCommands(ctx);
    lists.rpush('a1', ['x']);
    expect(() => lists.lmove('a1', 'b1', 'LEFT', 'LEFT')).toThrow(ReplyText.crossSlot);
    await expect(lists.blpop(['a1', 'b1'], 0)).rejects.toThrow(ReplyText.crossSlot);
    await expect(lists.brpop(['a1', 'b1'], -1)).rejects.toThrow(ReplyText.crossSlot);
    await expect(lists.blmove('a1', 'b1', 'LEFT', 'LEFT', 0)).rejects.toThrow(ReplyText.crossSlot);
    expect(lists.llen('a1')).toBe(1);
    await expect(lists.blpop(['a1', 'a2'], 0)).resolves.toEqual(['a1', 'x']);
    expect(checked).toContainEqual(['a1', 'a2']);
  });
});
