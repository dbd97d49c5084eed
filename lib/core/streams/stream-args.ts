import { isInt64, isInt64Text } from '../arg-checks';
import { BrokerReplyError, ReplyText } from '../reply-error';
import { parseId, ZERO_ID } from './stream-id';
import type { StreamTrim, XAddOptions, XReadGroupOptions } from './stream.types';
import type { TrimArgs } from './stream-trim';

/**
 * Validation of stream command arguments given through the port, with the errors Redis sends for
 * the same values on the wire (checked against Redis 7.0.15).
 */

const TIMEOUT_NOT_INTEGER = 'ERR timeout is not an integer or out of range';

/**
 * An integer argument as Redis's `getLongLongFromObject` reads it; notInteger otherwise.
 * @param command named on the error, when the caller wants it known
 */
export function parseInteger(value: number | string, command?: string): number {
  if (typeof value === 'number' ? isInt64(value) : isInt64Text(value)) return Number(value);
  throw new BrokerReplyError(ReplyText.notInteger, command);
}

/** COUNT of XRANGE / XREAD / XREADGROUP: an integer, negative values count as 0. Undefined stays undefined. */
export function parseCount(count: number | undefined, command?: string): number | undefined {
  return count === undefined ? undefined : Math.max(0, parseInteger(count, command));
}

/** BLOCK of XREAD / XREADGROUP, in milliseconds (0 = forever). */
export function parseBlockMs(blockMs: number, command?: string): number {
  if (!isInt64(blockMs)) throw new BrokerReplyError(TIMEOUT_NOT_INTEGER, command);
  if (blockMs < 0) throw new BrokerReplyError(ReplyText.timeoutNegative, command);
  return blockMs;
}

/**
 * MAXLEN / MINID and LIMIT, checked in Redis's order: the threshold, then the LIMIT value. Whether
 * LIMIT may be used at all is checked separately ({@link assertLimitAllowed}), because XADD parses
 * its id in between.
 */
export function parseTrim(trim: StreamTrim): TrimArgs {
  if (trim.strategy !== 'MAXLEN' && trim.strategy !== 'MINID')
    throw new BrokerReplyError(ReplyText.syntax);
  let maxLen = 0;
  let minId = ZERO_ID;
  if (trim.strategy === 'MAXLEN') {
    maxLen = parseInteger(trim.threshold);
    if (maxLen < 0) throw new BrokerReplyError('ERR The MAXLEN argument must be >= 0.');
  } else {
    minId = parseId(String(trim.threshold), 0n, true);
  }
  let limit: number | undefined;
  if (trim.limit !== undefined) {
    limit = parseInteger(trim.limit);
    if (limit < 0) throw new BrokerReplyError('ERR The LIMIT argument must be >= 0.');
  }
  return { strategy: trim.strategy, maxLen, minId, approximate: trim.approximate === true, limit };
}

/** LIMIT only goes with `~`. */
export function assertLimitAllowed(trim: TrimArgs): void {
  if (trim.limit !== undefined && !trim.approximate) {
    throw new BrokerReplyError(
      'ERR syntax error, LIMIT cannot be used without the special ~ option',
    );
  }
}

/** Words of a trim clause as sent: `MAXLEN|MINID [~] threshold [LIMIT n]`. */
function trimWordCount(trim: StreamTrim): number {
  return 2 + (trim.approximate ? 1 : 0) + (trim.limit !== undefined ? 2 : 0);
}

/** XADD's arity: `XADD key id field value` at least. */
const XADD_ARITY = 5;

/**
 * Redis checks a command's arity (its word count) before parsing any argument: an XADD with too
 * few fields and no options to make up the words fails with the arity error even when its id or
 * options are invalid; with enough words the options and id are parsed first (see `xadd`).
 */
export function assertXAddArity(fields: readonly string[], options: XAddOptions): void {
  const optionWords =
    (options.noMkStream ? 1 : 0) + (options.trim ? trimWordCount(options.trim) : 0);
  if (3 + optionWords + fields.length < XADD_ARITY)
    throw new BrokerReplyError(ReplyText.arity('xadd'));
}

/**
 * XREAD / XREADGROUP without streams (`... STREAMS` with nothing after it). Below the command's
 * arity (XREAD 4 words, XREADGROUP 7) Redis answers its arity error; otherwise it parses the
 * options before STREAMS (COUNT, then BLOCK, as the backends send them) and then rejects the bare
 * STREAMS with a syntax error.
 */
export function rejectMissingStreams(
  command: 'xread' | 'xreadgroup',
  options: XReadGroupOptions,
): never {
  const [fixedWords, arity] = command === 'xread' ? [2, 4] : [5, 7];
  const optionWords =
    (options.count !== undefined ? 2 : 0) +
    (options.blockMs !== undefined ? 2 : 0) +
    (options.noAck ? 1 : 0);
  if (fixedWords + optionWords < arity)
    throw new BrokerReplyError(ReplyText.arity(command), command);
  parseCount(options.count, command);
  if (options.blockMs !== undefined) parseBlockMs(options.blockMs, command);
  throw new BrokerReplyError(ReplyText.syntax, command);
}
