import { isInt64Text } from '../arg-checks';
import { BrokerReplyError } from '../reply-error';

/**
 * A stream id `ms-seq` (both unsigned 64-bit) packed into one bigint, `ms * 2^64 + seq`, so ids
 * compare with `<` and cover Redis's full range (`18446744073709551615-18446744073709551615`).
 */
export type StreamId = bigint;

export const U64_MAX = (1n << 64n) - 1n;
export const ZERO_ID: StreamId = 0n;
export const MAX_ID: StreamId = (U64_MAX << 64n) | U64_MAX;

export const InvalidIdText = 'ERR Invalid stream ID specified as stream command argument';

export function makeId(ms: bigint, seq: bigint): StreamId {
  return (ms << 64n) | seq;
}

export function idMs(id: StreamId): bigint {
  return id >> 64n;
}

export function idSeq(id: StreamId): bigint {
  return id & U64_MAX;
}

export function formatId(id: StreamId): string {
  return `${id >> 64n}-${id & U64_MAX}`;
}

const STRTOULL_TEXT = /^[ \t\n\v\f\r]*([+-]?)([0-9]+)$/;

/**
 * Parses one half of an id as Redis's `string2ull` does: a canonical integer (negative ones are
 * rejected), else C's `strtoull`, which also takes leading whitespace, a `+` sign, leading zeros,
 * and a `-` sign that wraps around (`1- -5` is a valid id in Redis 7.0). `null` if invalid.
 */
export function parseIdPart(text: string): bigint | null {
  // string2ll first: a negative int64 is rejected; anything else falls through to strtoull
  if (isInt64Text(text)) return text.startsWith('-') ? null : BigInt(text);
  const match = STRTOULL_TEXT.exec(text);
  if (!match) return null;
  const magnitude = BigInt(match[2]);
  if (magnitude > U64_MAX) return null; // ERANGE
  return match[1] === '-' ? -magnitude & U64_MAX : magnitude;
}

function invalid(): BrokerReplyError {
  return new BrokerReplyError(InvalidIdText);
}

/**
 * Parses `ms` or `ms-seq`. A bare `ms` takes `missingSeq` (0 for a start, U64_MAX for an end).
 * `-` and `+` are accepted unless `strict` (XGROUP CREATE, XADD and XREAD ids are strict).
 */
export function parseId(text: string, missingSeq = 0n, strict = false): StreamId {
  if (!strict && text === '-') return ZERO_ID;
  if (!strict && text === '+') return MAX_ID;
  const dash = text.indexOf('-');
  if (dash === -1) {
    const ms = parseIdPart(text);
    if (ms === null) throw invalid();
    return makeId(ms, missingSeq);
  }
  const ms = parseIdPart(text.slice(0, dash));
  const seq = parseIdPart(text.slice(dash + 1));
  if (ms === null || seq === null) throw invalid();
  return makeId(ms, seq);
}

/** The id argument of XADD. */
export type XAddIdSpec =
  | { readonly kind: 'auto' }
  | { readonly kind: 'auto-seq'; readonly ms: bigint }
  | { readonly kind: 'explicit'; readonly id: StreamId };

export function parseXAddId(text: string): XAddIdSpec {
  if (text === '*') return { kind: 'auto' };
  const dash = text.indexOf('-');
  if (dash !== -1 && text.slice(dash + 1) === '*') {
    const ms = parseIdPart(text.slice(0, dash));
    if (ms === null) throw invalid();
    return { kind: 'auto-seq', ms };
  }
  return { kind: 'explicit', id: parseId(text, 0n, true) };
}

/**
 * Parses a range bound of XRANGE / XREVRANGE / XPENDING / XAUTOCLAIM: `-`, `+`, `ms`, `ms-seq`,
 * and `(id` for an exclusive bound, turned into the inclusive id next to it.
 */
export function parseRangeBound(text: string, side: 'start' | 'end'): StreamId {
  const missingSeq = side === 'start' ? 0n : U64_MAX;
  if (!text.startsWith('(')) return parseId(text, missingSeq);
  const inner = text.slice(1);
  if (inner === '-' || inner === '+') throw invalid();
  const id = parseId(inner, missingSeq, true);
  if (side === 'start') {
    if (id === MAX_ID) throw new BrokerReplyError('ERR invalid start ID for the interval');
    return id + 1n;
  }
  if (id === ZERO_ID) throw new BrokerReplyError('ERR invalid end ID for the interval');
  return id - 1n;
}
