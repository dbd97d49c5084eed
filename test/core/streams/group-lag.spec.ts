import { ConsumerGroup } from '../../../lib/core/streams/consumer-group';
import { estimateEntriesRead, groupLag, hasTombstones } from '../../../lib/core/streams/group-lag';
import { createGroupCore, id } from './group-fixture';

/** A core with `s` holding 1-0 .. 5-0, and a way to read its stream value. */
function fiveEntries() {
  const fixture = createGroupCore();
  fixture.addRange('s', 5);
  const stream = () => fixture.core.keyspace.get('s') as Parameters<typeof groupLag>[0];
  return { ...fixture, stream };
}

describe('entries-read and lag, 7.0 algorithm (§5.11)', () => {
  it('§5.11 hasTombstones: only an XDEL at or after `from`, not before the first entry', () => {
    const { streams, stream } = fiveEntries();
    expect(hasTombstones(stream(), id('0'))).toBe(false);
    streams.xdel('s', ['3-0']);
    expect(hasTombstones(stream(), id('3'))).toBe(true);
    expect(hasTombstones(stream(), id('4'))).toBe(false);
    streams.xtrim('s', { strategy: 'MINID', threshold: '4' });
    // The tombstone now lies before the first entry.
    expect(hasTombstones(stream(), id('0'))).toBe(false);
  });

  it('§5.11 estimate: exact at the last id and the first entry, before the first, unknown otherwise', () => {
    const { streams, stream } = fiveEntries();
    expect(estimateEntriesRead(stream(), id('5'))).toBe(5);
    expect(estimateEntriesRead(stream(), id('6'))).toBeNull();
    expect(estimateEntriesRead(stream(), id('1'))).toBe(1);
    expect(estimateEntriesRead(stream(), id('0'))).toBe(0);
    expect(estimateEntriesRead(stream(), id('3'))).toBeNull();
    streams.xtrim('s', { strategy: 'MAXLEN', threshold: 2 });
    expect(estimateEntriesRead(stream(), id('2'))).toBe(3);
    expect(estimateEntriesRead(stream(), id('4'))).toBe(4);
    // A tombstone behind the first entry does not fragment what is left.
    streams.xdel('s', ['4-0']);
    expect(estimateEntriesRead(stream(), id('2'))).toBe(4);
    expect(estimateEntriesRead(stream(), id('5'))).toBe(5);
    streams.xdel('s', ['5-0']);
    // Empty stream: every id up to the last counts everything added.
    expect(estimateEntriesRead(stream(), id('2'))).toBe(5);
  });

  it('§5.11 lag of a stream nothing was ever added to is 0', () => {
    const { groups, core } = createGroupCore();
    groups.xgroupCreate('e', 'g', '0', { mkStream: true });
    const stream = core.keyspace.get('e') as Parameters<typeof groupLag>[0];
    expect(groupLag(stream, new ConsumerGroup('x', 0n, null))).toBe(0);
    expect(groups.xinfoGroups('e')[0]).toMatchObject({ entriesRead: null, lag: 0 });
  });

  it('§5.11 observed: fresh group at 0 → nil / 5; XDEL ahead → lag nil until read past; then 5 / 0', async () => {
    const { groups, streams, readNew } = fiveEntries();
    groups.xgroupCreate('s', 'g', '0');
    expect(groups.xinfoGroups('s')[0]).toMatchObject({ entriesRead: null, lag: 5 });
    streams.xdel('s', ['3-0']);
    expect(groups.xinfoGroups('s')[0]).toMatchObject({ entriesRead: null, lag: null });
    await readNew('s', 'g', 'c', 1);
    // Delivering 1-0 re-estimates, and with a tombstone ahead the estimate is unknown.
    expect(groups.xinfoGroups('s')[0]).toMatchObject({ entriesRead: null, lag: null });
    await readNew('s', 'g', 'c');
    expect(groups.xinfoGroups('s')[0]).toMatchObject({ entriesRead: 5, lag: 0 });
  });

  it('§5.11 a valid counter is incremented per delivered entry when no tombstone lies ahead', async () => {
    const { groups, readNew, add } = fiveEntries();
    groups.xgroupCreate('s', 'g', '0', { entriesRead: 0 });
    await readNew('s', 'g', 'c', 2);
    expect(groups.xinfoGroups('s')[0]).toMatchObject({ entriesRead: 2, lag: 3 });
    add('s', '6-0');
    expect(groups.xinfoGroups('s')[0]).toMatchObject({ entriesRead: 2, lag: 4 });
  });

  it('§5.11 7.0 keeps counting after XTRIM (lag 4 where 7.2 says 1)', async () => {
    const { groups, streams, readNew } = fiveEntries();
    groups.xgroupCreate('s', 'g', '0');
    await readNew('s', 'g', 'c', 1);
    streams.xtrim('s', { strategy: 'MAXLEN', threshold: 1 });
    expect(groups.xinfoGroups('s')[0]).toMatchObject({ entriesRead: 1, lag: 4 });
  });
});

describe('estimate with a tombstone inside the stream (§5.11)', () => {
  it('§5.11 an XDEL at or after the first entry makes every id before the last unknown', () => {
    const { streams, stream } = fiveEntries();
    streams.xdel('s', ['2-0']);
    expect(estimateEntriesRead(stream(), id('0'))).toBeNull();
    expect(estimateEntriesRead(stream(), id('1'))).toBeNull();
    expect(estimateEntriesRead(stream(), id('5'))).toBe(5);
  });
});
