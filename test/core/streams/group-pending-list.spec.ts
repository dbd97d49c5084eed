import fc from 'fast-check';
import { PendingList } from '../../../lib/core/streams/pending-list';

/** Sorted [id, value] pairs of a model map. */
const sortedModel = (model: Map<bigint, number>) =>
  [...model.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

describe('PendingList (the id-ordered PEL structure, §5.1)', () => {
  it('keeps entries in id order whatever the insertion order', () => {
    const list = new PendingList<string>();
    for (const n of [5n, 1n, 9n, 3n, 7n]) expect(list.insert(n, `v${n}`)).toBe(true);
    expect([...list.entries()].map((s) => s.id)).toEqual([1n, 3n, 5n, 7n, 9n]);
    expect(list.first()).toEqual({ id: 1n, value: 'v1' });
    expect(list.last()).toEqual({ id: 9n, value: 'v9' });
  });

  it('insert does not replace an existing id (like raxTryInsert)', () => {
    const list = new PendingList<string>();
    list.insert(1n, 'a');
    expect(list.insert(1n, 'b')).toBe(false);
    expect(list.get(1n)).toBe('a');
    expect(list.size).toBe(1);
  });

  it('ceiling seeks the first id ≥ the given one, across chunk boundaries', () => {
    const list = new PendingList<number>();
    for (let i = 0; i < 2000; i += 2) list.insert(BigInt(i), i);
    expect(list.ceiling(0n)?.id).toBe(0n);
    expect(list.ceiling(513n)?.id).toBe(514n);
    expect(list.ceiling(1998n)?.id).toBe(1998n);
    expect(list.ceiling(1999n)).toBeUndefined();
    expect([...list.entries(1001n)].length).toBe(499);
  });

  it('deletes in the middle of 100k entries stay fast (no O(n²))', () => {
    const list = new PendingList<number>();
    const n = 100_000;
    for (let i = 0; i < n; i++) list.insert(BigInt(i), i);
    // Every other id from the middle outwards, then re-inserted: 100k mid-list edits.
    for (let i = 1; i < n; i += 2) list.delete(BigInt(i));
    for (let i = 1; i < n; i += 2) list.insert(BigInt(i), i);
    expect(list.size).toBe(n);
    expect(list.get(77_777n)).toBe(77_777);
  });

  it('property: behaves like a sorted map under random inserts, deletes and seeks', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('insert' as const), id: fc.bigInt(0n, 600n) }),
      fc.record({ kind: fc.constant('delete' as const), id: fc.bigInt(0n, 600n) }),
      fc.record({ kind: fc.constant('ceiling' as const), id: fc.bigInt(0n, 650n) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 1500 }), (ops) => {
        const list = new PendingList<number>();
        const model = new Map<bigint, number>();
        ops.forEach(({ kind, id }, step) => {
          if (kind === 'insert') {
            expect(list.insert(id, step)).toBe(!model.has(id));
            if (!model.has(id)) model.set(id, step);
          } else if (kind === 'delete') {
            expect(list.delete(id)).toBe(model.get(id));
            model.delete(id);
          } else {
            const expected = sortedModel(model).find(([k]) => k >= id);
            expect(list.ceiling(id)).toEqual(expected && { id: expected[0], value: expected[1] });
          }
        });
        expect([...list.entries()].map((s) => [s.id, s.value])).toEqual(sortedModel(model));
        expect(list.size).toBe(model.size);
      }),
      { numRuns: 60 },
    );
  });
});
