import { BrokerReplyError, ReplyText } from '../reply-error';
import { parseId, ZERO_ID } from './stream-id';
import type { StreamTrim } from './stream.types';
import type { TrimArgs } from './stream-trim';

/**
 * Validation of stream command arguments given through the port, with the errors Redis sends for
 * the same values on the wire (checked against Redis 7.0.15).
 */

const INT64_LIMIT = 2 ** 63;
const CANONICAL_INT = /^(?:0|-?[1-9][0-9]*)$/;

/** An integer argument as Redis's `getLongLongFromObject` reads it; notInteger otherwise. */
export function parseInteger(value: number | string): number {
  if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= -INT64_LIMIT && value < INT64_LIMIT) return value;
  } else if (value.length <= 20 && CANONICAL_INT.test(value)) {
    const big = BigInt(value);
    if (big >= -(1n << 63n) && big < 1n << 63n) return Number(big);
  }
  throw new BrokerReplyError(ReplyText.notInteger);
}

/** COUNT of XRANGE / XREAD: an integer, negative values count as 0. Undefined stays undefined. */
export function parseCount(count: number | undefined): number | undefined {
  return count === undefined ? undefined : Math.max(0, parseInteger(count));
}

/** BLOCK of XREAD / XREADGROUP, in milliseconds (0 = forever). */
export function parseBlockMs(blockMs: number): number {
  if (!Number.isInteger(blockMs) || Math.abs(blockMs) >= INT64_LIMIT) {
    throw new BrokerReplyError('ERR timeout is not an integer or out of range');
  }
  if (blockMs < 0) throw new BrokerReplyError('ERR timeout is negative');
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
