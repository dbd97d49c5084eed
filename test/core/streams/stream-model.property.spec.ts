import fc from 'fast-check';
import { BrokerReplyError } from '../../../lib/core/reply-error';
import {
  formatId,
  makeId,
  MAX_ID,
  type StreamId,
  U64_MAX,
} from '../../../lib/core/streams/stream-id';
import type { StreamEntry } from '../../../lib/core/streams/stream.types';
import { createStreams } from './stream-fixture';

/**
 * Property tests against a plain sorted array: whatever the macro-node size, XADD ids follow
 * §4.1 and strictly increase, and XRANGE / XREVRANGE / XDEL / XTRIM (exact) and the §4.5
 * metadata agree with the model after every step.
 */

const U64 = U64_MAX.toString();
type Bound =
  { readonly ms: number; readonly seq?: number | 'max'; readonly exclusive: boolean } | '-' | '+';

type Op =
  | { readonly op: 'xadd-auto'; readonly advance: number }
  | { readonly op: 'xadd-seq'; readonly ms: number }
  | { readonly op: 'xadd'; readonly ms: number; readonly seq: number | 'max' }
  | { readonly op: 'xdel'; readonly ids: readonly (readonly [number, number])[] }
  | { readonly op: 'maxlen'; readonly n: number }
  | { readonly op: 'minid'; readonly ms: number; readonly seq: number }
  | {
      readonly op: 'range';
      readonly start: Bound;
      readonly end: Bound;
      readonly count?: number;
      readonly reverse: boolean;
    };

const small = fc.integer({ min: 0, max: 12 });
const seqArb = fc.oneof(fc.integer({ min: 0, max: 4 }), fc.constant<'max'>('max'));
const boundArb: fc.Arbitrary<Bound> = fc.oneof(
  fc.constantFrom<'-' | '+'>('-', '+'),
  fc.record({
    ms: fc.integer({ min: 1, max: 12 }),
    seq: fc.option(seqArb, { nil: undefined }),
    exclusive: fc.boolean(),
  }),
);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('xadd-auto' as const),
      advance: fc.integer({ min: 0, max: 2 }),
    }),
  },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('xadd-seq' as const), ms: small }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('xadd' as const), ms: small, seq: seqArb }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('xdel' as const),
      ids: fc.array(fc.tuple(small, fc.integer({ min: 0, max: 4 })), {
        minLength: 1,
        maxLength: 4,
      }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('maxlen' as const),
      n: fc.integer({ min: 0, max: 12 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('minid' as const),
      ms: small,
      seq: fc.integer({ min: 0, max: 4 }),
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record(
      {
        op: fc.constant('range' as const),
        start: boundArb,
        end: boundArb,
        count: fc.integer({ min: 0, max: 4 }),
        reverse: fc.boolean(),
      },
      { requiredKeys: ['op', 'start', 'end', 'reverse'] },
    ),
  },
);

const seqOf = (seq: number | 'max' | undefined, missing: bigint) =>
  seq === undefined ? missing : seq === 'max' ? U64_MAX : BigInt(seq);
const boundText = (b: Bound) =>
  typeof b === 'string'
    ? b
    : `${b.exclusive ? '(' : ''}${b.ms}${b.seq === undefined ? '' : `-${b.seq === 'max' ? U64 : b.seq}`}`;
function boundId(b: Bound, side: 'start' | 'end'): StreamId | null {
  if (b === '-') return 0n;
  if (b === '+') return MAX_ID;
  const id = makeId(BigInt(b.ms), seqOf(b.seq, side === 'start' ? 0n : U64_MAX));
  if (!b.exclusive) return id;
  if (side === 'start') return id === MAX_ID ? null : id + 1n;
  return id === 0n ? null : id - 1n;
}

class Model {
  entries: { id: StreamId; fields: string[] }[] = [];
  last = 0n;
  added = 0;
  maxDeleted = 0n;

  add(id: StreamId, fields: string[]): void {
    this.entries.push({ id, fields });
    this.last = id;
    this.added++;
  }
  range(
    start: StreamId,
    end: StreamId,
    count: number | undefined,
    reverse: boolean,
  ): StreamEntry[] {
    let found = this.entries.filter((e) => e.id >= start && e.id <= end);
    if (reverse) found = found.reverse();
    if (count !== undefined) found = found.slice(0, count);
    return found.map((e) => ({ id: formatId(e.id), fields: e.fields }));
  }
}

function errorText(action: () => unknown): string | unknown {
  try {
    return action();
  } catch (error) {
    if (error instanceof BrokerReplyError) return `error: ${error.message}`;
    throw error;
  }
}

describe('streams against a sorted-array model (§4.1–§4.5)', () => {
  it('agree on ids, ranges, deletions, exact trimming and metadata for any node size', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.array(opArb, { minLength: 20, maxLength: 80, size: 'max' }),
        (nodeSize, ops) => {
          const { ctx, streams } = createStreams({ maxEntries: nodeSize });
          ctx.clock.set(5); // `*` ids then mix with the explicit ones
          const model = new Model();
          let serial = 0;
          for (const op of ops) {
            const fields = ['n', String(serial++)];
            if (op.op === 'xadd-auto' || op.op === 'xadd-seq' || op.op === 'xadd') {
              if (op.op === 'xadd-auto') ctx.clock.advance(op.advance);
              const text =
                op.op === 'xadd-auto'
                  ? '*'
                  : op.op === 'xadd-seq'
                    ? `${op.ms}-*`
                    : `${op.ms}-${op.seq === 'max' ? U64 : op.seq}`;
              const before = model.last;
              let expected: StreamId | string;
              if (op.op === 'xadd' && op.ms === 0 && op.seq === 0)
                expected = 'ERR The ID specified in XADD must be greater than 0-0';
              else if (before === MAX_ID)
                expected =
                  'ERR The stream has exhausted the last possible ID, unable to add more items';
              else if (op.op === 'xadd-auto')
                expected =
                  BigInt(ctx.clock.now()) > before >> 64n
                    ? makeId(BigInt(ctx.clock.now()), 0n)
                    : before + 1n;
              else if (
                op.op === 'xadd-seq' &&
                BigInt(op.ms) === before >> 64n &&
                (before & U64_MAX) === U64_MAX
              )
                expected = 'ERR Elements are too large to be stored';
              else if (op.op === 'xadd-seq')
                expected =
                  BigInt(op.ms) === before >> 64n ? before + 1n : makeId(BigInt(op.ms), 0n);
              else expected = makeId(BigInt(op.ms), seqOf(op.seq, 0n));
              if (typeof expected === 'bigint' && expected <= before)
                expected =
                  'ERR The ID specified in XADD is equal or smaller than the target stream top item';
              const reply = errorText(() => streams.xadd('s', text, fields));
              if (typeof expected === 'string') {
                expect(reply).toBe(`error: ${expected}`);
              } else {
                expect(reply).toBe(formatId(expected));
                expect(expected > before).toBe(true);
                model.add(expected, fields);
              }
            } else if (op.op === 'xdel') {
              const ids = op.ids.map(([ms, seq]) => makeId(BigInt(ms), BigInt(seq)));
              const unique = new Set(ids);
              const gone = model.entries.filter((e) => unique.has(e.id));
              model.entries = model.entries.filter((e) => !unique.has(e.id));
              for (const e of gone) if (e.id > model.maxDeleted) model.maxDeleted = e.id;
              expect(streams.xdel('s', ids.map(formatId))).toBe(gone.length);
            } else if (op.op === 'maxlen') {
              const removed = Math.max(0, model.entries.length - op.n);
              model.entries = model.entries.slice(removed);
              expect(streams.xtrim('s', { strategy: 'MAXLEN', threshold: op.n })).toBe(removed);
            } else if (op.op === 'minid') {
              const min = makeId(BigInt(op.ms), BigInt(op.seq));
              const kept = model.entries.filter((e) => e.id >= min);
              const removed = model.entries.length - kept.length;
              model.entries = kept;
              expect(
                streams.xtrim('s', { strategy: 'MINID', threshold: `${op.ms}-${op.seq}` }),
              ).toBe(removed);
            } else {
              const start = boundId(op.start, 'start');
              const end = boundId(op.end, 'end');
              if (start === null || end === null) continue;
              const args = [boundText(op.start), boundText(op.end)] as const;
              const reply = op.reverse
                ? streams.xrevrange('s', args[1], args[0], op.count)
                : streams.xrange('s', args[0], args[1], op.count);
              const exists = ctx.keyspace.has('s');
              expect(reply).toEqual(
                op.count === 0 && exists ? null : model.range(start, end, op.count, op.reverse),
              );
            }
            expect(streams.xrange('s', '-', '+')).toEqual(
              model.range(0n, MAX_ID, undefined, false),
            );
            if (ctx.keyspace.has('s')) {
              expect(streams.xinfoStream('s')).toMatchObject({
                length: model.entries.length,
                lastGeneratedId: formatId(model.last),
                entriesAdded: model.added,
                maxDeletedEntryId: formatId(model.maxDeleted),
                recordedFirstEntryId: formatId(model.entries[0]?.id ?? 0n),
              });
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
