import { isInt64 } from '../arg-checks';
import { BrokerReplyError, ReplyText } from '../reply-error';
import type { ScoreRangeLimit } from './sorted-set.types';

// The port carries scores as numbers; the Redis backend sends them as text Redis parses with
// strtod, which takes `inf` / `-inf` and refuses `nan`. These checks give the same errors here.

/** Error texts of the sorted-set commands. */
export const SortedSetReplyText = {
  notFloat: 'ERR value is not a valid float',
  rangeNotFloat: 'ERR min or max is not a float',
} as const;

/**
 * A ZADD score: any double but NaN (±Infinity are valid scores). `-0` becomes `0`, because the
 * Redis backend sends a number as `String(n)`, which is `"0"` for `-0`.
 */
export function parseScore(score: number): number {
  if (typeof score !== 'number' || Number.isNaN(score)) {
    throw new BrokerReplyError(SortedSetReplyText.notFloat);
  }
  return score === 0 ? 0 : score;
}

/** A min or max of a score range: any double but NaN; ±Infinity are `-inf` / `+inf`. */
export function assertRangeBound(bound: number): void {
  if (typeof bound !== 'number' || Number.isNaN(bound)) {
    throw new BrokerReplyError(SortedSetReplyText.rangeNotFloat);
  }
}

/** Offset and count of a LIMIT, defaults applied; both must be 64-bit integers. */
export function parseLimit(limit: ScoreRangeLimit): { offset: number; count: number } {
  const offset = limit.offset ?? 0;
  const count = limit.count ?? -1;
  if (!isInt64(offset) || !isInt64(count)) throw new BrokerReplyError(ReplyText.notInteger);
  return { offset, count };
}
