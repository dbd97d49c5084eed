import type { StreamEntry } from '../../core/streams/stream.types';
import type { BrokerHeaders, BrokerMessage } from '../broker-message';
import { ENVELOPE_FIELD, type EnvelopeHeader } from '../envelope';
import type { MessageCodec } from '../message-codec';
import { streamIdTime } from './stream-id';

const NO_HEADERS: BrokerHeaders = Object.freeze({});

/**
 * What an entry holds. The broker writes one field, {@link ENVELOPE_FIELD}, whose value is the
 * envelope; any other entry was written by another client (`XADD payments * amount 10`) and its
 * fields are the payload, kept as a JSON object (`text`) so it can be dead-lettered and replayed.
 */
export type EntryPayload =
  | { readonly kind: 'envelope'; readonly text: string }
  | {
      readonly kind: 'fields';
      readonly fields: Readonly<Record<string, string>>;
      readonly text: string;
    };

/** An entry read back as a message. */
export interface DecodedEntry {
  readonly message: BrokerMessage;
  /** The envelope's header; undefined for a raw entry. */
  readonly header?: EnvelopeHeader;
  /** The body text (codec output, or the raw fields as JSON). */
  readonly body: string;
  readonly payload: EntryPayload;
}

/** Splits an entry into its payload (see {@link EntryPayload}). */
export function entryPayload(entry: StreamEntry): EntryPayload {
  const { fields } = entry;
  if (fields[0] === ENVELOPE_FIELD) return { kind: 'envelope', text: fields[1] ?? '' };
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i + 1 < fields.length; i += 2) pairs.push([fields[i], fields[i + 1]]);
  // fromEntries defines own properties: a field named `__proto__` is kept as data. A repeated
  // field keeps its last value (Redis keeps both; an object cannot).
  const object = Object.fromEntries(pairs);
  return { kind: 'fields', fields: object, text: JSON.stringify(object) };
}

/**
 * Decodes an entry: an envelope through the codec (its id, time and headers), a raw entry as its
 * fields object with the entry id's time as `publishedAt`. Throws `BrokerDecodeError` /
 * `BrokerPayloadTooLargeError` as {@link MessageCodec.decode} does.
 */
export function decodeEntry(codec: MessageCodec, entry: StreamEntry): DecodedEntry {
  const payload = entryPayload(entry);
  if (payload.kind === 'envelope') {
    const { message, header, body } = codec.decode(payload.text);
    return { message, ...(header ? { header } : {}), body, payload };
  }
  codec.assertSize(payload.text);
  return {
    message: {
      id: undefined,
      data: payload.fields,
      headers: NO_HEADERS,
      publishedAt: new Date(streamIdTime(entry.id)),
    },
    body: payload.text,
    payload,
  };
}

/** The fields of an entry the broker writes: the envelope under {@link ENVELOPE_FIELD}. */
export function envelopeFields(text: string): string[] {
  return [ENVELOPE_FIELD, text];
}
