import { isInt64, isInt64Text } from '../arg-checks';
import { BrokerReplyError, ReplyText } from '../reply-error';
import { parseId, ZERO_ID } from './stream-id';
import type { StreamTrim } from './stream.types';
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
