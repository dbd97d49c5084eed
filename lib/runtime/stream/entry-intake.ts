import type { StreamEntry } from '../../core/streams/stream.types';
import type { DeliveryInfo } from '../broker-message';
import type { DeadLetterReason } from '../envelope';
import type { MessageCodec } from '../message-codec';
import { BrokerPayloadTooLargeError } from '../runtime.errors';
import type { StreamOrderBy } from './stream-consumer.options';
import { type DecodedEntry, decodeEntry } from './stream-entry.codec';
import { StreamDeliveriesExhaustedError } from './stream.errors';

/** Why an entry goes to the dead letter, with what could be decoded of it. */
export interface DeadLetterCause {
  /** Undefined when the entry could not be decoded (it is then kept verbatim). */
  readonly decoded: DecodedEntry | undefined;
  readonly reason: DeadLetterReason;
  readonly error: unknown;
}

/** What a consumer does with an entry it was just given. */
export type Intake =
  /** Hold it to run, under its ordering key (if any). */
  | { readonly kind: 'hold'; readonly decoded: DecodedEntry; readonly key: string | undefined }
  /** Acknowledge it without running: a dead letter replayed for another group. */
  | { readonly kind: 'skip' }
  /** Dead-letter it without running. */
  | ({ readonly kind: 'dead-letter' } & DeadLetterCause);

/**
 * Decides on a delivered entry: unreadable (undecodable, too large) → dead letter at once, as no
 * retry can help; replayed for another group → skip; else its `orderBy` key — a key function
 * that throws is a payload it cannot order, dead-lettered as unrecoverable.
 */
export function takeIn(
  codec: MessageCodec,
  entry: StreamEntry,
  group: string,
  orderBy: StreamOrderBy | undefined,
  delivery: DeliveryInfo,
): Intake {
  let decoded: DecodedEntry;
  try {
    decoded = decodeEntry(codec, entry);
  } catch (error) {
    const reason = error instanceof BrokerPayloadTooLargeError ? 'too-large' : 'undecodable';
    return { kind: 'dead-letter', decoded: undefined, reason, error };
  }
  const forGroup = decoded.header?.rg;
  if (forGroup !== undefined && forGroup !== group) return { kind: 'skip' };
  try {
    const given: unknown = orderBy?.(decoded.message, delivery);
    const key = given === undefined || given === null ? undefined : String(given);
    return { kind: 'hold', decoded, key };
  } catch (error) {
    return { kind: 'dead-letter', decoded, reason: 'unrecoverable', error };
  }
}

/**
 * A reclaimed entry delivered more than `maxDeliveries` times: a poison entry that killed the
 * consumers it was given to. It goes to the dead letter without running, or it would loop forever.
 */
export function exhausted(
  codec: MessageCodec,
  entry: StreamEntry,
  deliveries: number,
  maxDeliveries: number,
): DeadLetterCause {
  let decoded: DecodedEntry | undefined;
  try {
    decoded = decodeEntry(codec, entry);
  } catch {
    decoded = undefined; // kept verbatim
  }
  const error = new StreamDeliveriesExhaustedError(deliveries, maxDeliveries);
  return { decoded, reason: 'failed', error };
}
