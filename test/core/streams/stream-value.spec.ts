import { formatId, makeId, U64_MAX } from '../../../lib/core/streams/stream-id';
import { readStoredEntry, StreamValue } from '../../../lib/core/streams/stream.value';

const id = (ms: number, seq = 0) => makeId(BigInt(ms), BigInt(seq));
const texts = (ids: bigint[]) => ids.map(formatId);

function filled(n: number, limits?: ConstructorParameters<typeof StreamValue>[0]): StreamValue {
  const stream = new StreamValue(limits);
  for (let i = 1; i <= n; i++) stream.append(id(i), ['f', String(i)]);
  return stream;
}

describe('StreamValue storage (§4.3 macro nodes, §5.1 data model)', () => {
  it('starts empty: new StreamValue() is what XGROUP CREATE ... MKSTREAM stores', () => {
    const stream = new StreamValue();
    expect(stream).toMatchObject({
      type: 'stream',
      length: 0,
      lastId: 0n,
      entriesAdded: 0,
      maxDeletedId: 0n,
      firstId: 0n,
      lastLiveId: 0n,
    });
    expect(stream.groups.size).toBe(0);
    expect(stream.entriesAfter(0n, 0)).toEqual([]);
  });

  it('§4.3 a node holds at most maxEntries slots, deleted ones included', () => {
    const stream = filled(10, { maxEntries: 4 });
    expect(stream.nodeCount).toBe(3);
    stream.delete(id(9)); // marked in the tail node [9, 10], still taking a slot
    stream.append(id(11), ['f', '11']);
    stream.append(id(12), ['f', '12']);
    expect(stream.nodeCount).toBe(3);
    stream.append(id(13), ['f', '13']);
    expect(stream.nodeCount).toBe(4);
  });

  it('§4.3 a node closes when it would reach maxBytes', () => {
    const stream = new StreamValue({ maxEntries: 0, maxBytes: 200 });
    for (let i = 1; i <= 10; i++) stream.append(id(i), ['field', 'x'.repeat(40)]);
    expect(stream.nodeCount).toBeGreaterThan(2);
    expect(stream.length).toBe(10);
  });

  it('§4.3 with the default limits, nodes fill up as Redis 7.0.15 fills its listpacks', () => {
    // XINFO STREAM radix-tree-keys after 1000 XADDs of each shape on redis-server 7.0.15.
    const shapes: [string, (i: number) => string[], number][] = [
      ['one 47-byte pair', (i) => ['payload', `v${String(i).padStart(39, '0')}`], 13],
      ['two pairs with numbers', (i) => ['a', String(i), 'b', `x${i}`], 10],
      ['field names changing', (i) => [`k${i % 3}`, String(i)], 10],
      ['a 300-byte value', (i) => ['payload', String(i).padStart(300, '0')], 77],
    ];
    for (const [, fields, nodes] of shapes) {
      const stream = new StreamValue();
      for (let i = 1; i <= 1000; i++) stream.append(id(1000, i), fields(i));
      expect(stream.nodeCount).toBe(nodes);
    }
  });

  it('§4.2 entries whose fields differ from the node master fields keep their own names', () => {
    const stream = new StreamValue();
    stream.append(id(1), ['a', '1', 'b', '2']);
    stream.append(id(2), ['a', '3', 'b', '4']);
    stream.append(id(3), ['b', '5', 'a', '6']);
    stream.append(id(4), ['a', '7']);
    stream.append(id(5), ['a', '8', 'b', '9', 'a', '10']);
    expect(stream.entriesAfter(0n, 0)).toEqual([
      { id: id(1), fields: ['a', '1', 'b', '2'] },
      { id: id(2), fields: ['a', '3', 'b', '4'] },
      { id: id(3), fields: ['b', '5', 'a', '6'] },
      { id: id(4), fields: ['a', '7'] },
      { id: id(5), fields: ['a', '8', 'b', '9', 'a', '10'] },
    ]);
  });

  it('§4.5 XDEL marks the entry deleted, drops an emptied node, and keeps the others readable', () => {
    const stream = filled(9, { maxEntries: 3 });
    expect(stream.delete(id(4))).toBe(true);
    expect(stream.delete(id(4))).toBe(false);
    expect(stream.delete(id(42))).toBe(false);
    expect(stream.nodeCount).toBe(3);
    stream.delete(id(5));
    stream.delete(id(6));
    expect(stream.nodeCount).toBe(2);
    expect(texts(stream.entriesAfter(0n, 0).map((e) => e.id))).toEqual([
      '1-0',
      '2-0',
      '3-0',
      '7-0',
      '8-0',
      '9-0',
    ]);
    expect(stream).toMatchObject({
      length: 6,
      maxDeletedId: id(6),
      firstId: id(1),
      lastLiveId: id(9),
      lastId: id(9),
    });
  });

  it('§5.1 StreamLog: get() answers live entries only; entriesAfter() is strictly after, up to count', () => {
    const stream = filled(5);
    stream.delete(id(3));
    expect(stream.get(id(2))).toEqual(['f', '2']);
    expect(stream.get(id(3))).toBeUndefined();
    expect(stream.get(id(2, 1))).toBeUndefined();
    expect(stream.get(id(99))).toBeUndefined();
    expect(texts(stream.entriesAfter(id(1), 2).map((e) => e.id))).toEqual(['2-0', '4-0']);
    expect(texts(stream.entriesAfter(id(4), 0).map((e) => e.id))).toEqual(['5-0']);
    expect(stream.entriesAfter(id(5), 0)).toEqual([]);
  });

  it('§4.1 ids beyond 2^53 stay exact and ordered', () => {
    const stream = new StreamValue({ maxEntries: 2 });
    const ids = [
      makeId(2n ** 53n + 1n, 0n),
      makeId(2n ** 53n + 1n, U64_MAX - 1n),
      makeId(2n ** 53n + 1n, U64_MAX),
      makeId(U64_MAX, U64_MAX),
    ];
    for (const entry of ids) stream.append(entry, ['f', formatId(entry)]);
    expect(stream.entriesAfter(0n, 0).map((e) => e.id)).toEqual(ids);
    expect(stream.get(ids[1])).toEqual(['f', '9007199254740993-18446744073709551614']);
    expect(stream.range(ids[1], ids[2], 0, true, readStoredEntry).map((e) => e.id)).toEqual([
      ids[2],
      ids[1],
    ]);
    expect(stream.lastId).toBe(ids[3]);
  });

  it('finds entries anywhere in a 1,000,000-entry stream', () => {
    const stream = new StreamValue();
    for (let i = 0; i < 1_000_000; i++) stream.append(id(10_000 + i, i % 3), ['n', String(i)]);
    for (const i of [0, 1, 99, 100, 123_456, 500_000, 999_999]) {
      expect(stream.get(id(10_000 + i, i % 3))).toEqual(['n', String(i)]);
      expect(stream.entriesAfter(id(10_000 + i, i % 3), 1)[0]?.fields).toEqual(
        i === 999_999 ? undefined : ['n', String(i + 1)],
      );
    }
    expect(stream.get(id(10_000 + 500_000, 0))).toBeUndefined(); // its seq is 500000 % 3 = 2
    expect(stream.length).toBe(1_000_000);
  });
});
