import type { PubSubClient } from '../../../lib/core/pubsub/pubsub.client';
import type { PubSubMessage } from '../../../lib/core/pubsub/pubsub.types';

/** Points the client's sink at an array and returns it: what the client received, in order. */
export function inbox(client: PubSubClient): PubSubMessage[] {
  const received: PubSubMessage[] = [];
  client.setSink((message) => received.push(message));
  return received;
}

export { message, pmessage, smessage } from '../../conformance/pubsub-inbox';
