import { randomUUID } from 'node:crypto';
import type { BrokerHeaders, BrokerMessage } from '../broker-message';
import type { BrokerCodec } from '../codec';
import type { DeadLetter } from '../dead-letter.types';
import {
  type DeadLetterInfo,
  type EnvelopeHeader,
  type ParsedEnvelope,
  readEnvelope,
  writeEnvelope,
} from '../envelope';
import type { DecodedMessage } from '../message-codec';

const NO_HEADERS: BrokerHeaders = Object.freeze({});

/** A queue element as a worker reads it. */
export interface QueueElement {
  /** The text as stored in the list: what LREM must name to settle it. */
  readonly stored: string;
  /** The message to handle: `stored` itself, or the message a replayed dead letter holds. */
  readonly content: string;
  /** Failed attempts so far (a replayed dead letter starts over at 0). */
  readonly failures: number;
}

/** Reads what `stored` holds without decoding the body (that is the handler's step). */
export function readElement(stored: string): QueueElement {
  const envelope = tryReadEnvelope(stored);
  if (!envelope) return { stored, content: stored, failures: 0 };
  const { header, body } = envelope;
  if (header.dl) return { stored, content: originalOf(header, body), failures: 0 };
  return { stored, content: stored, failures: Math.max(0, header.a ?? 0) };
}

/**
 * `content` with its failed attempts recorded in the envelope (`a`), for a retry or a reclaim. A
 * raw payload is wrapped (`raw: 'string'`, a new id) so it can carry the count; the handler still
 * gets the string. Undefined when `content` is a damaged envelope: nothing can be written into it.
 */
export function withFailures(content: string, failures: number, now: number): string | undefined {
  let envelope: ParsedEnvelope | undefined;
  try {
    envelope = readEnvelope(content);
  } catch {
    return undefined;
  }
  if (!envelope) {
    return writeEnvelope({ id: randomUUID(), t: now, raw: 'string', a: failures }, content);
  }
  return writeEnvelope({ ...envelope.header, a: failures }, envelope.body);
}

/** A dead-letter record and its id (what `replayDeadLetters({ ids })` names). */
export interface DeadLetterRecord {
  readonly id: string;
  readonly text: string;
}

/**
 * The dead-letter record of `content`: its envelope with `dl` added. Raw, undecodable and
 * oversized texts are kept as they were, as the raw body of a new envelope.
 */
export function deadLetterRecord(
  content: string,
  dl: DeadLetterInfo,
  now: number,
): DeadLetterRecord {
  const keepsText = dl.reason === 'undecodable' || dl.reason === 'too-large';
  const envelope = keepsText ? undefined : tryReadEnvelope(content);
  if (envelope) {
    const { a: _failures, ...header } = envelope.header;
    return { id: header.id, text: writeEnvelope({ ...header, dl }, envelope.body) };
  }
  const id = randomUUID();
  return { id, text: writeEnvelope({ id, t: now, raw: 'string', dl }, content) };
}

/**
 * The message as the handler gets it. A raw payload the runtime wrapped (to count its attempts)
 * looks as it did on the first attempt: the string, no id, no headers, no time.
 */
export function handlerMessage(decoded: DecodedMessage): BrokerMessage {
  if (decoded.header?.raw !== 'string') return decoded.message;
  return { id: undefined, data: decoded.body, headers: NO_HEADERS, publishedAt: undefined };
}

/** A dead-letter list element as `deadLetters()` lists it; undefined when it is no record. */
export function readDeadLetter(
  queue: string,
  text: string,
  codec: BrokerCodec,
): DeadLetter | undefined {
  const envelope = tryReadEnvelope(text);
  const dl = envelope?.header.dl;
  if (!envelope || !dl) return undefined;
  const { header, body } = envelope;
  const raw = header.raw !== undefined;
  const data = recordData(header, body, codec);
  return {
    id: header.id,
    kind: 'queue',
    name: queue,
    messageId: raw ? undefined : header.id,
    data: data.ok ? data.value : undefined,
    ...(data.ok ? {} : { raw: body }),
    headers: header.h ?? NO_HEADERS,
    reason: dl.reason,
    error: { name: dl.error.name ?? 'Error', message: dl.error.message },
    attempts: dl.attempts,
    publishedAt: raw ? undefined : new Date(header.t),
    failedAt: new Date(dl.failedAt),
  };
}

type Decoded = { readonly ok: true; readonly value: unknown } | { readonly ok: false };

function recordData(header: EnvelopeHeader, body: string, codec: BrokerCodec): Decoded {
  const reason = header.dl?.reason;
  if (reason === 'undecodable' || reason === 'too-large') return { ok: false };
  if (header.raw === 'string') return { ok: true, value: body };
  try {
    if (header.raw === 'fields') return { ok: true, value: JSON.parse(body) };
    if ((header.c ?? 'json') !== codec.name) return { ok: false };
    return { ok: true, value: codec.decode(body) };
  } catch {
    return { ok: false };
  }
}

/** What a dead letter held before it failed: a replay starts over from it. */
function originalOf(header: EnvelopeHeader, body: string): string {
  const reason = header.dl?.reason;
  // These records keep the text exactly as it was taken from the queue.
  if (reason === 'undecodable' || reason === 'too-large') return body;
  const { dl: _dl, a: _failures, ...rest } = header;
  return writeEnvelope(rest, body);
}

function tryReadEnvelope(text: string): ParsedEnvelope | undefined {
  try {
    return readEnvelope(text);
  } catch {
    return undefined;
  }
}
