import type { PubSubMessage } from '../../lib/core/pubsub/pubsub.types';
import type { BrokerPort } from '../../lib/port/broker.port';
import type { SubscriberPort } from '../../lib/port/pubsub.port';

/** A subscriber and everything it received, in order. */
export interface Inbox {
  readonly subscriber: SubscriberPort;
  readonly messages: readonly PubSubMessage[];
  /** Resolves once `count` messages in all have arrived (at once if they already have). */
  received(count: number): Promise<PubSubMessage[]>;
}

/**
 * Opens subscribers on a port and closes them after each test. Waiting is event-driven: a test
 * that expects a message which never comes fails on jest's timeout, not on a guessed sleep.
 */
export function inboxes(port: () => BrokerPort): () => Promise<Inbox> {
  const open: SubscriberPort[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((subscriber) => subscriber.close()));
  });
  return async () => {
    const subscriber = await port().createSubscriber();
    open.push(subscriber);
    const messages: PubSubMessage[] = [];
    const waiting: Array<{ count: number; resolve: (all: PubSubMessage[]) => void }> = [];
    subscriber.onMessage((message) => {
      messages.push(message);
      for (const waiter of waiting.filter((w) => w.count <= messages.length)) {
        waiting.splice(waiting.indexOf(waiter), 1);
        waiter.resolve([...messages]);
      }
    });
    return {
      subscriber,
      messages,
      received: (count) =>
        count <= messages.length
          ? Promise.resolve([...messages])
          : new Promise((resolve) => waiting.push({ count, resolve })),
    };
  };
}

export const message = (channel: string, payload: string): PubSubMessage => ({
  kind: 'message',
  channel,
  payload,
});

export const pmessage = (pattern: string, channel: string, payload: string): PubSubMessage => ({
  kind: 'pmessage',
  pattern,
  channel,
  payload,
});

export const smessage = (channel: string, payload: string): PubSubMessage => ({
  kind: 'smessage',
  channel,
  payload,
});
