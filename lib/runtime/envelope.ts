import { BrokerDecodeError } from './runtime.errors';

/**
 * First characters of every message the broker writes: ASCII record separator + `nb1`. Text from
 * any other Redis client (`PUBLISH orders hello`, `LPUSH emails '{"to":"x"}'`) does not start with
 * it, so raw payloads — JSON ones included — are never mistaken for envelopes.
 */
export const ENVELOPE_MARKER = '\u001enb1';

/** Field name of the one field of a stream entry the broker writes; its value is the envelope. */
export const ENVELOPE_FIELD = ENVELOPE_MARKER;

/** How a body that is not codec output was wrapped: a raw string, or a raw stream entry's fields. */
export type RawBodyKind = 'string' | 'fields';

/** Why a stored message went to the dead letter. */
export type DeadLetterReason =
  /** Its handler failed on every attempt (`attempts` / `maxDeliveries`). */
  | 'failed'
  /** Its handler threw a `DeadLetterError` or failed validation: retrying cannot help. */
  | 'unrecoverable'
  /** It could not be decoded (damaged envelope, unknown codec, codec error). */
  | 'undecodable'
  /** It is larger than `maxPayloadBytes`. */
  | 'too-large';

/** What a dead-letter record adds to the message's envelope (`dl`). */
export interface DeadLetterInfo {
  readonly reason: DeadLetterReason;
  /** The last error. */
  readonly error: { readonly name: string; readonly message: string };
  /** Attempts made (queues) or deliveries counted (streams). */
  readonly attempts: number;
  /** When it was dead-lettered, ms since the epoch. */
  readonly failedAt: number;
  /** Streams: the group, the consumer that gave up, and the entry's id in the stream. */
  readonly group?: string;
  readonly consumer?: string;
  readonly entryId?: string;
}

/**
 * The envelope's header, a JSON object on the first line after the marker; the codec's body
 * follows the newline. Short keys: it travels with every message.
 */
export interface EnvelopeHeader {
  /** Message id, unique per publish. */
  readonly id: string;
  /** Published at, ms since the epoch. */
  readonly t: number;
  /** Headers given by the publisher (correlation id, `traceparent`, ...). */
  readonly h?: Readonly<Record<string, string>>;
  /** Codec of the body when it is not `json`. */
  readonly c?: string;
  /** Request–reply: the channel the reply goes to. */
  readonly rt?: string;
  /** Stored messages: failed attempts so far (queues). */
  readonly a?: number;
  /** The body is a raw payload kept as it was (a retried or replayed raw message). */
  readonly raw?: RawBodyKind;
  /** Streams: a replayed dead letter, for this consumer group only. */
  readonly rg?: string;
  /** Dead-letter records: why and when. */
  readonly dl?: DeadLetterInfo;
}

/** An envelope split into its header and the body text. */
export interface ParsedEnvelope {
  readonly header: EnvelopeHeader;
  readonly body: string;
}

/** The text of an envelope. */
export function writeEnvelope(header: EnvelopeHeader, body: string): string {
  return `${ENVELOPE_MARKER}${JSON.stringify(header)}\n${body}`;
}

/** Whether `text` is an envelope (it may still be malformed). */
export function isEnvelope(text: string): boolean {
  return text.charCodeAt(0) === 0x1e && text.startsWith(ENVELOPE_MARKER);
}

/**
 * Splits an envelope; `undefined` when `text` is a raw payload. A text with the marker but a broken
 * header is an error, not a raw payload: something wrote a damaged message.
 */
export function readEnvelope(text: string): ParsedEnvelope | undefined {
  if (!isEnvelope(text)) return undefined;
  const newline = text.indexOf('\n', ENVELOPE_MARKER.length);
  if (newline < 0) throw new BrokerDecodeError('the envelope has no body');
  let header: unknown;
  try {
    header = JSON.parse(text.slice(ENVELOPE_MARKER.length, newline));
  } catch {
    throw new BrokerDecodeError('the envelope header is not JSON');
  }
  return { header: checkHeader(header), body: text.slice(newline + 1) };
}

function checkHeader(value: unknown): EnvelopeHeader {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new BrokerDecodeError('the envelope header is not an object');
  }
  const header = value as Record<string, unknown>;
  if (typeof header.id !== 'string') throw new BrokerDecodeError('the envelope has no id');
  if (typeof header.t !== 'number') throw new BrokerDecodeError('the envelope has no time');
  if (header.h !== undefined && !isStringRecord(header.h)) {
    throw new BrokerDecodeError('the envelope headers are not strings');
  }
  for (const key of ['c', 'rt', 'rg'] as const) {
    if (header[key] !== undefined && typeof header[key] !== 'string') {
      throw new BrokerDecodeError(`the envelope field ${key} is not a string`);
    }
  }
  if (header.a !== undefined && !Number.isInteger(header.a)) {
    throw new BrokerDecodeError('the envelope attempt count is not a whole number');
  }
  if (header.raw !== undefined && header.raw !== 'string' && header.raw !== 'fields') {
    throw new BrokerDecodeError('the envelope raw kind is unknown');
  }
  if (header.dl !== undefined && !isDeadLetterInfo(header.dl)) {
    throw new BrokerDecodeError('the envelope dead-letter record is malformed');
  }
  return header as unknown as EnvelopeHeader;
}

function isStringRecord(value: unknown): value is Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return Object.values(value).every((v) => typeof v === 'string');
}

function isDeadLetterInfo(value: unknown): value is DeadLetterInfo {
  if (typeof value !== 'object' || value === null) return false;
  const info = value as Partial<DeadLetterInfo>;
  return (
    typeof info.reason === 'string' &&
    typeof info.error === 'object' &&
    info.error !== null &&
    typeof info.error.message === 'string' &&
    typeof info.attempts === 'number' &&
    typeof info.failedAt === 'number'
  );
}
