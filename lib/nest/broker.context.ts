import { BaseRpcContext } from '@nestjs/microservices';
import type {
  BrokerHeaders,
  BrokerMessage,
  DeliveryInfo,
  DeliveryKind,
} from '../runtime/broker-message';

/** The context tuple: where the message came from, and the message. */
export type BrokerContextArgs = [delivery: DeliveryInfo, message: BrokerMessage];

/**
 * What `@Ctx()` gives a broker handler. Getters that do not apply to the message's kind return
 * `undefined` (a channel message has no queue, a queue message no entry id).
 */
export class BrokerContext extends BaseRpcContext<BrokerContextArgs> {
  /** `'channel' | 'pattern' | 'shard' | 'queue' | 'stream'`. */
  getKind(): DeliveryKind {
    return this.args[0].kind;
  }

  /** The channel the message was published to (channel, pattern and shard handlers). */
  getChannel(): string | undefined {
    return this.args[0].channel;
  }

  /** The glob that matched the channel (pattern handlers). */
  getPattern(): string | undefined {
    return this.args[0].pattern;
  }

  /** The id the publisher gave the message; undefined for a raw payload from another client. */
  getMessageId(): string | undefined {
    return this.args[1].id;
  }

  /** Headers given at publish time (correlation id, `traceparent`, ...); `{}` when none. */
  getHeaders(): BrokerHeaders {
    return this.args[1].headers;
  }

  /** When the message was published; undefined for a raw payload. */
  getPublishedAt(): Date | undefined {
    return this.args[1].publishedAt;
  }

  /** The queue (queue workers). */
  getQueue(): string | undefined {
    return this.args[0].queue;
  }

  /** 1 on the first attempt, 2 on the first retry, ... (queue workers). */
  getAttempt(): number | undefined {
    return this.args[0].attempt;
  }

  /** The stream (stream consumers). */
  getStream(): string | undefined {
    return this.args[0].stream;
  }

  /** The consumer group (stream consumers). */
  getGroup(): string | undefined {
    return this.args[0].group;
  }

  /** This app instance's consumer name in the group (stream consumers). */
  getConsumer(): string | undefined {
    return this.args[0].consumer;
  }

  /** The stream entry id, e.g. `1733100000000-0` (stream consumers). */
  getEntryId(): string | undefined {
    return this.args[0].entryId;
  }

  /** How many times the group delivered the entry, this time included (stream consumers). */
  getDeliveryCount(): number | undefined {
    return this.args[0].deliveryCount;
  }
}
