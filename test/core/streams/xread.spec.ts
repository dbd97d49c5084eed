import { BrokerCore } from '../../../lib/core/broker-core';
import { ManualClock } from '../../../lib/core/clock';
import { Keyspace } from '../../../lib/core/keyspace';
import { StreamValue } from '../../../lib/core/streams/stream.value';
import { XReadWaiter } from '../../../lib/core/streams/xread-waiter';
import { addSequential, INVALID_ID } from './stream-fixture';

function createCore(shards = 0) {
  const clock = new ManualClock();
  const core = new BrokerCore({ clock, shards });
  return { clock, core, streams: core.streams };
}

describe('XREAD, synchronous (§4.6)', () => {
  it('§4.6 answers [key, entries after the id] for each stream that has some, in argument order', async () => {
    const { streams } = createCore();
    addSequential(streams, 'a', 3);
    addSequential(streams, 'b', 1);
    const reply = await streams.xread([
      { key: 'b', id: '0' },
      { key: 'nokey', id: '0' },
      { key: 'a', id: '1-0' },
      { key: 'b', id: '1-0' },
    ]);
    expect(reply).toEqual([
      ['b', [{ id: '1-0', fields: ['f', '1'] }]],
      [
        'a',
        [
          { id: '2-0', fields: ['f', '2'] },
          { id: '3-0', fields: ['f', '3'] },
        ],
      ],
    ]);
  });

  it('§4.6 the same key listed twice is answered twice', async () => {
    const { streams } = createCore();
    addSequential(streams, 's', 2);
    const reply = await streams.xread([
      { key: 's', id: '0' },
      { key: 's', id: '1-0' },
    ]);
    expect(reply?.map(([key, entries]) => [key, entries.length])).toEqual([
      ['s', 2],
      ['s', 1],
    ]);
  });

  it('§4.6 nothing to read → null; COUNT limits each stream; COUNT ≤ 0 is unlimited', async () => {
    const { streams } = createCore();
    addSequential(streams, 's', 5);
    expect(await streams.xread([{ key: 's', id: '5-0' }])).toBeNull();
    expect(await streams.xread([{ key: 'nokey', id: '0' }])).toBeNull();
    expect((await streams.xread([{ key: 's', id: '0' }], { count: 2 }))?.[0][1]).toHaveLength(2);
    expect((await streams.xread([{ key: 's', id: '0' }], { count: 0 }))?.[0][1]).toHaveLength(5);
    expect((await streams.xread([{ key: 's', id: '0' }], { count: -5 }))?.[0][1]).toHaveLength(5);
  });

  it('§4.6 `$` means the last id now: nothing is read without blocking', async () => {
    const { streams } = createCore();
    addSequential(streams, 's', 2);
    expect(await streams.xread([{ key: 's', id: '$' }])).toBeNull();
  });

  it('§4.6 a stream whose last entry was deleted is not served past its last live entry', async () => {
    const { streams } = createCore();
    streams.xadd('s', '665', ['f', 'v']);
    streams.xadd('s', '666', ['f', 'v']);
    streams.xdel('s', ['666']);
    expect(await streams.xread([{ key: 's', id: '665' }])).toBeNull();
  });

  it('§4.6 errors: per key WRONGTYPE then id; `>`, `-`, `+`, `(1` are invalid', async () => {
    const { core, streams } = createCore();
    addSequential(streams, 's', 1);
    core.keyspace.set('list', { type: 'list' });
    const wrongType = 'WRONGTYPE Operation against a key holding the wrong kind of value';
    await expect(streams.xread([{ key: 'list', id: 'bad' }])).rejects.toThrow(wrongType);
    await expect(
      streams.xread([
        { key: 's', id: 'bad' },
        { key: 'list', id: '0' },
      ]),
    ).rejects.toThrow(INVALID_ID);
    await expect(
      streams.xread([
        { key: 's', id: '0' },
        { key: 'list', id: 'bad' },
      ]),
    ).rejects.toThrow(wrongType);
    await expect(streams.xread([{ key: 's', id: '>' }])).rejects.toThrow(
      'ERR The > ID can be specified only when calling XREADGROUP using the GROUP <group> <consumer> option.',
    );
    for (const id of ['-', '+', '(1'])
      await expect(streams.xread([{ key: 's', id }])).rejects.toThrow(INVALID_ID);
  });

  it('§1 §4.6 no streams: arity error below 4 words, else options parsed, then syntax error', async () => {
    const { streams } = createCore();
    // `XREAD STREAMS` is below the arity; `XREAD COUNT 1 STREAMS` reaches a bare STREAMS.
    await expect(streams.xread([])).rejects.toThrow(
      "ERR wrong number of arguments for 'xread' command",
    );
    await expect(streams.xread([], { count: 1 })).rejects.toThrow('ERR syntax error');
    await expect(streams.xread([], { blockMs: 10 })).rejects.toThrow('ERR syntax error');
    await expect(streams.xread([], { count: 1.5 })).rejects.toThrow(
      'ERR value is not an integer or out of range',
    );
  });

  it('§4.6 option errors and arity', async () => {
    const { streams } = createCore();
    const s = [{ key: 's', id: '0' }];
    await expect(streams.xread([])).rejects.toThrow(
      "ERR wrong number of arguments for 'xread' command",
    );
    await expect(streams.xread(s, { count: 1.5 })).rejects.toThrow(
      'ERR value is not an integer or out of range',
    );
    await expect(streams.xread(s, { blockMs: 1.5 })).rejects.toThrow(
      'ERR timeout is not an integer or out of range',
    );
    await expect(streams.xread(s, { blockMs: -1 })).rejects.toThrow('ERR timeout is negative');
  });

  it('§2.7 cluster: keys in different slots → CROSSSLOT; one hash tag is fine', async () => {
    const { streams } = createCore(3);
    await expect(
      streams.xread([
        { key: 'a', id: '0' },
        { key: 'b', id: '0' },
      ]),
    ).rejects.toThrow("CROSSSLOT Keys in request don't hash to the same slot");
    streams.xadd('{t}b', '1', ['f', 'v']);
    expect(
      await streams.xread([
        { key: '{t}a', id: '0' },
        { key: '{t}b', id: '0' },
      ]),
    ).toEqual([['{t}b', [{ id: '1-0', fields: ['f', 'v'] }]]]);
  });
});

describe('XREAD BLOCK (§4.6)', () => {
  it('§4.6 blocks until an XADD past the id, then answers with that stream only', async () => {
    const { core, streams } = createCore();
    addSequential(streams, 'b', 1);
    const read = streams.xread(
      [
        { key: 'a', id: '$' },
        { key: 'b', id: '$' },
      ],
      { blockMs: 0 },
    );
    expect(core.blocking.count()).toBe(1);
    streams.xadd('b', '2-0', ['f', 'new']);
    expect(await read).toEqual([['b', [{ id: '2-0', fields: ['f', 'new'] }]]]);
    expect(core.blocking.count()).toBe(0);
  });

  it('§4.6 `$` is resolved at call time: an entry added later is returned', async () => {
    const { streams } = createCore();
    addSequential(streams, 's', 3);
    const read = streams.xread([{ key: 's', id: '$' }], { blockMs: 0 });
    streams.xadd('s', '4', ['f', '4']);
    expect(await read).toEqual([['s', [{ id: '4-0', fields: ['f', '4'] }]]]);
  });

  it('§4.6 every client blocked on the key is served (XREAD does not consume)', async () => {
    const { streams } = createCore();
    const first = streams.xread([{ key: 's', id: '$' }], { blockMs: 0 });
    const second = streams.xread([{ key: 's', id: '0' }], { blockMs: 0, count: 5 });
    streams.xadd('s', '1', ['f', 'v']);
    expect(await first).toEqual([['s', [{ id: '1-0', fields: ['f', 'v'] }]]]);
    expect(await second).toEqual([['s', [{ id: '1-0', fields: ['f', 'v'] }]]]);
  });

  it('§4.6 times out with null after blockMs; BLOCK 0 waits forever', async () => {
    const { clock, core, streams } = createCore();
    const timed = streams.xread([{ key: 's', id: '$' }], { blockMs: 100 });
    const forever = streams.xread([{ key: 's', id: '$' }], { blockMs: 0 });
    clock.advance(99);
    expect(core.blocking.count()).toBe(2);
    clock.advance(1);
    expect(await timed).toBeNull();
    clock.advance(1_000_000);
    expect(core.blocking.count()).toBe(1);
    streams.xadd('s', '1', ['f', 'v']);
    expect(await forever).not.toBeNull();
  });

  it('§3.4.9 an aborted signal ends the wait with null (like CLIENT UNBLOCK)', async () => {
    const { core, streams } = createCore();
    const controller = new AbortController();
    const read = streams.xread([{ key: 's', id: '$' }], { blockMs: 0, signal: controller.signal });
    controller.abort();
    expect(await read).toBeNull();
    expect(core.blocking.count()).toBe(0);
    expect(
      await streams.xread([{ key: 's', id: '$' }], { blockMs: 0, signal: controller.signal }),
    ).toBeNull();
  });

  it('§4.6 a stream whose last entry was deleted blocks, and times out with null', async () => {
    const { clock, streams } = createCore();
    streams.xadd('s', '666', ['f', 'v']);
    streams.xdel('s', ['666']);
    const read = streams.xread([{ key: 's', id: '665' }], { blockMs: 10 });
    clock.advance(10);
    expect(await read).toBeNull();
  });

  it('§4.6 DEL does not unblock; a re-created stream wakes it only with ids above the resolved `$`', async () => {
    const { core, streams } = createCore();
    streams.xadd('s', '100', ['f', 'v']);
    const read = streams.xread([{ key: 's', id: '$' }], { blockMs: 0 });
    core.del(['s']);
    expect(core.blocking.count()).toBe(1);
    streams.xadd('s', '50', ['f', 'old']);
    expect(core.blocking.count()).toBe(1);
    streams.xadd('s', '101', ['f', 'new']);
    expect(await read).toEqual([['s', [{ id: '101-0', fields: ['f', 'new'] }]]]);
  });

  it('§4.6 7.0.15: an entry trimmed by its own XADD still wakes the client, with an empty list', async () => {
    const { streams } = createCore();
    const read = streams.xread([{ key: 's', id: '$' }], { blockMs: 0 });
    streams.xadd('s', '5', ['f', 'v'], { trim: { strategy: 'MAXLEN', threshold: 0 } });
    expect(await read).toEqual([['s', []]]);
  });

  it('§4.6 a repeated key waits on the id given first', async () => {
    const { core, streams } = createCore();
    addSequential(streams, 's', 2);
    const read = streams.xread(
      [
        { key: 's', id: '5-0' },
        { key: 's', id: '$' },
      ],
      { blockMs: 0 },
    );
    streams.xadd('s', '3', ['f', '3']); // past `$` (2-0) but not past 5-0
    expect(core.blocking.count()).toBe(1);
    streams.xadd('s', '6', ['f', '6']);
    expect(await read).toEqual([['s', [{ id: '6-0', fields: ['f', '6'] }]]]);
  });

  it('§4.6 a blocked XREAD without COUNT receives at most 1000 entries; with COUNT, that many', () => {
    const keyspace = new Keyspace(new ManualClock());
    const stream = new StreamValue();
    for (let i = 1; i <= 1500; i++) stream.append(BigInt(i) << 64n, ['f', String(i)]);
    keyspace.set('s', stream);
    const replies: unknown[] = [];
    new XReadWaiter(keyspace, new Map([['s', 0n]]), 0, (r) =>
      replies.push(r?.[0][1].length),
    ).tryServe('s');
    new XReadWaiter(keyspace, new Map([['s', 0n]]), 1200, (r) =>
      replies.push(r?.[0][1].length),
    ).tryServe('s');
    expect(replies).toEqual([1000, 1200]);
  });
});
