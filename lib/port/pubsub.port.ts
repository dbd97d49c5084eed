import type { ChannelCount, PubSubListener, PubSubMessage } from '../core/pubsub/pubsub.types';

/**
 * Receives what a message listener threw (or the rejection of the promise it returned), with the
 * message it was handling.
 */
export type SubscriberErrorListener = (error: unknown, message: PubSubMessage) => void;

/**
 * A subscriber connection. Channels, patterns and shard channels are independent namespaces; the
 * counts resolved are Redis's: channels + patterns for (P)(UN)SUBSCRIBE, shard channels for
 * S(UN)SUBSCRIBE, after the last argument was processed.
 */
export interface SubscriberPort {
  /** SUBSCRIBE: at least one channel. */
  subscribe(channels: string[]): Promise<number>;
  /** Without channels: all of them. */
  unsubscribe(channels?: string[]): Promise<number>;
  /** PSUBSCRIBE: at least one glob pattern. */
  psubscribe(patterns: string[]): Promise<number>;
  /** PUNSUBSCRIBE: the given patterns (compared as text, not matched); without any, all of them. */
  punsubscribe(patterns?: string[]): Promise<number>;
  /** Sharded channels; in cluster mode all must hash to one slot (else CROSSSLOT). */
  ssubscribe(channels: string[]): Promise<number>;
  /** SUNSUBSCRIBE: the given shard channels; without any, all of them. */
  sunsubscribe(channels?: string[]): Promise<number>;
  /**
   * Adds a listener for every delivered message; returns a function that removes it. A listener
   * that throws (or rejects) does not stop delivery to the others: see {@link onError}.
   */
  onMessage(listener: PubSubListener): () => void;
  /**
   * Adds a listener for the errors of message listeners; returns a function that removes it.
   * Without any, such errors go to the backend's `logger` (default: a Node process warning), so
   * they can never crash the process.
   */
  onError(listener: SubscriberErrorListener): () => void;
  /**
   * Drops every subscription and the connection; finishes promptly whatever the broker does
   * (calls still pending reject with `BrokerClosedError`).
   */
  close(): Promise<void>;
}

/** Publishing and PUBSUB introspection. */
export interface PubSubPort {
  /** PUBLISH: receivers on the node that took the command (channel subscribers + matching patterns). */
  publish(channel: string, message: string): Promise<number>;
  /** SPUBLISH: receivers of the shard channel on the node owning its slot. */
  spublish(channel: string, message: string): Promise<number>;
  /** A new subscriber connection (each one has its own subscriptions and listeners). */
  createSubscriber(): Promise<SubscriberPort>;
  /** PUBSUB CHANNELS [pattern]: channels with at least one subscriber (unordered). */
  pubsubChannels(pattern?: string): Promise<string[]>;
  /** PUBSUB NUMSUB: subscriber count per channel, in argument order (patterns not counted). */
  pubsubNumsub(channels: string[]): Promise<ChannelCount[]>;
  /** PUBSUB NUMPAT: distinct patterns subscribed by anyone. */
  pubsubNumpat(): Promise<number>;
  /** PUBSUB SHARDCHANNELS [pattern]: shard channels with at least one subscriber (unordered). */
  pubsubShardChannels(pattern?: string): Promise<string[]>;
  /** PUBSUB SHARDNUMSUB: subscriber count per shard channel, in argument order. */
  pubsubShardNumsub(channels: string[]): Promise<ChannelCount[]>;
}
