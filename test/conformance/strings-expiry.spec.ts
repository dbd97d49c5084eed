import { waitUntilBlocked } from './blocked-clients';
import { describeConformance } from './conformance';

// SET [NX|XX] [PX], GET, PEXPIRE and PTTL, and key expiry on every type, checked against
// redis-server 7.0.15. Cases about time let it pass with ctx().elapse(): the memory targets move
// their manual clock, Redis waits for real. TTLs read back are only bounded from both sides
// (a real server's clock moves while the test runs), with a margin far beyond any stall.

const WRONGTYPE = 'WRONGTYPE Operation against a key holding the wrong kind of value';
const NOT_INTEGER = 'ERR value is not an integer or out of range';
const LONG_TTL = 100_000;

describeConformance('strings and key expiry', 'all', (ctx) => {
  /** PTTL of a key given LONG_TTL moments ago: positive, at most LONG_TTL. */
  const expectLongTtl = async (key: string): Promise<void> => {
    const left = await ctx().port.pttl(key);
    expect(left).toBeGreaterThan(LONG_TTL / 2);
    expect(left).toBeLessThanOrEqual(LONG_TTL);
  };

  describe('SET / GET', () => {
    it('SET answers OK and GET the value; a missing key is null', async () => {
      const { port } = ctx();
      const k = ctx().key('k');
      expect(await port.get(k)).toBeNull();
      expect(await port.set(k, 'v')).toBe('OK');
      expect(await port.get(k)).toBe('v');
      expect(await port.type(k)).toBe('string');
      expect(await port.set(k, '')).toBe('OK');
      expect(await port.get(k)).toBe('');
    });

    it('NX sets only a missing key and XX only an existing one; a failed condition is null', async () => {
      const { port } = ctx();
      const [k, other] = [ctx().key('k'), ctx().key('other')];
      expect(await port.set(k, 'first', { condition: 'NX' })).toBe('OK');
      expect(await port.set(k, 'second', { condition: 'NX', pxMs: LONG_TTL })).toBeNull();
      expect(await port.get(k)).toBe('first');
      expect(await port.pttl(k)).toBe(-1);
      expect(await port.set(other, 'v', { condition: 'XX' })).toBeNull();
      expect(await port.exists([other])).toBe(0);
      expect(await port.set(k, 'third', { condition: 'XX' })).toBe('OK');
      expect(await port.get(k)).toBe('third');
    });

    it('SET replaces a list, a sorted set or a stream; other commands on a string are WRONGTYPE', async () => {
      const { port } = ctx();
      const [list, zset, stream] = [ctx().key('l'), ctx().key('z'), ctx().key('s')];
      await port.rpush(list, ['a']);
      await port.zadd(zset, [['m', 1]]);
      await port.xadd(stream, '*', ['f', 'v']);
      for (const key of [list, zset, stream]) {
        expect(await port.set(key, 'str')).toBe('OK');
        expect(await port.type(key)).toBe('string');
      }
      await expect(port.lpush(list, ['a'])).rejects.toThrow(WRONGTYPE);
      await expect(port.zadd(zset, [['m', 1]])).rejects.toThrow(WRONGTYPE);
      await expect(port.xadd(stream, '*', ['f', 'v'])).rejects.toThrow(WRONGTYPE);
      const realList = ctx().key('real-list');
      await port.rpush(realList, ['a']);
      await expect(port.get(realList)).rejects.toMatchObject({ message: WRONGTYPE });
    });

    it('PX must be a positive integer whose deadline fits 64 bits; checked before NX / XX', async () => {
      const { port } = ctx();
      const k = ctx().key('k');
      await port.set(k, 'v');
      const invalid = "ERR invalid expire time in 'set' command";
      await expect(port.set(k, 'v', { pxMs: 0 })).rejects.toThrow(invalid);
      await expect(port.set(k, 'v', { pxMs: -1 })).rejects.toThrow(invalid);
      await expect(port.set(k, 'v', { condition: 'NX', pxMs: 0 })).rejects.toThrow(invalid);
      // 2^63 - 1024: a valid 64-bit integer, but now + it is not.
      await expect(port.set(k, 'v', { pxMs: 2 ** 63 - 1024 })).rejects.toThrow(invalid);
      await expect(port.set(k, 'v', { pxMs: 1.5 })).rejects.toThrow(NOT_INTEGER);
      expect(await port.get(k)).toBe('v');
    });
  });

  describe('PEXPIRE / PTTL', () => {
    it('PTTL: -2 for a missing key, -1 without a TTL, else the milliseconds left', async () => {
      const { port } = ctx();
      const k = ctx().key('k');
      expect(await port.pttl(k)).toBe(-2);
      await port.set(k, 'v');
      expect(await port.pttl(k)).toBe(-1);
      expect(await port.pexpire(k, LONG_TTL)).toBe(1);
      await expectLongTtl(k);
      await port.set(k, 'v', { pxMs: LONG_TTL });
      await expectLongTtl(k);
    });

    it('PEXPIRE: 0 for a missing key; a deadline not in the future deletes the key and answers 1', async () => {
      const { port } = ctx();
      const [a, b, missing] = [ctx().key('a'), ctx().key('b'), ctx().key('missing')];
      expect(await port.pexpire(missing, LONG_TTL)).toBe(0);
      await port.set(a, 'v');
      await port.rpush(b, ['x']);
      expect(await port.pexpire(a, 0)).toBe(1);
      expect(await port.pexpire(b, -5)).toBe(1);
      expect(await port.exists([a])).toBe(0);
      expect(await port.exists([b])).toBe(0);
    });

    it('PEXPIRE errors: a non-integer, even on a missing key; a deadline past 2^63 - 1 ms', async () => {
      const { port } = ctx();
      const k = ctx().key('k');
      await expect(port.pexpire(ctx().key('missing'), 1.5)).rejects.toThrow(NOT_INTEGER);
      await port.set(k, 'v');
      await expect(port.pexpire(k, 2 ** 63 - 1024)).rejects.toThrow(
        "ERR invalid expire time in 'pexpire' command",
      );
      expect(await port.pttl(k)).toBe(-1);
    });

    it('SET without PX clears the TTL; DEL drops it; writes to the value keep it', async () => {
      const { port } = ctx();
      const [s, l] = [ctx().key('s'), ctx().key('l')];
      await port.set(s, 'v', { pxMs: LONG_TTL });
      await port.set(s, 'w');
      expect(await port.pttl(s)).toBe(-1);
      await port.set(s, 'v', { pxMs: LONG_TTL });
      await port.del([s]);
      await port.set(s, 'v');
      expect(await port.pttl(s)).toBe(-1);
      await port.rpush(l, ['a', 'b']);
      await port.pexpire(l, LONG_TTL);
      await port.rpush(l, ['c']);
      await port.lpop(l);
      await expectLongTtl(l);
    });
  });

  describe('expiry', () => {
    it('keys of every type are gone once their time is up', async () => {
      const { port } = ctx();
      const [list, stream, zset, string] = ['l', 's', 'z', 'k'].map((name) => ctx().key(name));
      await port.rpush(list, ['a']);
      await port.xadd(stream, '*', ['f', 'v']);
      await port.zadd(zset, [['m', 1]]);
      await port.set(string, 'v', { pxMs: 20 });
      for (const key of [list, stream, zset]) expect(await port.pexpire(key, 20)).toBe(1);
      await ctx().elapse(30);
      for (const key of [list, stream, zset, string]) {
        expect(await port.exists([key])).toBe(0);
        expect(await port.type(key)).toBe('none');
        expect(await port.pttl(key)).toBe(-2);
      }
      expect(await port.llen(list)).toBe(0);
      expect(await port.xlen(stream)).toBe(0);
      expect(await port.zcard(zset)).toBe(0);
      expect(await port.get(string)).toBeNull();
    });

    it('a new value on an expired key starts without a TTL', async () => {
      const { port } = ctx();
      const q = ctx().key('q');
      await port.rpush(q, ['old']);
      await port.pexpire(q, 20);
      await ctx().elapse(30);
      expect(await port.lpush(q, ['new'])).toBe(1);
      expect(await port.lrange(q, 0, -1)).toEqual(['new']);
      expect(await port.pttl(q)).toBe(-1);
    });

    it('a lock: SET NX PX is refused while held and granted once its lease ran out', async () => {
      const { port } = ctx();
      const lock = ctx().key('lock');
      expect(await port.set(lock, 'owner-1', { condition: 'NX', pxMs: 20 })).toBe('OK');
      expect(await port.set(lock, 'owner-2', { condition: 'NX', pxMs: 20 })).toBeNull();
      await ctx().elapse(30);
      expect(await port.set(lock, 'owner-2', { condition: 'NX', pxMs: LONG_TTL })).toBe('OK');
      expect(await port.get(lock)).toBe('owner-2');
    });
  });

  describe('blocked clients', () => {
    it('a blocked XREADGROUP on a stream that expires is ended as after DEL', async () => {
      const { port } = ctx();
      const stream = ctx().key('s');
      await port.xgroupCreate(stream, 'g', '$', { mkStream: true });
      const read = port.xreadgroup('g', 'c', [{ key: stream, id: '>' }], { blockMs: 0 });
      await waitUntilBlocked(port, 1);
      const answered = expect(read).rejects.toMatchObject({
        message: 'UNBLOCKED the stream key no longer exists',
      });
      await port.pexpire(stream, 20);
      await ctx().elapse(30);
      // Nothing reads the key: Redis's expiry cycle (the core's timer) removes it.
      await answered;
    });

    it('SET on a stream ends its blocked XREADGROUP clients the same way', async () => {
      const { port } = ctx();
      const stream = ctx().key('s');
      await port.xgroupCreate(stream, 'g', '$', { mkStream: true });
      const read = port.xreadgroup('g', 'c', [{ key: stream, id: '>' }], { blockMs: 0 });
      await waitUntilBlocked(port, 1);
      // Expect before acting: Redis may answer before SET's own reply arrives.
      const answered = expect(read).rejects.toMatchObject({
        message: 'UNBLOCKED the stream key no longer exists',
      });
      expect(await port.set(stream, 'str')).toBe('OK');
      await answered;
    });
  });
});
