import { waitUntilBlocked } from './blocked-clients';
import { describeConformance } from './conformance';

// Blocking list commands: replies, errors and timeouts (redis-semantics.md §3.3), and how blocked
// clients are woken (§3.4). On Redis every blocked call runs on its own connection, so each case
// waits until the server has the client blocked before writing the data meant for it.

const WRONGTYPE = 'WRONGTYPE Operation against a key holding the wrong kind of value';

describeConformance('lists blocking', 'standalone', (ctx) => {
  /** A fresh key holding a stream, for the WRONGTYPE cases. */
  const streamKey = async (name: string): Promise<string> => {
    const key = ctx().key(name);
    await ctx().port.xadd(key, '*', ['f', 'v']);
    return key;
  };

  describe('BLPOP / BRPOP / BLMOVE without blocking', () => {
    it('§3.3 answer at once from the first non-empty key in argument order', async () => {
      const { port } = ctx();
      const [k1, k2, k3] = [ctx().key('k1'), ctx().key('k2'), ctx().key('k3')];
      await port.rpush(k2, ['a', 'b']);
      await port.rpush(k3, ['c']);
      expect(await port.blpop([k1, k2, k3], 0)).toEqual([k2, 'a']);
      expect(await port.brpop([k3, k2], 0)).toEqual([k3, 'c']);
      expect(await port.exists([k3])).toBe(0);
      expect(await port.blmove(k2, k1, 'LEFT', 'RIGHT', 0)).toBe('b');
      expect(await port.lrange(k1, 0, -1)).toEqual(['b']);
    });

    it('§3.3 WRONGTYPE for a stream reached before any data; one after the data is not looked at', async () => {
      const { port } = ctx();
      const [a, missing, s] = [ctx().key('a'), ctx().key('missing'), await streamKey('s')];
      await port.rpush(a, ['1']);
      await expect(port.blpop([missing, s, a], 0)).rejects.toThrow(WRONGTYPE);
      await expect(port.brpop([missing, s], 0)).rejects.toThrow(WRONGTYPE);
      expect(await port.blpop([a, s], 0)).toEqual([a, '1']);
      await expect(port.blpop([a, s], 0)).rejects.toThrow(WRONGTYPE);
    });

    it('§3.3 BLMOVE with data: WRONGTYPE destination pops nothing; stream source is WRONGTYPE', async () => {
      const { port } = ctx();
      const [src, s] = [ctx().key('src'), await streamKey('s')];
      await port.rpush(src, ['a']);
      await expect(port.blmove(src, s, 'LEFT', 'LEFT', 0)).rejects.toThrow(WRONGTYPE);
      await expect(port.blmove(s, src, 'LEFT', 'LEFT', 0)).rejects.toThrow(WRONGTYPE);
      expect(await port.lrange(src, 0, -1)).toEqual(['a']);
    });

    it('§3.3 timeout errors: negative (also ±Infinity on 7.0), NaN not a float; no keys: arity', async () => {
      const { port } = ctx();
      const [k, d] = [ctx().key('k'), ctx().key('d')];
      for (const timeout of [-1, Infinity, -Infinity]) {
        await expect(port.blpop([k], timeout)).rejects.toThrow('ERR timeout is negative');
        await expect(port.blmove(k, d, 'LEFT', 'LEFT', timeout)).rejects.toThrow(
          'ERR timeout is negative',
        );
      }
      await expect(port.brpop([k], Number.NaN)).rejects.toThrow(
        'ERR timeout is not a float or out of range',
      );
      await expect(port.blpop([], 0)).rejects.toThrow(
        "ERR wrong number of arguments for 'blpop' command",
      );
      await expect(port.brpop([], 0)).rejects.toThrow(
        "ERR wrong number of arguments for 'brpop' command",
      );
    });
  });

  describe('blocked clients', () => {
    it('§3.3 time out with null (BLPOP, BRPOP and BLMOVE); a timed-out client is never served (§3.4.11)', async () => {
      const { port } = ctx();
      const [k, d] = [ctx().key('k'), ctx().key('d')];
      const calls = [
        port.blpop([k], 0.05),
        port.brpop([k], 0.05),
        port.blmove(k, d, 'LEFT', 'LEFT', 0.05),
      ];
      await ctx().elapse(100);
      expect(await Promise.all(calls)).toEqual([null, null, null]);
      await port.rpush(k, ['a']);
      expect(await port.lrange(k, 0, -1)).toEqual(['a']);
    });

    it('§3.3 timeouts round up to whole ms: 0.0001 times out, -0.0001 waits until served', async () => {
      const { port } = ctx();
      const k = ctx().key('k');
      const short = port.blpop([k], 0.0001);
      await ctx().elapse(20);
      expect(await short).toBeNull();
      const forever = port.blpop([k], -0.0001);
      await waitUntilBlocked(port, 1);
      await ctx().elapse(20);
      await port.rpush(k, ['a']);
      expect(await forever).toEqual([k, 'a']);
    });

    it('§3.4.7 BLMOVE from a missing source blocks even when the destination has the wrong type', async () => {
      const { port } = ctx();
      const [src, s] = [ctx().key('src'), await streamKey('s')];
      const move = port.blmove(src, s, 'LEFT', 'LEFT', 0.05);
      await ctx().elapse(100);
      expect(await move).toBeNull();
    });

    it('§3.4.1 a client is served after the whole push, with the final head', async () => {
      const { port } = ctx();
      const l = ctx().key('l');
      const pop = port.blpop([l], 0);
      await waitUntilBlocked(port, 1);
      expect(await port.lpush(l, ['a', 'b', 'c'])).toBe(3);
      expect(await pop).toEqual([l, 'c']);
      expect(await port.lrange(l, 0, -1)).toEqual(['b', 'a']);
    });

    it('§3.4.9 aborting the signal ends the wait with null and takes nothing later', async () => {
      const { port } = ctx();
      const k = ctx().key('k');
      const controller = new AbortController();
      const pop = port.blpop([k], 0, { signal: controller.signal });
      await waitUntilBlocked(port, 1);
      controller.abort();
      expect(await pop).toBeNull();
      await port.rpush(k, ['a']);
      expect(await port.llen(k)).toBe(1);
    });

    it('§3.4.2 clients blocked on one key are served FIFO, one element each', async () => {
      const { port } = ctx();
      const k = ctx().key('k');
      const pops = [];
      for (let i = 1; i <= 3; i++) {
        pops.push(port.blpop([k], 0));
        await waitUntilBlocked(port, i);
      }
      expect(await port.rpush(k, ['a', 'b'])).toBe(2);
      expect(await Promise.all(pops.slice(0, 2))).toEqual([
        [k, 'a'],
        [k, 'b'],
      ]);
      expect(await port.exists([k])).toBe(0);
      await port.rpush(k, ['c']); // the third was still waiting
      expect(await pops[2]).toEqual([k, 'c']);
    });

    it('§3.4.3 the push answers the length before serving; each client pops its own side', async () => {
      const { port } = ctx();
      const [list, q] = [ctx().key('list'), ctx().key('q')];
      const right = port.brpop([list], 0);
      await waitUntilBlocked(port, 1);
      expect(await port.lpush(list, ['foo', 'bar'])).toBe(2);
      expect(await right).toEqual([list, 'foo']);
      expect(await port.lrange(list, 0, -1)).toEqual(['bar']);

      const head = port.blpop([q], 0);
      await waitUntilBlocked(port, 1);
      const tail = port.brpop([q], 0);
      await waitUntilBlocked(port, 2);
      expect(await port.rpush(q, ['a', 'b', 'c'])).toBe(3);
      expect(await Promise.all([head, tail])).toEqual([
        [q, 'a'],
        [q, 'c'],
      ]);
      expect(await port.lrange(q, 0, -1)).toEqual(['b']);
    });

    it('§3.4.4 a client on k1 k2 is served from the key made ready first', async () => {
      const { port } = ctx();
      const [k1, k2, src] = [ctx().key('k1'), ctx().key('k2'), ctx().key('src')];
      const multi = port.blpop([k1, k2], 0);
      await waitUntilBlocked(port, 1);
      // One RPUSH serves two BLMOVEs, which create k2 and then k1 in the same pass.
      const toK2 = port.blmove(src, k2, 'LEFT', 'LEFT', 0);
      await waitUntilBlocked(port, 2);
      const toK1 = port.blmove(src, k1, 'LEFT', 'LEFT', 0);
      await waitUntilBlocked(port, 3);
      await port.rpush(src, ['x', 'y']);
      expect(await Promise.all([multi, toK2, toK1])).toEqual([[k2, 'x'], 'x', 'y']);
      expect(await port.lrange(k1, 0, -1)).toEqual(['y']);
      expect(await port.exists([k2])).toBe(0);
    });

    it('§3.4.6 linked BLMOVEs pass the element along to a client BLPOP-ing the target', async () => {
      const { port } = ctx();
      const [l1, l2, l3] = [ctx().key('l1'), ctx().key('l2'), ctx().key('l3')];
      const first = port.blmove(l1, l2, 'RIGHT', 'LEFT', 0);
      await waitUntilBlocked(port, 1);
      const second = port.blmove(l2, l3, 'LEFT', 'RIGHT', 0);
      await waitUntilBlocked(port, 2);
      const last = port.blpop([l3], 0);
      await waitUntilBlocked(port, 3);
      expect(await port.rpush(l1, ['foo'])).toBe(1);
      expect(await Promise.all([first, second, last])).toEqual(['foo', 'foo', [l3, 'foo']]);
      expect(await port.exists([l1])).toBe(0);
      expect(await port.exists([l2])).toBe(0);
      expect(await port.exists([l3])).toBe(0);
    });

    it('§3.4.6 circular BLMOVEs bring the element back; BLMOVE S S keeps it', async () => {
      const { port } = ctx();
      const [l1, l2, s] = [ctx().key('l1'), ctx().key('l2'), ctx().key('s')];
      const there = port.blmove(l1, l2, 'RIGHT', 'LEFT', 0);
      await waitUntilBlocked(port, 1);
      const back = port.blmove(l2, l1, 'RIGHT', 'LEFT', 0);
      await waitUntilBlocked(port, 2);
      await port.rpush(l1, ['foo']);
      expect(await Promise.all([there, back])).toEqual(['foo', 'foo']);
      expect(await port.lrange(l1, 0, -1)).toEqual(['foo']);
      expect(await port.exists([l2])).toBe(0);

      const rotate = port.blmove(s, s, 'RIGHT', 'LEFT', 0);
      await waitUntilBlocked(port, 1);
      await port.rpush(s, ['bar']);
      expect(await rotate).toBe('bar');
      expect(await port.lrange(s, 0, -1)).toEqual(['bar']);
    });

    it('§3.4.7 a woken BLMOVE with a wrong-typed destination gets WRONGTYPE; the next client gets the element', async () => {
      const { port } = ctx();
      const [blist, target] = [ctx().key('blist'), await streamKey('target')];
      const move = port.blmove(blist, target, 'LEFT', 'LEFT', 0);
      const moved = move.catch((error: Error) => error.message);
      await waitUntilBlocked(port, 1);
      const pop = port.blpop([blist], 0);
      await waitUntilBlocked(port, 2);
      await port.rpush(blist, ['foo', 'bar']);
      expect(await moved).toBe(WRONGTYPE);
      expect(await pop).toEqual([blist, 'foo']);
      expect(await port.lrange(blist, 0, -1)).toEqual(['bar']);
    });

    it('§3.4.2 FIFO holds across BLMOVE, BRPOP and BLPOP waiters of one key', async () => {
      const { port } = ctx();
      const [k, d] = [ctx().key('k'), ctx().key('d')];
      const move = port.blmove(k, d, 'LEFT', 'RIGHT', 0);
      await waitUntilBlocked(port, 1);
      const tail = port.brpop([k], 0);
      await waitUntilBlocked(port, 2);
      const head = port.blpop([k], 0);
      await waitUntilBlocked(port, 3);
      expect(await port.rpush(k, ['a', 'b', 'c', 'd'])).toBe(4);
      expect(await Promise.all([move, tail, head])).toEqual(['a', [k, 'd'], [k, 'b']]);
      expect(await port.lrange(k, 0, -1)).toEqual(['c']);
      expect(await port.lrange(d, 0, -1)).toEqual(['a']);
    });

    it('§3.4.8 a client that blocks while others wait never jumps the queue', async () => {
      const { port } = ctx();
      const k = ctx().key('k');
      const first = port.blpop([k], 0);
      await waitUntilBlocked(port, 1);
      // Push and a new BLPOP at once: whichever reaches the server first, the waiter is served.
      const [length, newcomer] = [port.rpush(k, ['1']), port.blpop([k], 0)];
      expect(await length).toBe(1);
      expect(await first).toEqual([k, '1']);
      await waitUntilBlocked(port, 1);
      await port.rpush(k, ['2']);
      expect(await newcomer).toEqual([k, '2']);
    });

    it('§3.4.9 §3.4.11 aborted and timed-out clients leave the queue; the ones behind are served in order', async () => {
      const { port } = ctx();
      const [k, d] = [ctx().key('k'), ctx().key('d')];
      const abort = new AbortController();
      const first = port.blpop([k], 0);
      await waitUntilBlocked(port, 1);
      const aborted = port.blmove(k, d, 'LEFT', 'LEFT', 0, { signal: abort.signal });
      await waitUntilBlocked(port, 2);
      const timedOut = port.brpop([k], 0.05);
      await waitUntilBlocked(port, 3);
      const last = port.brpop([k], 0);
      await waitUntilBlocked(port, 4);
      abort.abort();
      expect(await aborted).toBeNull();
      await ctx().elapse(100);
      expect(await timedOut).toBeNull();
      await port.rpush(k, ['x', 'y', 'z']);
      expect(await Promise.all([first, last])).toEqual([
        [k, 'x'],
        [k, 'z'],
      ]);
      expect(await port.lrange(k, 0, -1)).toEqual(['y']);
      expect(await port.exists([d])).toBe(0);
    });

    it('§3.4.2 a client naming one key twice is served once', async () => {
      const { port } = ctx();
      const k = ctx().key('k');
      const pop = port.blpop([k, k], 0);
      await waitUntilBlocked(port, 1);
      await port.rpush(k, ['a', 'b']);
      expect(await pop).toEqual([k, 'a']);
      expect(await port.lrange(k, 0, -1)).toEqual(['b']);
    });

    it('§3.4.1 a stream written at the key does not wake a list waiter; a list made there later does', async () => {
      const { port } = ctx();
      const k = ctx().key('k');
      const pop = port.blpop([k], 0);
      await waitUntilBlocked(port, 1);
      await port.xadd(k, '1-0', ['f', 'v']);
      await port.del([k]);
      await port.rpush(k, ['b']);
      expect(await pop).toEqual([k, 'b']);
    });

    it('§3.4.10 a list created by LMOVE wakes the client blocked on it', async () => {
      const { port } = ctx();
      const [src, dst] = [ctx().key('src'), ctx().key('dst')];
      const pop = port.brpop([dst], 0);
      await waitUntilBlocked(port, 1);
      await port.rpush(src, ['a', 'b']);
      expect(await port.lmove(src, dst, 'RIGHT', 'LEFT')).toBe('b');
      expect(await pop).toEqual([dst, 'b']);
    });
  });
});
