import { keySlot } from '../../lib/core/pubsub/key-slot';
import { describeConformance } from './conformance';

describeConformance('keys', 'all', (ctx) => {
  describe('DEL', () => {
    it('§1 removes the given keys and answers how many existed', async () => {
      const { port } = ctx();
      const [list, stream, missing] = [
        ctx().key('list'),
        ctx().key('stream'),
        ctx().key('missing'),
      ];
      await port.rpush(list, ['a']);
      await port.xadd(stream, '*', ['f', 'v']);
      expect(await port.del([list])).toBe(1);
      expect(await port.del([stream])).toBe(1);
      expect(await port.del([missing])).toBe(0);
      expect(await port.exists([list])).toBe(0);
      expect(await port.type(stream)).toBe('none');
    });

    it('§1 counts a key named twice once', async () => {
      const { port } = ctx();
      const key = ctx().key('{t}k');
      await port.rpush(key, ['a']);
      expect(await port.del([key, key])).toBe(1);
    });

    it('§1 removes several keys of one slot in one call', async () => {
      const { port } = ctx();
      const [a, b, c] = [ctx().key('{t}a'), ctx().key('{t}b'), ctx().key('{t}c')];
      await port.rpush(a, ['1']);
      await port.rpush(b, ['1']);
      expect(await port.del([a, b, c])).toBe(2);
    });

    it('§1 without keys is an arity error', async () => {
      await expect(ctx().port.del([])).rejects.toMatchObject({
        message: "ERR wrong number of arguments for 'del' command",
        code: 'ERR',
      });
    });
  });

  describe('EXISTS', () => {
    it('§1 counts the given keys that exist, repeats included', async () => {
      const { port } = ctx();
      const [a, b, missing] = [ctx().key('{t}a'), ctx().key('{t}b'), ctx().key('{t}missing')];
      await port.rpush(a, ['1']);
      await port.xadd(b, '*', ['f', 'v']);
      expect(await port.exists([a])).toBe(1);
      expect(await port.exists([a, b, missing])).toBe(2);
      expect(await port.exists([a, a, a])).toBe(3);
      expect(await port.exists([missing])).toBe(0);
    });

    it('§1 without keys is an arity error', async () => {
      await expect(ctx().port.exists([])).rejects.toMatchObject({
        message: "ERR wrong number of arguments for 'exists' command",
      });
    });

    it('§1 a list emptied by a pop no longer exists', async () => {
      const { port } = ctx();
      const key = ctx().key('list');
      await port.rpush(key, ['only']);
      await port.lpop(key);
      expect(await port.exists([key])).toBe(0);
    });

    it('§1 a stream emptied by XDEL still exists', async () => {
      const { port } = ctx();
      const key = ctx().key('stream');
      const id = await port.xadd(key, '*', ['f', 'v']);
      await port.xdel(key, [id ?? '']);
      expect(await port.exists([key])).toBe(1);
      expect(await port.type(key)).toBe('stream');
    });
  });

  describe('TYPE', () => {
    it('§1 names the kind of value, none when missing', async () => {
      const { port } = ctx();
      const [list, stream, missing] = [
        ctx().key('list'),
        ctx().key('stream'),
        ctx().key('missing'),
      ];
      await port.lpush(list, ['a']);
      await port.xadd(stream, '*', ['f', 'v']);
      expect(await port.type(list)).toBe('list');
      expect(await port.type(stream)).toBe('stream');
      expect(await port.type(missing)).toBe('none');
    });
  });
});

describeConformance('keys in a cluster', 'cluster', (ctx) => {
  it('§2.7 DEL of keys in different slots is CROSSSLOT', async () => {
    const { port } = ctx();
    expect(port.clustered).toBe(true);
    await expect(port.del([ctx().key('{a}x'), ctx().key('{b}x')])).rejects.toMatchObject({
      message: "CROSSSLOT Keys in request don't hash to the same slot",
      code: 'CROSSSLOT',
    });
  });

  it('§2.7 EXISTS of keys in different slots is CROSSSLOT', async () => {
    await expect(ctx().port.exists([ctx().key('{a}x'), ctx().key('{b}x')])).rejects.toMatchObject({
      code: 'CROSSSLOT',
    });
  });

  it('§2.7 the hash tag runs from the first `{` to the next `}`; an empty tag hashes the whole key', async () => {
    const { port } = ctx();
    const sameSlot: Array<[string, string]> = [
      [ctx().key('{bar}{zap}x'), ctx().key('{bar}y')], // only the first tag counts
      [ctx().key('{{bar}}zap'), ctx().key('{{bar}y')], // the tag is `{bar`
      [ctx().key('}{a}'), ctx().key('{a}z')], // a `}` before the first `{` is ignored
    ];
    for (const [a, b] of sameSlot) {
      await port.rpush(a, ['1']);
      await port.rpush(b, ['1']);
      expect(await port.del([a, b])).toBe(2);
    }
    // `{bar` (slot 4015) is not `bar` (slot 5061).
    await expect(port.del([ctx().key('{{bar}}zap'), ctx().key('{bar}y')])).rejects.toMatchObject({
      code: 'CROSSSLOT',
    });
    // `x{}{bar}` hashes whole (the key prefix is random: pick one whose slot is not bar's).
    const whole = ['a', 'b', 'c']
      .map((name) => ctx().key(`${name}{}{bar}`))
      .find((key) => keySlot(key) !== keySlot('bar')) as string;
    await expect(port.del([whole, ctx().key('{bar}y')])).rejects.toMatchObject({
      code: 'CROSSSLOT',
    });
    expect(await port.rpush(whole, ['1', '2'])).toBe(2);
    expect(await port.lrange(whole, 0, -1)).toEqual(['1', '2']);
  });
});

describeConformance('keys standalone', 'standalone', (ctx) => {
  it('§2.7 keys of different slots may be combined outside a cluster', async () => {
    const { port } = ctx();
    expect(port.clustered).toBe(false);
    const [a, b] = [ctx().key('{a}x'), ctx().key('{b}x')];
    await port.rpush(a, ['1']);
    await port.rpush(b, ['1']);
    expect(await port.exists([a, b])).toBe(2);
    expect(await port.del([a, b])).toBe(2);
  });
});
