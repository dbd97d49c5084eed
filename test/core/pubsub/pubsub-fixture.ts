import type { PubSubClient } from '../../../lib/core/pubsub/pubsub.client';
import type { PubSubMessage } from '../../../lib/core/pubsub/pubsub.types';

/** Points the client's sink at an array and returns it: what the client received, in order. */
export function inbox(client: PubSubClient): PubSubMessage[] {
  const received: PubSubMessage[] = [];
  client.setSink((message) => received.push(message));
  return received;
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
