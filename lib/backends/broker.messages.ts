import type { PubSubMessage } from '../core/pubsub/pubsub.types';

// Messages both backends report through their logger (kept apart from the code that sends them).

/** A message listener threw (or rejected) and the subscriber has no `onError` listener. */
export function listenerFailed(error: unknown, message: PubSubMessage): string {
  return (
    `A message listener failed on ${where(message)}: ${describe(error)}. Delivery goes on; ` +
    `register subscriber.onError(listener) to handle listener errors yourself.`
  );
}

/** An `onError` listener threw while handling a message listener's error. */
export function errorListenerFailed(error: unknown, message: PubSubMessage): string {
  return `An onError listener failed on ${where(message)}: ${describe(error)}. Delivery goes on.`;
}

function where(message: PubSubMessage): string {
  return message.kind === 'pmessage'
    ? `pattern '${message.pattern}' (channel '${message.channel}')`
    : `${message.kind === 'smessage' ? 'shard channel' : 'channel'} '${message.channel}'`;
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  try {
    return String(error);
  } catch {
    return 'a value that cannot be shown';
  }
}
