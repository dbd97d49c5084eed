import { BrokerReplyError, ReplyText } from './reply-error';

// Argument checks every command family shares. The port carries numbers where Redis reads decimal
// text, so a value Redis would refuse on the wire must be refused here with the same error.

// Redis reads these arguments as signed 64-bit integers (`long long`); ioredis sends integers
// beyond 2^53 digit for digit, so -2^63 is valid and 2^63 is not.
const INT64_MIN = -(2 ** 63);
const INT64_LIMIT = 2 ** 63;
const INT64_TEXT = /^(?:0|-?[1-9][0-9]{0,18})$/;
/** Canonical integer text this short always fits 64 bits; longer text needs a bigint check. */
const SAFE_TEXT_LENGTH = 18;

/** Whether `value` is an integer Redis would parse as a `long long`. */
export function isInt64(value: number): boolean {
  return Number.isInteger(value) && value >= INT64_MIN && value < INT64_LIMIT;
}

/**
 * Whether `text` is a canonical signed 64-bit integer as Redis's `string2ll` accepts it: no sign
 * but `-`, no leading zeros, no spaces, no `-0`, within range.
 */
export function isInt64Text(text: string): boolean {
  if (!INT64_TEXT.test(text)) return false;
  if (text.length <= SAFE_TEXT_LENGTH) return true;
  const value = BigInt(text);
  return value >= -(1n << 63n) && value < 1n << 63n;
}

/** Throws Redis's arity error for `command` when `args` is empty (a malformed port call). */
export function requireArguments(args: readonly unknown[], command: string): void {
  if (args.length === 0) throw new BrokerReplyError(ReplyText.arity(command), command);
}
