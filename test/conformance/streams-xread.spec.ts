import { waitUntilBlocked } from './blocked-clients';
import { describeConformance } from './conformance';
import { INVALID_ID, streamWith as streamFixture, WRONGTYPE } from './stream-fixtures';

// XREAD, synchronous and blocking (redis-semantics.md §4.6), and its cluster slot rule (§2.7).

describeConformance('streams xread', 'standalone', (ctx) => {
  const streamWith = (name: string, entryIds: string[]) => streamFixture(ctx(), name, entryIds);

  describe('XREAD', () => {
    it('§4.6 answers [key, entries after the id] only for streams that have some, in argument order', async () => {
      const { port } = ctx();
      const a = await streamWith('a', ['1-0', '2-0', '3-0']);
      const b = await streamWith('b', ['1-0']);
      const missing = ctx().key('missing');
      expect(
        await port.xread([
          { key: b, id: '0' },
          { key: missing, id: '0' },
          { key: a, id: '1-0' },
        ]),
      ).toEqual([
        [b, [{ id: '1-0', fields: ['f', '1-0'] }]],
        [
          a,
          [
            { id: '2-0', fields: ['f', '2-0'] },
            { id: '3-0', fields: ['f', '3-0'] },
          ],
        ],
      ]);
    });

    it('§4.6 a key listed twice is answered twice; COUNT limits each stream, ≤ 0 is unlimited', async () => {
      const { port } = ctx();
      const key = await streamWith('s', ['1-0', '2-0', '3-0']);
      const twice = await port.xread([
        { key, id: '0' },
        { key, id: '2-0' },
      ]);
      expect(twice?.map(([k, entries]) => [k, entries.length])).toEqual([
        [key, 3],
        [key, 1],
      ]);
      expect((await port.xread([{ key, id: '0' }], { count: 2 }))?.[0][1]).toHaveLength(2);
      expect((await port.xread([{ key, id: '0' }], { count: 0 }))?.[0][1]).toHaveLength(3);
      expect((await port.xread([{ key, id: '0' }], { count: -1 }))?.[0][1]).toHaveLength(3);
    });

    it('§4.6 null when nothing is after the ids, for `$`, and for a missing key', async () => {
      const { port } = ctx();
      const key = await streamWith('s', ['1-0', '2-0']);
      expect(await port.xread([{ key, id: '2-0' }])).toBeNull();
      expect(await port.xread([{ key, id: '$' }])).toBeNull();
      expect(await port.xread([{ key: ctx().key('missing'), id: '0' }])).toBeNull();
    });

    it('§4.1 an XREAD id of a bare ms means ms-0: later entries of that ms are read', async () => {
      const { port } = ctx();
      const key = await streamWith('s', ['1-0', '1-1', '2-0']);
      expect((await port.xread([{ key, id: '1' }]))?.[0][1].map((e) => e.id)).toEqual([
        '1-1',
        '2-0',
      ]);
    });

    it('§4.6 not served past the last live entry when the last entry was deleted', async () => {
      const { port } = ctx();
      const key = await streamWith('s', ['665', '666']);
      await port.xdel(key, ['666']);
      expect(await port.xread([{ key, id: '665' }])).toBeNull();
    });

    it('§4.6 errors: `>`, invalid ids, WRONGTYPE checked key by key, options, no streams', async () => {
      const { port } = ctx();
      const key = await streamWith('s', ['1-0']);
      const list = ctx().key('list');
      await port.rpush(list, ['a']);
      await expect(port.xread([{ key, id: '>' }])).rejects.toMatchObject({
        message:
          'ERR The > ID can be specified only when calling XREADGROUP using the GROUP <group> <consumer> option.',
      });
      for (const id of ['-', '+', '(1', 'bad'])
        await expect(port.xread([{ key, id }])).rejects.toMatchObject({ message: INVALID_ID });
      await expect(port.xread([{ key: list, id: 'bad' }])).rejects.toMatchObject({
        message: WRONGTYPE,
      });
      await expect(
        port.xread([
          { key, id: 'bad' },
          { key: list, id: '0' },
        ]),
      ).rejects.toMatchObject({ message: INVALID_ID });
      await expect(
        port.xread([
          { key, id: '0' },
          { key: list, id: '0' },
        ]),
      ).rejects.toMatchObject({ message: WRONGTYPE });
      await expect(port.xread([{ key, id: '0' }], { count: 1.5 })).rejects.toMatchObject({
        message: 'ERR value is not an integer or out of range',
      });
      await expect(port.xread([{ key, id: '0' }], { blockMs: -1 })).rejects.toMatchObject({
        message: 'ERR timeout is negative',
      });
      await expect(port.xread([{ key, id: '0' }], { blockMs: 1.5 })).rejects.toMatchObject({
        message: 'ERR timeout is not an integer or out of range',
      });
      // The signed 64-bit edges: -2^63 is a (negative) integer, 2^63 is not one.
      await expect(port.xread([{ key, id: '0' }], { blockMs: -(2 ** 63) })).rejects.toMatchObject({
        message: 'ERR timeout is negative',
      });
      await expect(port.xread([{ key, id: '0' }], { blockMs: 2 ** 63 })).rejects.toMatchObject({
        message: 'ERR timeout is not an integer or out of range',
      });
      await expect(port.xread([])).rejects.toMatchObject({
        message: "ERR wrong number of arguments for 'xread' command",
      });
    });
  });

  describe('XREAD BLOCK', () => {
    it('§4.6 is served by the first XADD past its id, with that stream only', async () => {
      const { port } = ctx();
      const [a, b] = [await streamWith('a', ['1-0']), ctx().key('b')];
      const read = port.xread(
        [
          { key: a, id: '$' },
          { key: b, id: '$' },
        ],
        { blockMs: 0 },
      );
      await waitUntilBlocked(port, 1);
      await port.xadd(b, '5-0', ['f', 'new']);
      expect(await read).toEqual([[b, [{ id: '5-0', fields: ['f', 'new'] }]]]);
    });

    it('§4.6 serves every client blocked on the stream', async () => {
      const { port } = ctx();
      const key = await streamWith('s', ['1-0']);
      const first = port.xread([{ key, id: '$' }], { blockMs: 0 });
      const second = port.xread([{ key, id: '1-0' }], { blockMs: 0, count: 10 });
      await waitUntilBlocked(port, 2);
      await port.xadd(key, '2-0', ['f', 'v']);
      const entry = { id: '2-0', fields: ['f', 'v'] };
      expect(await first).toEqual([[key, [entry]]]);
      expect(await second).toEqual([[key, [entry]]]);
    });

    it('§4.6 times out with null', async () => {
      const { port } = ctx();
      const read = port.xread([{ key: ctx().key('s'), id: '$' }], { blockMs: 50 });
      await waitUntilBlocked(port, 1);
      await ctx().elapse(50);
      expect(await read).toBeNull();
    });

    it('§4.6 a deleted last entry does not satisfy it: blocks, then times out', async () => {
      const { port } = ctx();
      const key = await streamWith('s', ['666']);
      await port.xdel(key, ['666']);
      const read = port.xread([{ key, id: '665' }], { blockMs: 10 });
      await waitUntilBlocked(port, 1);
      await ctx().elapse(10);
      expect(await read).toBeNull();
    });

    it('§3.4.9 an aborted signal ends the wait with null', async () => {
      const { port } = ctx();
      const controller = new AbortController();
      const read = port.xread([{ key: ctx().key('s'), id: '$' }], {
        blockMs: 0,
        signal: controller.signal,
      });
      await waitUntilBlocked(port, 1);
      controller.abort();
      expect(await read).toBeNull();
    });

    it('§4.6 DEL does not unblock; a re-created stream wakes it only above the resolved `$`', async () => {
      const { port } = ctx();
      const key = await streamWith('s', ['100-0']);
      const read = port.xread([{ key, id: '$' }], { blockMs: 0 });
      await waitUntilBlocked(port, 1);
      await port.del([key]);
      await port.xadd(key, '50-0', ['f', 'old']);
      await port.xadd(key, '101-0', ['f', 'new']);
      expect(await read).toEqual([[key, [{ id: '101-0', fields: ['f', 'new'] }]]]);
    });

    it('§4.6 a list pushed at the key does not wake XREAD; a stream created there later does', async () => {
      const { port } = ctx();
      const key = ctx().key('s');
      const read = port.xread([{ key, id: '$' }], { blockMs: 0 });
      await waitUntilBlocked(port, 1);
      await port.rpush(key, ['a']);
      await port.del([key]);
      await port.xadd(key, '1-0', ['f', 'v']);
      expect(await read).toEqual([[key, [{ id: '1-0', fields: ['f', 'v'] }]]]);
    });

    it('§4.6 §3.4.11 a timed-out XREAD is not served later; a waiter behind it is', async () => {
      const { port } = ctx();
      const key = ctx().key('s');
      const short = port.xread([{ key, id: '$' }], { blockMs: 50 });
      await waitUntilBlocked(port, 1);
      const long = port.xread([{ key, id: '$' }], { blockMs: 0 });
      await waitUntilBlocked(port, 2);
      await ctx().elapse(100);
      expect(await short).toBeNull();
      await port.xadd(key, '1-0', ['f', 'v']);
      expect(await long).toEqual([[key, [{ id: '1-0', fields: ['f', 'v'] }]]]);
    });

    it('§4.6 7.0.15: an entry trimmed by its own XADD wakes the client with an empty list', async () => {
      const { port } = ctx();
      const key = ctx().key('s');
      const read = port.xread([{ key, id: '$' }], { blockMs: 0 });
      await waitUntilBlocked(port, 1);
      await port.xadd(key, '5', ['f', 'v'], { trim: { strategy: 'MAXLEN', threshold: 0 } });
      expect(await read).toEqual([[key, []]]);
    });
  });
});

describeConformance('streams xread', 'cluster', (ctx) => {
  it('§2.7 XREAD over keys of different slots is CROSSSLOT', async () => {
    const [a, b] = [ctx().key('a'), ctx().key('b')];
    await expect(
      ctx().port.xread([
        { key: a, id: '0' },
        { key: b, id: '0' },
      ]),
    ).rejects.toMatchObject({
      message: "CROSSSLOT Keys in request don't hash to the same slot",
    });
  });

  it('§2.7 keys sharing a hash tag are read together', async () => {
    const { port } = ctx();
    const [a, b] = [ctx().key('{t}a'), ctx().key('{t}b')];
    await port.xadd(b, '1', ['f', 'v']);
    expect(
      await port.xread([
        { key: a, id: '0' },
        { key: b, id: '0' },
      ]),
    ).toEqual([[b, [{ id: '1-0', fields: ['f', 'v'] }]]]);
    const read = port.xread(
      [
        { key: a, id: '$' },
        { key: b, id: '$' },
      ],
      { blockMs: 0 },
    );
    await waitUntilBlocked(port, 1);
    await port.xadd(a, '2', ['f', 'w']);
    expect(await read).toEqual([[a, [{ id: '2-0', fields: ['f', 'w'] }]]]);
  });

  it('§4.2 stream commands work on any slot', async () => {
    const { port } = ctx();
    for (const name of ['x', 'y', 'z']) {
      const key = ctx().key(name);
      expect(await port.xadd(key, '1-1', ['f', name])).toBe('1-1');
      expect(await port.xrange(key, '-', '+')).toEqual([{ id: '1-1', fields: ['f', name] }]);
      expect(await port.xtrim(key, { strategy: 'MAXLEN', threshold: 0 })).toBe(1);
    }
  });
});
