import { ServeResult, type Waiter } from '../../../lib/core/blocking/blocking-registry';
import { createLists, flush, track, WRONGTYPE } from './list-fixture';

describe('waking blocked list clients (redis-semantics.md §3.4)', () => {
  it('§3.4.1 a client is served after the whole push, with the final head', async () => {
    const { lists, contents } = createLists();
    const pop = lists.blpop(['l'], 0);
    expect(lists.lpush('l', ['a', 'b', 'c'])).toBe(3);
    await expect(pop).resolves.toEqual(['l', 'c']);
    expect(contents('l')).toEqual(['b', 'a']);
  });

  it('§3.4.2 clients blocked on one key are served FIFO, one element each; the rest wait', async () => {
    const { lists, ctx } = createLists();
    const waiters = [1, 2, 3].map(() => track(lists.blpop(['k'], 0)));
    lists.rpush('k', ['a', 'b']);
    await flush();
    expect(waiters.map((w) => w.value)).toEqual([['k', 'a'], ['k', 'b'], undefined]);
    expect(waiters[2].state).toBe('pending');
    expect(ctx.keyspace.has('k')).toBe(false);
    lists.rpush('k', ['c']);
    await flush();
    expect(waiters[2].value).toEqual(['k', 'c']);
  });

  it('§3.4.3 the push answers the length before serving; the served client pops its own side', async () => {
    const { lists, contents } = createLists();
    const pop = lists.brpop(['list'], 0);
    expect(lists.lpush('list', ['foo', 'bar'])).toBe(2);
    await expect(pop).resolves.toEqual(['list', 'foo']);
    expect(contents('list')).toEqual(['bar']);
  });

  it('§3.4.3 BLPOP then BRPOP waiting on RPUSH q a b c get a and c; b stays', async () => {
    const { lists, contents } = createLists();
    const left = lists.blpop(['q'], 0);
    const right = lists.brpop(['q'], 0);
    expect(lists.rpush('q', ['a', 'b', 'c'])).toBe(3);
    await expect(left).resolves.toEqual(['q', 'a']);
    await expect(right).resolves.toEqual(['q', 'c']);
    expect(contents('q')).toEqual(['b']);
  });

  it.each([
    ['k2', 'k1', ['k2', 'x']],
    ['k1', 'k2', ['k1', 'x']],
  ])(
    '§3.4.4 a client on k1 k2 is served from the key made ready first (%s, then %s)',
    async (first, second, expected) => {
      // One RPUSH serves two BLMOVEs, which create `first` and then `second` in the same pass.
      const { lists, contents } = createLists();
      const multi = lists.blpop(['k1', 'k2'], 0);
      const moves = [
        lists.blmove('src', first, 'LEFT', 'LEFT', 0),
        lists.blmove('src', second, 'LEFT', 'LEFT', 0),
      ];
      lists.rpush('src', ['x', 'y']);
      await expect(multi).resolves.toEqual(expected);
      await expect(Promise.all(moves)).resolves.toEqual(['x', 'y']);
      expect(contents(first)).toEqual([]);
      expect(contents(second)).toEqual(['y']);
    },
  );

  it('§3.4.4 a client on several keys is served once and leaves every queue', async () => {
    const { lists, ctx, contents } = createLists();
    const multi = track(lists.blpop(['a', 'b'], 0));
    lists.rpush('b', ['1']);
    await flush();
    expect(multi.value).toEqual(['b', '1']);
    expect(ctx.blocking.count()).toBe(0);
    lists.rpush('a', ['2']);
    expect(contents('a')).toEqual(['2']);
  });

  it('§3.4.6 linked BLMOVEs: the element travels along the chain in one pass', async () => {
    const { lists, ctx, contents } = createLists();
    const first = lists.blmove('list1', 'list2', 'RIGHT', 'LEFT', 0);
    const second = lists.blmove('list2', 'list3', 'LEFT', 'RIGHT', 0);
    const last = lists.blpop(['list4', 'list3'], 0);
    expect(lists.rpush('list1', ['foo'])).toBe(1);
    await expect(Promise.all([first, second, last])).resolves.toEqual([
      'foo',
      'foo',
      ['list3', 'foo'],
    ]);
    for (const key of ['list1', 'list2', 'list3']) expect(ctx.keyspace.has(key)).toBe(false);
    expect(contents('list4')).toEqual([]);
  });

  it('§3.4.6 circular BLMOVEs: the element comes back to where it was pushed', async () => {
    const { lists, contents } = createLists();
    const there = lists.blmove('list1', 'list2', 'RIGHT', 'LEFT', 0);
    const back = lists.blmove('list2', 'list1', 'RIGHT', 'LEFT', 0);
    lists.rpush('list1', ['foo']);
    await expect(Promise.all([there, back])).resolves.toEqual(['foo', 'foo']);
    expect(contents('list1')).toEqual(['foo']);
    expect(contents('list2')).toEqual([]);
  });

  it('§3.4.6 a self-referential BLMOVE S S keeps the element, and serves a BLPOP behind it', async () => {
    const { lists, ctx, contents } = createLists();
    const rotate = lists.blmove('s', 's', 'RIGHT', 'LEFT', 0);
    expect(lists.rpush('s', ['foo'])).toBe(1);
    await expect(rotate).resolves.toBe('foo');
    expect(contents('s')).toEqual(['foo']);

    lists.lpop('s');
    const again = lists.blmove('s', 's', 'LEFT', 'RIGHT', 0);
    const pop = lists.blpop(['s'], 0);
    lists.rpush('s', ['bar']);
    await expect(Promise.all([again, pop])).resolves.toEqual(['bar', ['s', 'bar']]);
    expect(ctx.keyspace.has('s')).toBe(false);
  });

  it('§3.4.7 a woken BLMOVE with a wrong-typed destination gets WRONGTYPE; the next client gets the element', async () => {
    const { lists, setStream, contents } = createLists();
    const move = track(lists.blmove('blist', 'target', 'LEFT', 'LEFT', 0));
    const pop = track(lists.blpop(['blist'], 0));
    setStream('target');
    lists.rpush('blist', ['foo', 'bar']);
    await flush();
    expect(move).toEqual({ state: 'rejected', error: WRONGTYPE });
    expect(pop.value).toEqual(['blist', 'foo']);
    expect(contents('blist')).toEqual(['bar']);
  });

  it('§3.4.7 with no client behind it, the element stays in the source', async () => {
    const { lists, setStream, contents, ctx } = createLists();
    const move = track(lists.blmove('blist', 'target', 'RIGHT', 'LEFT', 0));
    setStream('target');
    lists.rpush('blist', ['foo']);
    await flush();
    expect(move.state).toBe('rejected');
    expect(contents('blist')).toEqual(['foo']);
    expect(ctx.blocking.count()).toBe(0);
  });

  it('§3.4.8 a client that pushes and then blocks does not jump the queue', async () => {
    const { lists } = createLists();
    const first = track(lists.blpop(['pl'], 0));
    expect(lists.lpush('pl', ['1'])).toBe(1);
    const second = track(lists.blpop(['pl'], 0));
    await flush();
    expect(first.value).toEqual(['pl', '1']);
    expect(second.state).toBe('pending');
  });

  it('§3.4.10 a list created by LMOVE wakes the clients blocked on it', async () => {
    const { lists } = createLists();
    const pop = lists.brpop(['dst'], 0);
    lists.rpush('src', ['a', 'b']);
    expect(lists.lmove('src', 'dst', 'RIGHT', 'LEFT')).toBe('b');
    await expect(pop).resolves.toEqual(['dst', 'b']);
  });

  it('§3.4.11 a client whose timeout fired is never served later', async () => {
    const { lists, ctx, contents } = createLists();
    const late = track(lists.blpop(['k'], 0.05));
    const patient = track(lists.blpop(['k'], 0));
    ctx.clock.advance(50);
    lists.rpush('k', ['a', 'b']);
    await flush();
    expect(late).toEqual({ state: 'resolved', value: null });
    expect(patient.value).toEqual(['k', 'a']);
    expect(contents('k')).toEqual(['b']);
  });

  it('§3.4.1 a key holding another type serves no list client; a stream reader behind them still is', async () => {
    const { lists, ctx, setStream } = createLists();
    const pop = track(lists.blpop(['k'], 0));
    const offered: string[] = [];
    const reader: Waiter = {
      keys: ['k'],
      tryServe: (key) => (offered.push(key), ServeResult.Served),
      expire: () => undefined,
    };
    ctx.blocking.block(reader, 0);
    setStream('k');
    ctx.blocking.signal('k');
    ctx.blocking.handleReady();
    await flush();
    expect(offered).toEqual(['k']);
    expect(pop.state).toBe('pending');
  });

  it('§3.4.2 10,000 clients blocked on one key are served FIFO, in linear time', async () => {
    const { lists, ctx } = createLists();
    const n = 10_000;
    const results: string[] = [];
    const pops = Array.from({ length: n }, () =>
      lists.blpop(['q'], 0).then((reply) => results.push(reply?.[1] ?? 'null')),
    );
    // Count key lookups: a pass that scanned every waiter on each push would be quadratic.
    let lookups = 0;
    const get = ctx.keyspace.get.bind(ctx.keyspace);
    ctx.keyspace.get = (key) => (lookups++, get(key));
    for (let i = 0; i < n / 2; i++) expect(lists.rpush('q', [`e${i}`])).toBe(1);
    lists.rpush(
      'q',
      Array.from({ length: n / 2 }, (_, i) => `e${n / 2 + i}`),
    );
    await Promise.all(pops);
    expect(results).toEqual(Array.from({ length: n }, (_, i) => `e${i}`));
    expect(lookups).toBeLessThan(4 * n);
    expect(ctx.keyspace.has('q')).toBe(false);
    expect(ctx.blocking.count()).toBe(0);
  });
});
