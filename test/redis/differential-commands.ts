import fc from 'fast-check';
import type {
  StreamOffset,
  XAddOptions,
  XGroupCreateOptions,
  XReadGroupOptions,
} from '../../lib/core/streams/stream.types';
import type { BrokerPort } from '../../lib/port/broker.port';
import * as arg from './differential-args';
import type { KeyName } from './differential-args';

// Random sequences of non-blocking port calls for the differential test (differential.spec.ts):
// key, string, list, stream, consumer-group and sorted-set commands over three keys (so types
// collide), arguments from differential-args.ts.
//
// Left out on purpose, because the reply would depend on the wall clock rather than on the
// commands: XADD `*` ids, BLOCK, XCLAIM IDLE/TIME, XPENDING IDLE, min-idle times above 0, TTLs
// short enough to run out, and times in replies (XPENDING's `idleMs`, XINFO CONSUMERS' `idleMs`
// are dropped before comparing, and PTTL is compared as "has a TTL" or its -1 / -2: Redis
// measures them on the wall clock, the memory core on a manual one).

export type { KeyName } from './differential-args';
/** Maps a logical key to the key name used on both backends in this run. */
export type KeyOf = (name: KeyName) => string;

/** One generated port call: printed as `label`, run on any port. */
export interface Step {
  readonly label: string;
  run(port: BrokerPort, key: KeyOf): Promise<unknown>;
  /** How fast-check prints the step in a counterexample. */
  [fc.toStringMethod](): string;
}

/** JSON, with {@link arg.BIG_VALUE} abbreviated. */
export function showValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  return JSON.stringify(value, (_key, v: unknown) => (v === arg.BIG_VALUE ? 'v×1500' : v));
}

/** A call that may depend on its position in the sequence (only XADD's {@link nextId} does). */
type Placed = (position: number) => Step;

/** A call that is the same wherever it stands. */
const anywhere =
  (s: Step): Placed =>
  () =>
    s;

/** Builds a step labelled `op(args...)`. */
function step(op: string, args: unknown[], run: Step['run']): Step {
  const shown = args.map(showValue).join(', ');
  const label = `${op}(${shown})`;
  return { label, run, [fc.toStringMethod]: () => label };
}

/** Mostly one stream to read, else two (the same key twice is allowed), rarely none. */
function offsets(id: fc.Arbitrary<string>): fc.Arbitrary<Array<[KeyName, string]>> {
  const offset = fc.tuple(arg.streamKey, id);
  return fc.oneof(
    { arbitrary: offset.map((o) => [o]), weight: 14 },
    { arbitrary: fc.tuple(offset, offset), weight: 5 },
    { arbitrary: fc.constant<Array<[KeyName, string]>>([]), weight: 1 },
  );
}

function toOffsets(list: Array<[KeyName, string]>, key: KeyOf): StreamOffset[] {
  return list.map(([name, id]) => ({ key: key(name), id }));
}

const { anyKey, listKey, streamKey, group, consumer } = arg;

// DEL and XGROUP DESTROY get a small weight of their own (see placedStep): they undo states.
const del = arg.keyList.map((ks) => step('del', [ks], (p, k) => p.del(ks.map(k))));

const keyCommands = [
  arg.keyList.map((ks) => step('exists', [ks], (p, k) => p.exists(ks.map(k)))),
  anyKey.map((a) => step('type', [a], (p, k) => p.type(k(a)))),
  fc
    .tuple(anyKey, arg.pexpireMs)
    .map(([a, ms]) => step('pexpire', [a, ms], (p, k) => p.pexpire(k(a), ms))),
  anyKey.map((a) =>
    step('pttl', [a], async (p, k) => {
      const left = await p.pttl(k(a));
      return left >= 0 ? 'has a TTL' : left;
    }),
  ),
];

const stringCommands = [
  fc
    .tuple(anyKey, arg.stringValue, arg.setOptions)
    .map(([a, v, o]) => step('set', [a, v, o], (p, k) => p.set(k(a), v, o))),
  anyKey.map((a) => step('get', [a], (p, k) => p.get(k(a)))),
];

const { zsetKey } = arg;
const sortedSetCommands = [
  fc
    .tuple(zsetKey, arg.scoredMembers)
    .map(([a, ms]) => step('zadd', [a, ms], (p, k) => p.zadd(k(a), ms))),
  fc
    .tuple(zsetKey, arg.members)
    .map(([a, ms]) => step('zrem', [a, ms], (p, k) => p.zrem(k(a), ms))),
  zsetKey.map((a) => step('zcard', [a], (p, k) => p.zcard(k(a)))),
  fc
    .tuple(zsetKey, arg.member)
    .map(([a, m]) => step('zscore', [a, m], (p, k) => p.zscore(k(a), m))),
  fc
    .tuple(zsetKey, arg.scoreBound, arg.scoreBound, arg.scoreRangeLimit)
    .map(([a, min, max, o]) =>
      step('zrangeByScore', [a, min, max, o], (p, k) => p.zrangeByScore(k(a), min, max, o)),
    ),
];

const listCommands = [
  fc
    .tuple(listKey, arg.elements)
    .map(([a, els]) => step('lpush', [a, els], (p, k) => p.lpush(k(a), els))),
  fc
    .tuple(listKey, arg.elements)
    .map(([a, els]) => step('rpush', [a, els], (p, k) => p.rpush(k(a), els))),
  listKey.map((a) => step('lpop', [a], (p, k) => p.lpop(k(a)))),
  listKey.map((a) => step('rpop', [a], (p, k) => p.rpop(k(a)))),
  fc
    .tuple(listKey, arg.popCount)
    .map(([a, n]) => step('lpopCount', [a, n], (p, k) => p.lpopCount(k(a), n))),
  fc
    .tuple(listKey, arg.popCount)
    .map(([a, n]) => step('rpopCount', [a, n], (p, k) => p.rpopCount(k(a), n))),
  listKey.map((a) => step('llen', [a], (p, k) => p.llen(k(a)))),
  fc
    .tuple(listKey, arg.listIndex, arg.listIndex)
    .map(([a, s, e]) => step('lrange', [a, s, e], (p, k) => p.lrange(k(a), s, e))),
  fc
    .tuple(listKey, fc.integer({ min: -2, max: 2 }), arg.element)
    .map(([a, n, el]) => step('lrem', [a, n, el], (p, k) => p.lrem(k(a), n, el))),
  fc
    .tuple(listKey, anyKey, arg.listEnd, arg.listEnd)
    .map(([s, d, from, to]) =>
      step('lmove', [s, d, from, to], (p, k) => p.lmove(k(s), k(d), from, to)),
    ),
];

function xaddStep(a: KeyName, id: string, f: string[], o: XAddOptions | undefined): Step {
  return step('xadd', [a, id, f, o], (p, k) => p.xadd(k(a), id, f, o));
}

/** XADD with an id drawn at random (often not above the stream's last id: an error reply). */
const xaddAnyId = fc
  .tuple(streamKey, arg.xaddId, arg.fields, arg.xaddOptions)
  .map(([a, id, f, o]) => xaddStep(a, id, f, o));

/**
 * XADD's id `<ms>-*` with `ms` growing with the call's position in the sequence: a clock of our
 * own that ticks every 8 calls, so streams keep growing while their ids stay in the small range
 * the other calls draw from.
 */
const nextId = (position: number): string => `${1 + Math.floor(position / 8)}-*`;

const xaddNext: fc.Arbitrary<Placed> = fc.tuple(streamKey, arg.fields, arg.xaddOptions).map(
  ([a, f, o]) =>
    (position) =>
      xaddStep(a, nextId(position), f, o),
);

const streamCommands = [
  xaddAnyId,
  streamKey.map((a) => step('xlen', [a], (p, k) => p.xlen(k(a)))),
  fc
    .tuple(streamKey, arg.rangeBound, arg.rangeBound, arg.rangeCount)
    .map(([a, s, e, n]) => step('xrange', [a, s, e, n], (p, k) => p.xrange(k(a), s, e, n))),
  fc
    .tuple(streamKey, arg.rangeBound, arg.rangeBound, arg.rangeCount)
    .map(([a, e, s, n]) => step('xrevrange', [a, e, s, n], (p, k) => p.xrevrange(k(a), e, s, n))),
  fc
    .tuple(streamKey, arg.mostly(arg.ms, fc.constant(-1)), arg.ms, arg.rangeCount)
    .map(([a, from, to, n]) =>
      step('xrangeByTime', [a, from, to, n], (p, k) => p.xrangeByTime(k(a), from, to, n)),
    ),
  fc
    .tuple(streamKey, arg.idList)
    .map(([a, ids]) => step('xdel', [a, ids], (p, k) => p.xdel(k(a), ids))),
  fc.tuple(streamKey, arg.trim).map(([a, t]) => step('xtrim', [a, t], (p, k) => p.xtrim(k(a), t))),
  fc
    .tuple(offsets(arg.xreadId), arg.rangeCount)
    .map(([o, count]) =>
      step('xread', [o, { count }], (p, k) => p.xread(toOffsets(o, k), { count })),
    ),
  streamKey.map((a) => step('xinfoStream', [a], (p, k) => p.xinfoStream(k(a)))),
];

function xgroupCreateStep(
  a: KeyName,
  g: string,
  id: string,
  o: XGroupCreateOptions | undefined,
): Step {
  return step('xgroupCreate', [a, g, id, o], (p, k) => p.xgroupCreate(k(a), g, id, o));
}

function xreadgroupStep(
  g: string,
  c: string,
  o: Array<[KeyName, string]>,
  opts: XReadGroupOptions | undefined,
): Step {
  return step('xreadgroup', [g, c, o, opts], (p, k) => p.xreadgroup(g, c, toOffsets(o, k), opts));
}

const xgroupCreate = fc
  .tuple(streamKey, group, arg.groupCreateId, arg.groupCreateOptions)
  .map(([a, g, id, o]) => xgroupCreateStep(a, g, id, o));

const xreadgroup = fc
  .tuple(group, consumer, offsets(arg.groupReadId), arg.readGroupOptions)
  .map(([g, c, o, opts]) => xreadgroupStep(g, c, o, opts));

// Small weight, as DEL.
const xgroupDestroy = fc
  .tuple(streamKey, group)
  .map(([a, g]) => step('xgroupDestroy', [a, g], (p, k) => p.xgroupDestroy(k(a), g)));

const groupCommands = [
  xgroupCreate,
  xreadgroup,
  fc
    .tuple(streamKey, group, arg.setIdTarget, arg.entriesRead)
    .map(([a, g, id, n]) =>
      step('xgroupSetId', [a, g, id, n], (p, k) => p.xgroupSetId(k(a), g, id, n)),
    ),
  fc
    .tuple(streamKey, group, consumer)
    .map(([a, g, c]) =>
      step('xgroupCreateConsumer', [a, g, c], (p, k) => p.xgroupCreateConsumer(k(a), g, c)),
    ),
  fc
    .tuple(streamKey, group, consumer)
    .map(([a, g, c]) =>
      step('xgroupDelConsumer', [a, g, c], (p, k) => p.xgroupDelConsumer(k(a), g, c)),
    ),
  fc
    .tuple(streamKey, group, arg.idList)
    .map(([a, g, ids]) => step('xack', [a, g, ids], (p, k) => p.xack(k(a), g, ids))),
  fc
    .tuple(streamKey, group)
    .map(([a, g]) => step('xpending', [a, g], (p, k) => p.xpending(k(a), g))),
  fc.tuple(streamKey, group, arg.pendingQuery).map(([a, g, q]) =>
    step('xpendingRange', [a, g, q], async (p, k) =>
      // Without idleMs: wall clock vs manual clock (see the top of this file).
      (await p.xpendingRange(k(a), g, q)).map(({ id, consumer: c, deliveryCount }) => ({
        id,
        consumer: c,
        deliveryCount,
      })),
    ),
  ),
  fc
    .tuple(streamKey, group, consumer, arg.minIdle, arg.idList, arg.claimOptions)
    .map(([a, g, c, idle, ids, o]) =>
      step('xclaim', [a, g, c, idle, ids, o], (p, k) => p.xclaim(k(a), g, c, idle, ids, o)),
    ),
  fc
    .tuple(streamKey, group, consumer, arg.minIdle, arg.idList, arg.claimOptions)
    .map(([a, g, c, idle, ids, o]) =>
      step('xclaimJustId', [a, g, c, idle, ids, o], (p, k) =>
        p.xclaimJustId(k(a), g, c, idle, ids, o),
      ),
    ),
  fc
    .tuple(streamKey, group, consumer, arg.minIdle, arg.rangeBound, arg.autoClaimOptions)
    .map(([a, g, c, idle, s, o]) =>
      step('xautoclaim', [a, g, c, idle, s, o], (p, k) => p.xautoclaim(k(a), g, c, idle, s, o)),
    ),
  fc
    .tuple(streamKey, group, consumer, arg.minIdle, arg.rangeBound, arg.autoClaimOptions)
    .map(([a, g, c, idle, s, o]) =>
      step('xautoclaimJustId', [a, g, c, idle, s, o], (p, k) =>
        p.xautoclaimJustId(k(a), g, c, idle, s, o),
      ),
    ),
  streamKey.map((a) => step('xinfoGroups', [a], (p, k) => p.xinfoGroups(k(a)))),
  fc.tuple(streamKey, group).map(([a, g]) =>
    step('xinfoConsumers', [a, g], async (p, k) =>
      // Without idleMs, as for XPENDING.
      (await p.xinfoConsumers(k(a), g)).map(({ name, pending }) => ({ name, pending })),
    ),
  ),
];

const weighted = (arbs: fc.Arbitrary<Step>[], weight: number) =>
  arbs.map((arb) => ({ arbitrary: arb.map(anywhere), weight }));

/**
 * One port call. Streams and groups get most of the weight (they have the most state); XADD,
 * XGROUP CREATE and XREADGROUP come most often so groups have entries to deliver and claim.
 */
const placedStep: fc.Arbitrary<Placed> = fc.oneof(
  ...weighted(keyCommands, 2),
  ...weighted(stringCommands, 1),
  ...weighted(listCommands, 1),
  ...weighted(sortedSetCommands, 2),
  ...weighted(streamCommands, 3),
  ...weighted(groupCommands, 3),
  ...weighted([xaddAnyId], 4),
  { arbitrary: xaddNext, weight: 10 },
  ...weighted([xgroupCreate], 8),
  ...weighted([del, xgroupDestroy], 1), // they undo states: rarely
  ...weighted([xreadgroup], 10),
);

/** Placed steps of a random start: streams, groups and deliveries, in any order. */
const setupStep: fc.Arbitrary<Placed> = fc.oneof(
  { arbitrary: xaddNext, weight: 3 },
  ...weighted([xgroupCreate], 3),
  ...weighted([xreadgroup], 2),
);

/**
 * A start with something pending: `XGROUP CREATE a g1 0 MKSTREAM`, a few XADDs to `a`, then
 * deliveries with `>` to a few consumers, so claims, acks and XPENDING have entries to work on.
 */
const pendingScenario: fc.Arbitrary<Placed[]> = fc
  .tuple(
    fc.array(fc.tuple(arg.fields, arg.xaddOptions), { minLength: 1, maxLength: 6 }),
    fc.array(fc.tuple(consumer, arg.readGroupOptions), { minLength: 1, maxLength: 3 }),
  )
  .map(([adds, reads]) => [
    anywhere(xgroupCreateStep('a', 'g1', '0', { mkStream: true })),
    ...adds.map(
      ([f, o]): Placed =>
        (position) =>
          xaddStep('a', nextId(position), f, o),
    ),
    ...reads.map(([c, opts]) => anywhere(xreadgroupStep('g1', c, [['a', '>']], opts))),
  ]);

/** A sequence of 1 to `maxLength` port calls: a start (see above), then any calls. */
export function stepsArbitrary(maxLength: number): fc.Arbitrary<Step[]> {
  const startLength = 10; // the longest pendingScenario
  const start = fc.oneof(pendingScenario, fc.array(setupStep, { maxLength: startLength }));
  return fc
    .tuple(start, fc.array(placedStep, { maxLength: maxLength - startLength, size: 'max' }))
    .map(([setup, rest]) => [...setup, ...rest].map((placed, position) => placed(position)))
    .filter((steps) => steps.length > 0);
}
