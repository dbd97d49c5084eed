import { isInt64 } from '../arg-checks';
import { BrokerReplyError, ReplyText } from '../reply-error';
import type { ListEnd } from './list.types';

/** Error texts of the list commands (redis-semantics.md §3). */
export const ListReplyText = {
  countOutOfRange: 'ERR value is out of range, must be positive',
  timeoutNotFloat: 'ERR timeout is not a float or out of range',
} as const;

/** An index or count argument (LRANGE, LREM): any signed 64-bit integer. */
export function assertInteger(value: number): void {
  if (!isInt64(value)) throw new BrokerReplyError(ReplyText.notInteger);
}

/** The COUNT of LPOP / RPOP: 0 or more; anything else is the "must be positive" error (§3.1). */
export function assertPopCount(value: number): void {
  if (!isInt64(value) || value < 0) throw new BrokerReplyError(ListReplyText.countOutOfRange);
}

/** LEFT or RIGHT; the port is typed, but a plain-JS caller can still send anything. */
export function assertEnd(end: ListEnd): void {
  if (end !== 'LEFT' && end !== 'RIGHT') throw new BrokerReplyError(ReplyText.syntax);
}

/**
 * A blocking timeout in seconds → milliseconds, 0 = forever (§3.3). Mirrors Redis 7.0's
 * `ceill(seconds * 1000)` cast to a 64-bit integer: sub-millisecond timeouts round up to 1 ms,
 * small negative ones (`-0.0001`) round up to 0 = forever, and values whose milliseconds do not fit
 * (±Infinity, 1e16) come out negative. Only NaN fails to parse. (Redis computes in long double, so
 * exactly `-0.001` also means forever there; in doubles it is -1 ms, an error.)
 */
export function timeoutMs(timeoutSec: number): number {
  if (Number.isNaN(timeoutSec)) throw new BrokerReplyError(ListReplyText.timeoutNotFloat);
  const ms = Math.ceil(timeoutSec * 1000);
  if (!isInt64(ms) || ms < 0) throw new BrokerReplyError(ReplyText.timeoutNegative);
  return ms === 0 ? 0 : ms; // -0 → 0
}
