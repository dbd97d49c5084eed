import { randomUUID } from 'node:crypto';
import { BrokerConfigurationError } from '../core/broker.errors';
import type { BrokerHeaders, BrokerMessage } from './broker-message';
import type { BrokerCodec } from './codec';
import { type EnvelopeHeader, readEnvelope, writeEnvelope } from './envelope';
import { BrokerDecodeError, BrokerPayloadTooLargeError } from './runtime.errors';

const NO_HEADERS: BrokerHeaders = Object.freeze({});

/** What the publisher may add to a message's envelope. */
export interface EncodeOptions {
  /** Headers to carry (string values). */
  readonly headers?: BrokerHeaders;
  /** Request–reply: where the reply goes. */
  readonly replyTo?: string;
  /** The message id, when the caller has one (a request's); a new UUID otherwise. */
  readonly id?: string;
}

/** An encoded message and what its envelope says. */
export interface EncodedMessage {
  readonly text: string;
  readonly id: string;
  readonly publishedAt: number;
}

/** A message read back, with its envelope header when it had one. */
export interface DecodedMessage {
  readonly message: BrokerMessage;
  /** Undefined for a raw payload. */
  readonly header?: EnvelopeHeader;
  /** The body text, as the codec (or the raw writer) produced it. */
  readonly body: string;
}

/**
 * Envelopes + codec + size limit: the one place messages become text and text becomes messages,
 * for every delivery shape.
 */
export class MessageCodec {
  constructor(
    readonly codec: BrokerCodec,
    /** Largest message accepted, in UTF-8 bytes of the whole envelope. */
    readonly maxPayloadBytes: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Encodes `data` in a new envelope; throws before anything is sent when it cannot. */
  encode(data: unknown, options: EncodeOptions = {}): EncodedMessage {
    const body = this.codec.encode(data);
    const header: EnvelopeHeader = {
      id: options.id ?? randomUUID(),
      t: this.now(),
      ...(options.headers && Object.keys(options.headers).length > 0
        ? { h: checkHeaders(options.headers) }
        : {}),
      ...(this.codec.name !== 'json' ? { c: this.codec.name } : {}),
      ...(options.replyTo !== undefined ? { rt: options.replyTo } : {}),
    };
    const text = writeEnvelope(header, body);
    this.assertSize(text);
    return { text, id: header.id, publishedAt: header.t };
  }

  /**
   * Reads a message: an envelope is checked and its body decoded; any other text is a raw payload
   * and arrives as it is. Throws {@link BrokerDecodeError} / {@link BrokerPayloadTooLargeError}.
   */
  decode(text: string): DecodedMessage {
    this.assertSize(text);
    const envelope = readEnvelope(text);
    if (!envelope) {
      return {
        message: { id: undefined, data: text, headers: NO_HEADERS, publishedAt: undefined },
        body: text,
      };
    }
    const { header, body } = envelope;
    return {
      message: {
        id: header.id,
        data: this.decodeBody(header, body),
        headers: header.h ?? NO_HEADERS,
        publishedAt: new Date(header.t),
        ...(header.rt !== undefined ? { replyTo: header.rt } : {}),
      },
      header,
      body,
    };
  }

  /** Throws {@link BrokerPayloadTooLargeError} when `text` is over the limit. */
  assertSize(text: string): void {
    // A UTF-16 code unit is at most 3 UTF-8 bytes: short texts need no count.
    if (text.length * 3 <= this.maxPayloadBytes) return;
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes > this.maxPayloadBytes)
      throw new BrokerPayloadTooLargeError(bytes, this.maxPayloadBytes);
  }

  private decodeBody(header: EnvelopeHeader, body: string): unknown {
    if (header.raw === 'string') return body;
    if (header.raw === 'fields') return parseJson(body, 'the raw entry fields are not JSON');
    const codec = header.c ?? 'json';
    if (codec !== this.codec.name) {
      throw new BrokerDecodeError(
        `it was encoded with the ${codec} codec and this app decodes ${this.codec.name}`,
      );
    }
    try {
      return this.codec.decode(body);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new BrokerDecodeError(`the ${codec} codec rejected the body (${reason})`);
    }
  }
}

function parseJson(text: string, reason: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new BrokerDecodeError(reason);
  }
}

function checkHeaders(headers: BrokerHeaders): BrokerHeaders {
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value !== 'string') {
      throw new BrokerConfigurationError(`headers.${name}`, value, 'a string');
    }
  }
  return headers;
}
