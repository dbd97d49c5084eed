import fc from 'fast-check';
import { ScoreSkipList } from '../../../lib/core/sorted-sets/skip-list';
import type { ScoredMember } from '../../../lib/core/sorted-sets/sorted-set.types';
import { createSortedSets, redisOrder } from './sorted-set-fixture';

/**
 * Property tests against a plain model — a Map of member → score, sorted on demand with Redis's
 * order (score, then UTF-8 bytes): whatever the skip list's random node heights, every command
 * answers as the model does and the members stay in order after every step.
 */

type Op =
  | { readonly op: 'zadd'; readonly members: ScoredMember[] }
  | { readonly op: 'zrem'; readonly members: string[] }
  | { readonly op: 'zscore'; readonly member: string }
  | {
      readonly op: 'range';
      readonly min: number;
      readonly max: number;
      readonly offset?: number;
      readonly count?: number;
    };

// Few members and scores, so adds collide with existing members and scores tie often; a few
// non-ASCII members so byte order differs from UTF-16 order.
const member = fc.constantFrom('a', 'b', 'c', 'B', 'aa', 'é', '\uFFFD', '\u{1F600}', '');
const score = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: -3, max: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom(-Infinity, Infinity, 0.5, -0) },
);
const bound = fc.oneof(score, fc.double({ min: -4, max: 4, noNaN: true }));
const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      op: fc.constant('zadd' as const),
      members: fc.array(fc.tuple(member, score), { minLength: 1, maxLength: 4 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('zrem' as const),
      members: fc.array(member, { minLength: 1, maxLength: 3 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('zscore' as const), member }) },
  {
    weight: 3,
    arbitrary: fc.record(
      {
        op: fc.constant('range' as const),
        min: bound,
        max: bound,
        offset: fc.integer({ min: -1, max: 4 }),
        count: fc.integer({ min: -1, max: 4 }),
      },
      { requiredKeys: ['op', 'min', 'max'] },
    ),
  },
);

/** What the model answers to `o`, applying it. */
function applyToModel(model: Map<string, number>, o: Op): unknown {
  switch (o.op) {
    case 'zadd': {
      let added = 0;
      for (const [m, s] of o.members) {
        if (!model.has(m)) added++;
        model.set(m, s === 0 ? 0 : s);
      }
      return added;
    }
    case 'zrem':
      return o.members.reduce((n, m) => n + (model.delete(m) ? 1 : 0), 0);
    case 'zscore':
      return model.get(o.member) ?? null;
    case 'range': {
      const offset = o.offset ?? 0;
      const count = o.count ?? -1;
      if (offset < 0) return [];
      const inRange = sorted(model).filter(([, s]) => s >= o.min && s <= o.max);
      return inRange.slice(offset, count < 0 ? undefined : offset + count);
    }
  }
}

function sorted(model: Map<string, number>): ScoredMember[] {
  return [...model.entries()].sort(redisOrder);
}

describe('sorted set against a model', () => {
  it('answers every command as the model and keeps the members in Redis order', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 60 }), (ops) => {
        const { zsets, ctx, contents } = createSortedSets();
        const model = new Map<string, number>();
        for (const o of ops) {
          const expected = applyToModel(model, o);
          const actual =
            o.op === 'zadd'
              ? zsets.zadd('z', o.members)
              : o.op === 'zrem'
                ? zsets.zrem('z', o.members)
                : o.op === 'zscore'
                  ? zsets.zscore('z', o.member)
                  : zsets.zrangeByScore('z', o.min, o.max, { offset: o.offset, count: o.count });
          expect(actual).toEqual(expected);
          expect(contents('z')).toEqual(sorted(model));
          expect(zsets.zcard('z')).toBe(model.size);
          // Redis deletes an emptied sorted set.
          expect(ctx.keyspace.has('z')).toBe(model.size > 0);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('skip list', () => {
  it('keeps tens of thousands of members in order through inserts and removals', () => {
    const list = new ScoreSkipList();
    const model = new Map<string, number>();
    // A deterministic shuffle of 30,000 members over 1,000 scores (ties ordered by member).
    for (let i = 0; i < 30_000; i++) {
      const m = `m${(i * 7919) % 30_000}`;
      const s = (i * 104_729) % 1_000;
      list.insert(m, s);
      model.set(m, s);
    }
    for (let i = 0; i < 30_000; i += 3) {
      const m = `m${i}`;
      expect(list.remove(m, model.get(m) as number)).toBe(true);
      model.delete(m);
    }
    expect(list.remove('m0', 0)).toBe(false);
    expect(list.length).toBe(model.size);
    expect([...list].map((n): ScoredMember => [n.member, n.score])).toEqual(sorted(model));
    expect(list.firstAtLeast(999.5)).toBeUndefined();
    expect(list.firstAtLeast(500)?.score).toBe(500);
  });

  it('remove needs the stored score: the same member under another score is not found', () => {
    const list = new ScoreSkipList();
    list.insert('a', 1);
    expect(list.remove('a', 2)).toBe(false);
    expect(list.remove('a', 1)).toBe(true);
    expect(list.length).toBe(0);
    expect(list.firstAtLeast(-Infinity)).toBeUndefined();
  });
});
