/** Headers travelling with a message: correlation ids, `traceparent`, anything string-valued. */
export type BrokerHeaders = Readonly<Record<string, string>>;

/**
 * A message as handlers receive it. Messages sent through the broker carry an id, a time and
 * headers; a raw payload written by another Redis client has none of them (`id` undefined,
 * `headers` empty) and `data` is the text as it was — or, for a raw stream entry, its fields as
 * an object.
 */
export interface BrokerMessage<T = unknown> {
  /** Message id given at publish time; undefined for raw payloads. */
  readonly id: string | undefined;
  /** The decoded body. */
  readonly data: T;
  /** Headers given at publish time; `{}` when none. */
  readonly headers: BrokerHeaders;
  /**
   * When it was published; for a raw stream entry, the time in its id; undefined for other raw
   * payloads.
   */
  readonly publishedAt: Date | undefined;
  /** Request–reply: the channel the requester waits on (requests from `BrokerClient.send()`). */
  readonly replyTo?: string;
}

/** What kind of subscription or consumer delivered a message. */
export type DeliveryKind = 'channel' | 'pattern' | 'shard' | 'queue' | 'stream';

/**
 * Where a message came from, as the handler's context reports it. Fields that do not apply to the
 * kind are undefined.
 */
export interface DeliveryInfo {
  readonly kind: DeliveryKind;
  /** The channel the message was published to (channel, pattern, shard). */
  readonly channel?: string;
  /** The glob that matched (pattern). */
  readonly pattern?: string;
  /** The queue (queue). */
  readonly queue?: string;
  /** 1 on the first attempt, 2 on the first retry, ... (queue). */
  readonly attempt?: number;
  /** The stream (stream). */
  readonly stream?: string;
  /** The consumer group (stream). */
  readonly group?: string;
  /** This consumer's name in the group (stream). */
  readonly consumer?: string;
  /** The stream entry id (stream). */
  readonly entryId?: string;
  /** Times the entry was delivered to the group, this delivery included (stream). */
  readonly deliveryCount?: number;
}

/**
 * A handler as the runtime sees it: resolves when the message was handled, rejects when it failed
 * (a stored message is then retried or dead-lettered).
 */
export type DeliveryHandler = (message: BrokerMessage, delivery: DeliveryInfo) => Promise<void>;
