import type { BrokerHeaders } from './broker-message';
import type { DeadLetterReason } from './envelope';

/** A message in a queue's or a stream's dead letter, as `BrokerPublisher.deadLetters()` lists it. */
export interface DeadLetter<T = unknown> {
  /**
   * Names the record for `replayDeadLetters(kind, name, { ids })`: the message id for a queue, the
   * dead-letter stream entry id for a stream.
   */
  readonly id: string;
  readonly kind: 'queue' | 'stream';
  /** The queue or stream the message came from. */
  readonly name: string;
  /** The id the publisher gave the message; undefined for a raw payload. */
  readonly messageId: string | undefined;
  /** The decoded payload; undefined when it could not be decoded (see `raw`). */
  readonly data: T | undefined;
  /** The text as stored, when it could not be decoded (reason `undecodable` or `too-large`). */
  readonly raw?: string;
  readonly headers: BrokerHeaders;
  readonly reason: DeadLetterReason;
  /** The last error: its name and message. */
  readonly error: { readonly name: string; readonly message: string };
  /** Attempts made (queue) or deliveries counted (stream) when it was given up. */
  readonly attempts: number;
  /** When it was published; undefined for a raw payload. */
  readonly publishedAt: Date | undefined;
  /** When it was dead-lettered. */
  readonly failedAt: Date;
  /** Streams: the group and consumer that gave up, and the entry's id in the stream. */
  readonly group?: string;
  readonly consumer?: string;
  readonly entryId?: string;
}

/** Options of `deadLetters()`. */
export interface DeadLetterListOptions {
  /**
   * Most records to return, oldest first.
   * @default 100
   */
  readonly count?: number;
}

/** Options of `replayDeadLetters()`. */
export interface DeadLetterReplayOptions {
  /** Only these records (their `id`); all of them when left out. */
  readonly ids?: readonly string[];
}
