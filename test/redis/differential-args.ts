import fc from 'fast-check';
import type { ListEnd } from '../../lib/core/lists/list.types';
import type { ScoredMember, ScoreRangeLimit } from '../../lib/core/sorted-sets/sorted-set.types';
import type { SetOptions } from '../../lib/core/strings/string.types';
import type {
  PendingRangeQuery,
  StreamTrim,
  XAddOptions,
  XAutoClaimOptions,
  XClaimOptions,
  XGroupCreateOptions,
  XReadGroupOptions,
} from '../../lib/core/streams/stream.types';

// Argument arbitraries of the differential test (differential-commands.ts): small alphabets so
// calls meet the same keys, ids, groups and consumers often, and now and then an invalid value so
// error replies are compared too. Weights lean towards states worth comparing: streams mostly on
// `a` and `b`, lists mostly on `c` (they still collide: WRONGTYPE), group `g1` more than `g2`.

/** The logical keys of a sequence; each run maps them to key names of its own. */
export type KeyName = 'a' | 'b' | 'c';

/** `common` most of the time, `rare` about one time in ten. */
export function mostly<T>(common: fc.Arbitrary<T>, rare: fc.Arbitrary<T>): fc.Arbitrary<T> {
  return fc.oneof({ arbitrary: common, weight: 9 }, { arbitrary: rare, weight: 1 });
}

/** `undefined` (an omitted argument) `absentWeight` times as often as a value. */
function optional<T>(arb: fc.Arbitrary<T>, absentWeight = 1): fc.Arbitrary<T | undefined> {
  return fc.oneof(
    { arbitrary: fc.constant(undefined), weight: absentWeight },
    { arbitrary: arb, weight: 1 },
  );
}

function weightedKey(a: number, b: number, c: number): fc.Arbitrary<KeyName> {
  return fc.oneof(
    { arbitrary: fc.constant<KeyName>('a'), weight: a },
    { arbitrary: fc.constant<KeyName>('b'), weight: b },
    { arbitrary: fc.constant<KeyName>('c'), weight: c },
  );
}

// ---- keys and plain values ---------------------------------------------------------------------

export const anyKey = weightedKey(1, 1, 1);
export const zsetKey = weightedKey(1, 4, 3);
export const streamKey = weightedKey(7, 2, 1);
export const listKey = weightedKey(1, 3, 6);
export const keyList = mostly(
  fc.array(anyKey, { minLength: 1, maxLength: 3 }),
  fc.constant<KeyName[]>([]),
);

export const element = fc.constantFrom('x', 'y', 'z');
export const elements = mostly(
  fc.array(element, { minLength: 1, maxLength: 4 }),
  fc.constant<string[]>([]),
);
export const listEnd = fc.constantFrom<ListEnd>('LEFT', 'RIGHT');
export const group = fc.oneof({ arbitrary: fc.constant('g1'), weight: 5 }, fc.constant('g2'));
export const consumer = fc.constantFrom('c1', 'c2', 'c3');

/** A non-integer, which Redis refuses where it reads an integer. */
const FRACTION = 1.5;
export const popCount = mostly(fc.integer({ min: 0, max: 4 }), fc.constantFrom(-1, FRACTION));
export const listIndex = mostly(fc.integer({ min: -5, max: 5 }), fc.constant(FRACTION));
/** COUNT of XRANGE / XREAD / XREADGROUP: 0 and negative values have replies of their own. */
export const rangeCount = optional(
  mostly(fc.integer({ min: 0, max: 4 }), fc.constantFrom(-1, FRACTION)),
);

// ---- stream ids --------------------------------------------------------------------------------

const MAX_U64 = '18446744073709551615';
export const ms = fc.integer({ min: 0, max: 6 });
/** An id's ms part, mostly where the streams' entries are (see xaddNext in differential-commands.ts). */
const entryMs = fc.oneof({ arbitrary: fc.integer({ min: 1, max: 3 }), weight: 3 }, ms);
/** XADD's ms: `0-0` is an error of its own, drawn among the rare ids. */
const ms1 = fc.integer({ min: 1, max: 6 });
const seq = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 4 }));
export const explicitId = fc.tuple(entryMs, seq).map(([t, s]) => `${t}-${s}`);
const msText = ms.map(String);
const malformedId = fc.constantFrom('bad', '1-2-3', '-1', '1-*', `1${MAX_U64}`);

/**
 * XADD's id: `ms-seq`, `ms-*` or `ms`, never `*` (it reads the clock); rarely an edge or error.
 * Never `ms-<2^64-1>`: Redis 7.0.15 answers a later `ms-*` on that ms with whatever error the
 * server's stale `errno` selects (its streamAppendItem returns without setting it): "Elements are
 * too large to be stored", or "equal or smaller" right after another XADD failed that way
 * (checked with redis-cli in one pipeline). The core gives the first (§4.1); Redis is not
 * deterministic there, so there is nothing to compare.
 */
export const xaddId = mostly(
  fc.oneof(
    { arbitrary: fc.tuple(ms1, seq).map(([t, s]) => `${t}-${s}`), weight: 4 },
    { arbitrary: ms1.map((t) => `${t}-*`), weight: 2 },
    { arbitrary: ms1.map(String), weight: 2 },
  ),
  fc.oneof(fc.constantFrom('0-0', '0', `${MAX_U64}-${MAX_U64}`), malformedId),
);

/** XRANGE / XREVRANGE / XPENDING bounds and XAUTOCLAIM's start. */
export const rangeBound = mostly(
  fc.oneof(
    { arbitrary: fc.constantFrom('-', '+'), weight: 3 },
    msText,
    explicitId,
    explicitId.map((id) => `(${id}`),
    msText.map((t) => `(${t}`),
  ),
  fc.oneof(fc.constantFrom('(-', '(+', `(${MAX_U64}-${MAX_U64}`, '(0-0'), malformedId),
);

export const xreadId = mostly(
  fc.oneof(fc.constantFrom('$', '0'), explicitId, msText),
  fc.constantFrom('>', '-', '+', 'bad'),
);
export const groupReadId = mostly(
  fc.oneof(
    { arbitrary: fc.constant('>'), weight: 4 },
    { arbitrary: fc.constant('0'), weight: 2 },
    { arbitrary: explicitId, weight: 1 },
  ),
  fc.constantFrom('$', 'bad'),
);
export const groupCreateId = mostly(
  fc.oneof(
    { arbitrary: fc.constant('0'), weight: 4 },
    { arbitrary: fc.constant('$'), weight: 2 },
    { arbitrary: explicitId, weight: 1 },
    { arbitrary: msText, weight: 1 },
  ),
  fc.constantFrom('-', '+', '>', 'bad'),
);
export const setIdTarget = mostly(
  fc.oneof(fc.constantFrom('$', '0', '-', '+'), explicitId),
  fc.constant('bad'),
);
export const idList = mostly(
  fc.array(explicitId, { minLength: 1, maxLength: 3 }),
  fc.oneof(
    fc.constant<string[]>([]),
    explicitId.map((id) => [id, 'bad']),
  ),
);
export const entriesRead = optional(
  mostly(fc.constantFrom(-1, 0, 2), fc.constantFrom(-3, FRACTION)),
  3,
);

// ---- stream options ----------------------------------------------------------------------------

/**
 * A value big enough that a few entries fill a 4096-byte macro node, so `~` trimming works on
 * several nodes within a short sequence.
 */
export const BIG_VALUE = 'v'.repeat(1500);
const fieldValue = fc.oneof(
  { arbitrary: fc.constantFrom('1', '2', ''), weight: 6 },
  { arbitrary: fc.constant(BIG_VALUE), weight: 1 },
);

export const fields = mostly(
  fc
    .array(fc.tuple(fc.constantFrom('f', 'g'), fieldValue), {
      minLength: 1,
      maxLength: 2,
    })
    .map((pairs) => pairs.flat()),
  fc.constantFrom<string[]>([], ['f']),
);

const trimLimit = optional(mostly(fc.constantFrom(0, 1, 5), fc.constant(-1)), 3);
export const trim: fc.Arbitrary<StreamTrim> = fc.oneof(
  fc.record({
    strategy: fc.constant('MAXLEN' as const),
    threshold: mostly(fc.integer({ min: 0, max: 5 }), fc.constantFrom<number | string>(-1, 'x')),
    approximate: fc.boolean(),
    limit: trimLimit,
  }),
  fc.record({
    strategy: fc.constant('MINID' as const),
    threshold: mostly(fc.oneof(explicitId, msText), malformedId),
    approximate: fc.boolean(),
    limit: trimLimit,
  }),
);

export const xaddOptions = optional(
  fc.record<XAddOptions>(
    { noMkStream: fc.boolean(), trim: optional(trim) },
    { requiredKeys: ['trim'] },
  ),
  2,
);

export const readGroupOptions = optional(
  fc.record<XReadGroupOptions>({ count: rangeCount, noAck: fc.boolean() }, { requiredKeys: [] }),
);

export const groupCreateOptions = mostly(
  fc.record<XGroupCreateOptions>({ mkStream: fc.constantFrom(true, true, false), entriesRead }),
  fc.constant(undefined),
);

/** min-idle-time 0 (or negative, which Redis reads as 0): the claim does not depend on time. */
export const minIdle = mostly(fc.constantFrom(0, 0, -1), fc.constant(FRACTION));

export const claimOptions = optional(
  fc.record<XClaimOptions>(
    {
      retryCount: mostly(fc.constantFrom(0, 1, 3), fc.constantFrom(-1, FRACTION)),
      force: fc.boolean(),
      lastId: mostly(explicitId, fc.constant('bad')),
    },
    { requiredKeys: [] },
  ),
  2,
);

export const autoClaimOptions = optional(
  fc.record<XAutoClaimOptions>({
    count: mostly(fc.integer({ min: 1, max: 3 }), fc.constantFrom(0, -1)),
  }),
);

export const pendingQuery = fc.record<PendingRangeQuery>(
  {
    start: fc.oneof(fc.constant('-'), rangeBound),
    end: fc.oneof(fc.constant('+'), rangeBound),
    count: mostly(fc.constantFrom(1, 2, 10, 10), fc.constantFrom(0, -1, FRACTION)),
    consumer: optional(consumer, 2),
  },
  { requiredKeys: ['start', 'end', 'count'] },
);

// ---- sorted sets -------------------------------------------------------------------------------

export const member = fc.constantFrom('m', 'n', 'o', 'M', 'é');
/** Scores that tie, fractions whose text form is long (0.1), infinities; NaN is an error. */
const score = mostly(
  fc.oneof(
    { arbitrary: fc.integer({ min: -2, max: 3 }), weight: 4 },
    { arbitrary: fc.constantFrom(0.1, FRACTION, 1e21, -0, -Infinity, Infinity), weight: 2 },
  ),
  fc.constant(NaN),
);
export const scoredMembers = mostly(
  fc
    .array(fc.tuple(member, score), { minLength: 1, maxLength: 3 })
    .map((pairs) => pairs.map((pair): ScoredMember => pair)),
  fc.constant<ScoredMember[]>([]),
);
export const members = mostly(
  fc.array(member, { minLength: 1, maxLength: 3 }),
  fc.constant<string[]>([]),
);
export const scoreBound = mostly(
  fc.oneof(
    { arbitrary: fc.constantFrom(-Infinity, Infinity), weight: 2 },
    { arbitrary: fc.integer({ min: -2, max: 3 }), weight: 3 },
    { arbitrary: fc.constant(0.5), weight: 1 },
  ),
  fc.constant(NaN),
);
const limitNumber = mostly(fc.integer({ min: -1, max: 3 }), fc.constant(FRACTION));
export const scoreRangeLimit = optional(
  fc.record<ScoreRangeLimit>({ offset: limitNumber, count: limitNumber }, { requiredKeys: [] }),
);

// ---- strings and expiry ------------------------------------------------------------------------

/**
 * TTLs long enough never to run out during a run (Redis's clock moves, the core's manual one does
 * not), or the edge cases: 0 and negative (delete at once, or an error for SET), non-integers,
 * and 2^63 - 1024, whose deadline overflows on both (far from the boundary for any clock).
 */
const LONG_MS = 100_000_000;
const ttlMs = mostly(
  fc.constantFrom(LONG_MS, 2 * LONG_MS, 9e18),
  fc.constantFrom(0, -1, FRACTION, 2 ** 63 - 1024),
);
export const pexpireMs = ttlMs;
export const stringValue = fc.constantFrom('v', 'w', '');
export const setOptions = optional(
  fc.record<SetOptions>(
    { condition: fc.constantFrom<'NX' | 'XX'>('NX', 'XX'), pxMs: ttlMs },
    { requiredKeys: [] },
  ),
);
