import type { BrokerPort } from '../../lib/port/broker.port';
import { waitUntilBlocked } from './blocked-clients';
import { describeConformance } from './conformance';

// Blocking timeouts at their edges (redis-semantics.md §3.3, §5.5), each call made on a port of its
// own: on Redis a fresh port's first blocking call waits for its pooled connection to connect,
// which is where a local timer used to end calls early.

describeConformance('blocking timeouts', 'all', (ctx) => {
  describe('timeouts beyond 2^31−1 ms', () => {
    it('§3.3 BLPOP of 30 days and BRPOP of 2147484 s block until served', async () => {
      const port = ctx().openPort();
      const [a, b] = [ctx().key('a'), ctx().key('b')];
      const popped = port.blpop([a], 2_592_000);
      const rpopped = port.brpop([b], 2_147_484);
      await waitUntilBlocked(port, 2);
      await port.rpush(a, ['x']);
      await port.rpush(b, ['y']);
      expect(await popped).toEqual([a, 'x']);
      expect(await rpopped).toEqual([b, 'y']);
    });

    it('§3.3 BLMOVE of 30 days blocks until served', async () => {
      const port = ctx().openPort();
      const [src, dst] = [ctx().key('{t}src'), ctx().key('{t}dst')];
      const moved = port.blmove(src, dst, 'LEFT', 'RIGHT', 2_592_000);
      await waitUntilBlocked(port, 1);
      await port.rpush(src, ['x']);
      expect(await moved).toBe('x');
    });

    it('§5.5 XREAD and XREADGROUP with BLOCK 2592000000 block until served', async () => {
      const port = ctx().openPort();
      const [s, g] = [ctx().key('s'), ctx().key('g')];
      await port.xgroupCreate(g, 'grp', '$', { mkStream: true });
      const read = port.xread([{ key: s, id: '$' }], { blockMs: 2_592_000_000 });
      const grouped = port.xreadgroup('grp', 'c', [{ key: g, id: '>' }], {
        blockMs: 2_592_000_000,
      });
      await waitUntilBlocked(port, 2);
      const id = await port.xadd(s, '*', ['f', 'v']);
      const gid = await port.xadd(g, '*', ['f', 'w']);
      expect(await read).toEqual([[s, [{ id, fields: ['f', 'v'] }]]]);
      expect(await grouped).toEqual([[g, [{ id: gid, fields: ['f', 'w'] }]]]);
    });

    it('§3.3 a timeout whose milliseconds do not fit 64 bits is refused as negative (7.0)', async () => {
      // 2^55 s ≈ Redis's own test value 0x7FFFFFFFFFFFFF (not exact in a double).
      for (const timeout of [2 ** 55, Infinity]) {
        const port = ctx().openPort();
        const k = ctx().key('k');
        await expect(port.blpop([k], timeout)).rejects.toThrow('ERR timeout is negative');
      }
    });
  });

  describe('short timeouts where data is there', () => {
    it('§3.3 BLPOP, BRPOP and BLMOVE of 1 ms answer from a non-empty key', async () => {
      const filled = async (name: string): Promise<[BrokerPort, string]> => {
        const port = ctx().openPort();
        const k = ctx().key(`{t}${name}`);
        await port.rpush(k, ['x', 'y', 'z']);
        return [port, k];
      };
      const [one, k1] = await filled('k1');
      expect(await one.blpop([k1], 0.001)).toEqual([k1, 'x']);
      const [two, k2] = await filled('k2');
      expect(await two.brpop([k2], 0.001)).toEqual([k2, 'z']);
      const [three, k3] = await filled('k3');
      expect(await three.blmove(k3, ctx().key('{t}d'), 'LEFT', 'LEFT', 0.001)).toBe('x');
    });

    it('§5.5 XREAD and XREADGROUP with BLOCK 1 answer from a stream with entries', async () => {
      let port = ctx().openPort();
      const s = ctx().key('s');
      const id = await port.xadd(s, '*', ['f', 'v']);
      expect(await port.xread([{ key: s, id: '0' }], { blockMs: 1 })).toEqual([
        [s, [{ id, fields: ['f', 'v'] }]],
      ]);
      port = ctx().openPort();
      const g = ctx().key('g');
      await port.xgroupCreate(g, 'grp', '0', { mkStream: true });
      const gid = await port.xadd(g, '*', ['f', 'w']);
      expect(await port.xreadgroup('grp', 'c', [{ key: g, id: '>' }], { blockMs: 1 })).toEqual([
        [g, [{ id: gid, fields: ['f', 'w'] }]],
      ]);
    });
  });
});
