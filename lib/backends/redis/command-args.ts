import type {
  PendingRangeQuery,
  StreamOffset,
  StreamTrim,
  XAddOptions,
  XClaimOptions,
  XReadGroupOptions,
  XReadOptions,
} from '../../core/streams/stream.types';

// Argument lists of the commands that have options, built exactly as a Redis client would send
// them; invalid values are passed through so Redis answers with its own error text.

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

/** `XADD key [NOMKSTREAM] [trim] id field value ...` (without the command name). */
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

/** `[COUNT n]` of XRANGE / XREVRANGE. */
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

/** XCLAIM's options after the ids, JUSTID included when asked. */
export function xclaimOptionArgs(options: XClaimOptions = {}, justId = false): Arg[] {
  const args: Arg[] = [];
  if (options.idleMs !== undefined) args.push('IDLE', options.idleMs);
  if (options.timeMs !== undefined) args.push('TIME', options.timeMs);
  if (options.retryCount !== undefined) args.push('RETRYCOUNT', options.retryCount);
  if (options.force) args.push('FORCE');
  if (justId) args.push('JUSTID');
  if (options.lastId !== undefined) args.push('LASTID', options.lastId);
  return args;
}

/** A blocking timeout in seconds, as Redis parses it (a float; `0` = forever). */
export function secondsArg(seconds: number): string {
  return String(seconds);
}
