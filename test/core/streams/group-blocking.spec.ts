import type { BrokerCore } from '../../../lib/core/broker-core';
import { parseId } from '../../../lib/core/streams/stream-id';
import type { StreamValue } from '../../../lib/core/streams/stream.value';
import { createGroupCore, rejection } from './group-fixture';

/** Appends entries and serves blocked clients once at the end, as after one EXEC in Redis. */
function appendInOneCommand(core: BrokerCore, key: string, entryIds: string[]): void {
  const stream = core.keyspace.get(key) as StreamValue;
  for (const id of entryIds) stream.append(parseId(id), ['f', id]);
  core.blocking.signal(key);
  core.blocking.handleReady();
}

const read = (key: string) => [{ key, id: '>' }];
const ids = (reply: [string, { id: string }[]][] | null) =>
  reply?.map(([key, e]) => [key, e.map((x) => x.id)]);

describe('blocking XREADGROUP (§5.5)', () => {
  it('§5.5 blocks for > and is served by the next XADD, creating the consumer only then', async () => {
    const { core, groups, streams, add } = createGroupCore();
    groups.xgroupCreate('s', 'g', '$', { mkStream: true });
    const pending = groups.xreadgroup('g', 'alice', read('s'), { blockMs: 0 });
    expect(core.blocking.count('s')).toBe(1);
    expect(groups.xinfoConsumers('s', 'g')).toEqual([]);
    add('s', '1-0');
    expect(await pending).toEqual([['s', [{ id: '1-0', fields: ['f', '1-0'] }]]]);
    expect(groups.xinfoConsumers('s', 'g').map((c) => [c.name, c.pending])).toEqual([['alice', 1]]);
    expect(streams.xlen('s')).toBe(1);
  });

  it('§5.5 times out with null (manual clock), leaving no consumer behind', async () => {
    const { clock, core, groups } = createGroupCore();
    groups.xgroupCreate('s', 'g', '$', { mkStream: true });
    const pending = groups.xreadgroup('g', 'c', read('s'), { blockMs: 100 });
    clock.advance(99);
    expect(core.blocking.count()).toBe(1);
    clock.advance(1);
    expect(await pending).toBeNull();
    expect(groups.xinfoConsumers('s', 'g')).toEqual([]);
  });

  it('§5.5 an aborted signal answers null', async () => {
    const { core, groups } = createGroupCore();
    groups.xgroupCreate('s', 'g', '$', { mkStream: true });
    const abort = new AbortController();
    const pending = groups.xreadgroup('g', 'c', read('s'), { blockMs: 0, signal: abort.signal });
    abort.abort();
    expect(await pending).toBeNull();
    expect(core.blocking.count()).toBe(0);
  });

  it('§5.5 only the first waiter of a group gets the new entries; COUNT 1 shares them in turn', async () => {
    const { core, groups } = createGroupCore();
    groups.xgroupCreate('s', 'g', '$', { mkStream: true });
    const alice = groups.xreadgroup('g', 'alice', read('s'), { blockMs: 0, count: 1 });
    const bob = groups.xreadgroup('g', 'bob', read('s'), { blockMs: 0, count: 1 });
    const carol = groups.xreadgroup('g', 'carol', read('s'), { blockMs: 0, count: 1 });
    // Two entries written by one command (as `XADD 4, XADD 5` in one EXEC), served afterwards.
    appendInOneCommand(core, 's', ['4-0', '5-0']);
    expect(ids(await alice)).toEqual([['s', ['4-0']]]);
    expect(ids(await bob)).toEqual([['s', ['5-0']]]);
    expect(core.blocking.count('s')).toBe(1);
    appendInOneCommand(core, 's', ['6-0']);
    expect(ids(await carol)).toEqual([['s', ['6-0']]]);
  });

  it('§5.5 a waiter without COUNT takes at most 1000; the next waiter of the group gets the rest', async () => {
    const { core, groups } = createGroupCore();
    groups.xgroupCreate('s', 'g', '$', { mkStream: true });
    const first = groups.xreadgroup('g', 'a', read('s'), { blockMs: 0 });
    const second = groups.xreadgroup('g', 'b', read('s'), { blockMs: 0 });
    const third = groups.xreadgroup('g', 'c', read('s'), { blockMs: 0 });
    const entryIds = Array.from({ length: 1500 }, (_, i) => `${i + 1}-0`);
    appendInOneCommand(core, 's', entryIds);
    const a = (await first)?.[0][1] ?? [];
    const b = (await second)?.[0][1] ?? [];
    expect([a.length, a[999].id]).toEqual([1000, '1000-0']);
    expect([b.length, b[0].id]).toEqual([500, '1001-0']);
    // Nothing was left past the group's last id for the third reader.
    expect(core.blocking.count('s')).toBe(1);
    core.close();
    expect(await third).toBeNull();
  });

  it('§5.5 waiters of different groups are all served', async () => {
    const { groups, add } = createGroupCore();
    groups.xgroupCreate('s', 'g1', '$', { mkStream: true });
    groups.xgroupCreate('s', 'g2', '$');
    const one = groups.xreadgroup('g1', 'c', read('s'), { blockMs: 0 });
    const two = groups.xreadgroup('g2', 'c', read('s'), { blockMs: 0 });
    add('s', '1-0');
    expect(ids(await one)).toEqual([['s', ['1-0']]]);
    expect(ids(await two)).toEqual([['s', ['1-0']]]);
  });

  it('§5.5 NOACK works while blocked', async () => {
    const { groups, add } = createGroupCore();
    groups.xgroupCreate('s', 'g', '$', { mkStream: true });
    const pending = groups.xreadgroup('g', 'c', read('s'), { blockMs: 0, noAck: true });
    add('s', '1-0');
    expect(ids(await pending)).toEqual([['s', ['1-0']]]);
    expect(groups.xpending('s', 'g').count).toBe(0);
  });

  it('§5.5 a waiter on several keys is answered with the one key that woke it', async () => {
    const { groups, add } = createGroupCore();
    groups.xgroupCreate('a', 'g', '$', { mkStream: true });
    groups.xgroupCreate('b', 'g', '$', { mkStream: true });
    const pending = groups.xreadgroup('g', 'c', [...read('a'), ...read('b')], { blockMs: 0 });
    add('b', '1-0');
    expect(ids(await pending)).toEqual([['b', ['1-0']]]);
  });

  it('§5.5 XGROUP DESTROY answers the group blocked readers with NOGROUP', async () => {
    const { core, groups } = createGroupCore();
    groups.xgroupCreate('s', 'g', '$', { mkStream: true });
    groups.xgroupCreate('s', 'other', '$');
    const gone = groups.xreadgroup('g', 'c', read('s'), { blockMs: 0 });
    const stays = groups.xreadgroup('other', 'c', read('s'), { blockMs: 0 });
    expect(groups.xgroupDestroy('s', 'g')).toBe(1);
    expect(await rejection(gone)).toBe(
      'NOGROUP the consumer group this client was blocked on no longer exists',
    );
    expect(core.blocking.count('s')).toBe(1);
    core.close();
    expect(await stays).toBeNull();
  });

  it('§5.5 deleting the key answers UNBLOCKED (7.0); XREAD waiters stay blocked', async () => {
    const { core, groups, streams } = createGroupCore();
    groups.xgroupCreate('s', 'g', '$', { mkStream: true });
    const reader = groups.xreadgroup('g', 'c', read('s'), { blockMs: 0 });
    const plain = streams.xread([{ key: 's', id: '$' }], { blockMs: 0 });
    expect(core.del(['s'])).toBe(1);
    expect(await rejection(reader)).toBe('UNBLOCKED the stream key no longer exists');
    expect(core.blocking.count()).toBe(1);
    core.close();
    expect(await plain).toBeNull();
  });

  it('§5.5 a key overwritten by another type answers UNBLOCKED too (7.0)', async () => {
    const { core, groups } = createGroupCore();
    groups.xgroupCreate('s', 'g', '$', { mkStream: true });
    const reader = groups.xreadgroup('g', 'c', read('s'), { blockMs: 0 });
    core.keyspace.delete('s');
    core.lists.rpush('s', ['x']);
    expect(await rejection(reader)).toBe('UNBLOCKED the stream key no longer exists');
  });

  it('§5.5 an XADD that trims the new entry away still wakes the reader, with an empty list (7.0 quirk)', async () => {
    const { groups, streams } = createGroupCore();
    groups.xgroupCreate('s', 'g', '$', { mkStream: true });
    const pending = groups.xreadgroup('g', 'c', read('s'), { blockMs: 0 });
    streams.xadd('s', '1-0', ['f', 'v'], { trim: { strategy: 'MAXLEN', threshold: 0 } });
    expect(await pending).toEqual([['s', []]]);
    expect(groups.xinfoGroups('s')[0].lastDeliveredId).toBe('0-0');
    expect(groups.xinfoConsumers('s', 'g').map((c) => c.name)).toEqual(['c']);
  });

  it('§5.5 missing key or group fails at once even with BLOCK', async () => {
    const { core, groups } = createGroupCore();
    expect(await rejection(groups.xreadgroup('g', 'c', read('s'), { blockMs: 0 }))).toMatch(
      /^NOGROUP/,
    );
    expect(core.blocking.count()).toBe(0);
  });
});
