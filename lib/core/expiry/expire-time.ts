import { isInt64 } from '../arg-checks';
import { BrokerReplyError, ReplyText } from '../reply-error';

// Deadlines of SET ... PX and PEXPIRE, computed as Redis 7.0 does: `now + ms` in a signed 64-bit
// integer, where a sum that overflows is "invalid expire time" (checked in exact integers; the
// deadline itself is kept as a double, exact up to 2^53 ms — some 285,000 years).

const INT64_MAX = (1n << 63n) - 1n;

/** Error texts of the expiry arguments. */
export const ExpireReplyText = {
  invalid: (command: string) => `ERR invalid expire time in '${command}' command`,
} as const;

function overflows(ms: number, now: number): boolean {
  return BigInt(ms) + BigInt(Math.trunc(now)) > INT64_MAX;
}

/** SET ... PX ms: a positive integer whose deadline fits; resolves to the deadline. */
export function setPxDeadline(ms: number, now: number): number {
  if (!isInt64(ms)) throw new BrokerReplyError(ReplyText.notInteger);
  if (ms <= 0 || overflows(ms, now)) throw new BrokerReplyError(ExpireReplyText.invalid('set'));
  return now + ms;
}

/** PEXPIRE key ms: any integer (0 or less: the key is deleted at once) whose deadline fits. */
export function pexpireDeadline(ms: number, now: number): number {
  if (!isInt64(ms)) throw new BrokerReplyError(ReplyText.notInteger);
  if (overflows(ms, now)) throw new BrokerReplyError(ExpireReplyText.invalid('pexpire'));
  return now + ms;
}
