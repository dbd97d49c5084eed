import { BrokerReplyError } from '../reply-error';
import { idMs, idSeq, makeId, MAX_ID, type StreamId, U64_MAX, type XAddIdSpec } from './stream-id';

export const XAddIdText = {
  notGreater: 'ERR The ID specified in XADD is equal or smaller than the target stream top item',
  zero: 'ERR The ID specified in XADD must be greater than 0-0',
  exhausted: 'ERR The stream has exhausted the last possible ID, unable to add more items',
  // Redis 7.0.15 answers `ms-*` after `ms-18446744073709551615` with this (7.2+: notGreater).
  tooLarge: 'ERR Elements are too large to be stored',
} as const;

/**
 * The id XADD gives a new entry after `last` (redis-semantics.md §4.1): `*` takes `nowMs-0`, or
 * `last + 1` with carry when the clock is not ahead; `ms-*` continues the sequence of `ms` or
 * starts it at 0; explicit ids must be greater than `last`. The caller has already rejected
 * `0-0` and an exhausted stream.
 */
export function nextXAddId(last: StreamId, spec: XAddIdSpec, nowMs: number): StreamId {
  let id: StreamId;
  if (spec.kind === 'auto') {
    const now = BigInt(Math.max(0, Math.floor(nowMs)));
    id = now > idMs(last) ? makeId(now, 0n) : last + 1n; // packed: seq overflow carries into ms
  } else if (spec.kind === 'auto-seq') {
    if (spec.ms === idMs(last)) {
      if (idSeq(last) === U64_MAX) throw new BrokerReplyError(XAddIdText.tooLarge);
      id = last + 1n;
    } else {
      id = makeId(spec.ms, 0n);
    }
  } else {
    id = spec.id;
  }
  if (id <= last || id > MAX_ID) throw new BrokerReplyError(XAddIdText.notGreater);
  return id;
}
