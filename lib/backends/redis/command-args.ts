import { timeoutMs } from '../../core/lists/list-args';
import { parseBlockMs } from '../../core/streams/stream-args';
import type { ScoredMember, ScoreRangeLimit } from '../../core/sorted-sets/sorted-set.types';
import type { SetOptions } from '../../core/strings/string.types';
import type {
  PendingRangeQuery,
  StreamOffset,
  StreamTrim,
  XAddOptions,
  XAutoClaimOptions,
  XClaimOptions,
  XGroupCreateOptions,
  XReadGroupOptions,
  XReadOptions,
} from '../../core/streams/stream.types';

// Argument lists of the commands that have options, built exactly as a Redis client would send
// them (without the command name); invalid values are passed through so Redis answers with its
// own error text.

/** One command argument. */
export type Arg = string | number;

/** `MAXLEN|MINID [~] threshold [LIMIT n]` (exact trimming needs no `=`). */
export function trimArgs(trim: StreamTrim): Arg[] {
  const args: Arg[] = [trim.strategy];
  if (trim.approximate) args.push('~');
  args.push(String(trim.threshold));
  if (trim.limit !== undefined) args.push('LIMIT', trim.limit);
  return args;
}

/** `XADD key [NOMKSTREAM] [trim] id field value ...`. */
export function xaddArgs(
  key: string,
  id: string,
  fields: string[],
  options: XAddOptions = {},
): Arg[] {
  return [
    key,
    ...(options.noMkStream ? ['NOMKSTREAM'] : []),
    ...(options.trim ? trimArgs(options.trim) : []),
    id,
    ...fields,
  ];
}

/** `[COUNT n]` of XRANGE / XREVRANGE / XAUTOCLAIM. */
export function countArgs(count: number | undefined): Arg[] {
  return count === undefined ? [] : ['COUNT', count];
}

/** `STREAMS key... id...`. */
function streamsArgs(streams: readonly StreamOffset[]): Arg[] {
  return ['STREAMS', ...streams.map((s) => s.key), ...streams.map((s) => s.id)];
}

/** `XREAD [COUNT n] [BLOCK ms] STREAMS ...`, with `blockMs` replaced by what remains of it. */
export function xreadArgs(
  streams: readonly StreamOffset[],
  options: XReadOptions,
  blockMs?: number,
): Arg[] {
  return [
    ...countArgs(options.count),
    ...(blockMs === undefined ? [] : ['BLOCK', blockMs]),
    ...streamsArgs(streams),
  ];
}

/** `XREADGROUP GROUP g c [COUNT n] [BLOCK ms] [NOACK] STREAMS ...`. */
export function xreadgroupArgs(
  group: string,
  consumer: string,
  streams: readonly StreamOffset[],
  options: XReadGroupOptions,
  blockMs?: number,
): Arg[] {
  return [
    'GROUP',
    group,
    consumer,
    ...countArgs(options.count),
    ...(blockMs === undefined ? [] : ['BLOCK', blockMs]),
    ...(options.noAck ? ['NOACK'] : []),
    ...streamsArgs(streams),
  ];
}

/** `[ENTRIESREAD n]` of XGROUP CREATE / SETID. */
export function entriesReadArgs(entriesRead: number | undefined): Arg[] {
  return entriesRead === undefined ? [] : ['ENTRIESREAD', entriesRead];
}

/** `XGROUP CREATE key group id [MKSTREAM] [ENTRIESREAD n]`. */
export function xgroupCreateArgs(
  key: string,
  group: string,
  id: string,
  options: XGroupCreateOptions,
): Arg[] {
  return [
    'CREATE',
    key,
    group,
    id,
    ...(options.mkStream ? ['MKSTREAM'] : []),
    ...entriesReadArgs(options.entriesRead),
  ];
}

/** `XPENDING key group [IDLE ms] start end count [consumer]`. */
export function xpendingRangeArgs(key: string, group: string, query: PendingRangeQuery): Arg[] {
  return [
    key,
    group,
    ...(query.idleMs === undefined ? [] : ['IDLE', query.idleMs]),
    query.start,
    query.end,
    query.count,
    ...(query.consumer === undefined ? [] : [query.consumer]),
  ];
}

/** `XCLAIM key group consumer min-idle id... [IDLE] [TIME] [RETRYCOUNT] [FORCE] [JUSTID] [LASTID]`. */
export function xclaimArgs(
  key: string,
  group: string,
  consumer: string,
  minIdleMs: number,
  ids: readonly string[],
  options: XClaimOptions = {},
  justId = false,
): Arg[] {
  const args: Arg[] = [key, group, consumer, minIdleMs, ...ids];
  if (options.idleMs !== undefined) args.push('IDLE', options.idleMs);
  if (options.timeMs !== undefined) args.push('TIME', options.timeMs);
  if (options.retryCount !== undefined) args.push('RETRYCOUNT', options.retryCount);
  if (options.force) args.push('FORCE');
  if (justId) args.push('JUSTID');
  if (options.lastId !== undefined) args.push('LASTID', options.lastId);
  return args;
}

/** `XAUTOCLAIM key group consumer min-idle start [COUNT n] [JUSTID]`. */
export function xautoclaimArgs(
  key: string,
  group: string,
  consumer: string,
  minIdleMs: number,
  start: string,
  options: XAutoClaimOptions = {},
  justId = false,
): Arg[] {
  return [
    key,
    group,
    consumer,
    minIdleMs,
    start,
    ...countArgs(options.count),
    ...(justId ? ['JUSTID'] : []),
  ];
}

/**
 * The timeout of BLPOP / BRPOP / BLMOVE, in seconds as Redis parses it (a float; `0` = forever):
 * the caller's on the first send, what is left of it when re-issued after a reconnect.
 */
export function blockingTimeoutArg(timeoutSec: number, leftMs: number | undefined): string {
  return String(leftMs === undefined ? timeoutSec : leftMs / 1000);
}

/**
 * A BLPOP / BRPOP / BLMOVE timeout in ms as Redis reads it (0 = forever), or undefined when Redis
 * refuses it; the core's parser is the one definition of both.
 */
export function blockingTimeoutMs(timeoutSec: number): number | undefined {
  try {
    return timeoutMs(timeoutSec);
  } catch {
    return undefined;
  }
}

/** An XREAD / XREADGROUP BLOCK value as Redis reads it, or undefined when Redis refuses it. */
export function blockMsAsRead(blockMs: number): number | undefined {
  try {
    return parseBlockMs(blockMs);
  } catch {
    return undefined;
  }
}

/**
 * A score or score bound as Redis parses it (strtod): ±Infinity as `+inf` / `-inf`, NaN as `nan`
 * (which Redis refuses with its own error), anything else as JavaScript prints it — the shortest
 * text that reads back as the same double.
 */
export function scoreArg(score: number): string {
  if (score === Infinity) return '+inf';
  if (score === -Infinity) return '-inf';
  return Number.isNaN(score) ? 'nan' : String(score);
}

/** `ZADD key score member [score member ...]`. */
export function zaddArgs(key: string, members: readonly ScoredMember[]): Arg[] {
  return [key, ...members.flatMap(([member, score]) => [scoreArg(score), member])];
}

/** `ZRANGE key min max BYSCORE [LIMIT offset count] WITHSCORES`. */
export function zrangeByScoreArgs(
  key: string,
  min: number,
  max: number,
  limit: ScoreRangeLimit = {},
): Arg[] {
  const hasLimit = limit.offset !== undefined || limit.count !== undefined;
  return [
    key,
    scoreArg(min),
    scoreArg(max),
    'BYSCORE',
    ...(hasLimit ? ['LIMIT', limit.offset ?? 0, limit.count ?? -1] : []),
    'WITHSCORES',
  ];
}

/** `SET key value [NX|XX] [PX ms]`. */
export function setArgs(key: string, value: string, options: SetOptions = {}): Arg[] {
  return [
    key,
    value,
    ...(options.condition === undefined ? [] : [options.condition]),
    ...(options.pxMs === undefined ? [] : ['PX', options.pxMs]),
  ];
}
