import { BrokerReplyError, ReplyText } from '../../core/reply-error';

/** ioredis's error for a command that lost its connection (retries are ours, see BlockingPool). */
const CONNECTION_LOST = [
  'Connection is closed.',
  'Cluster is ended.', // a Cluster's commands when it is disconnected
  'Reached the max retries per request limit',
  'read ECONNRESET',
  'write EPIPE',
];

/** ioredis rejects an SSUBSCRIBE spanning slots itself, before Redis sees it. */
const IOREDIS_CROSSSLOT = 'Possible CROSSSLOT error';

/** A Redis error reply as ioredis delivers it: message = Redis's full text. */
type IoredisReplyError = Error & { readonly name: 'ReplyError' };

function isReplyError(error: unknown): error is IoredisReplyError {
  return error instanceof Error && error.name === 'ReplyError';
}

/**
 * Turns what ioredis rejected with into what the memory backend would throw: a Redis error reply
 * becomes a {@link BrokerReplyError} with the same full text (so `message` and `code` match across
 * backends); ioredis's own CROSSSLOT guess becomes Redis's CROSSSLOT reply; anything else
 * (connection failures) passes through unchanged.
 */
export function toBrokerError(error: unknown, command?: string): unknown {
  if (error instanceof BrokerReplyError) return error;
  if (isReplyError(error)) return new BrokerReplyError(error.message, command?.toLowerCase());
  if (error instanceof Error && error.message.startsWith(IOREDIS_CROSSSLOT)) {
    return new BrokerReplyError(ReplyText.crossSlot, command?.toLowerCase());
  }
  return error;
}

/** Whether `error` means the connection dropped under the command (it may be re-sent). */
export function isConnectionLost(error: unknown): boolean {
  if (!(error instanceof Error) || isReplyError(error)) return false;
  return (
    error.name === 'MaxRetriesPerRequestError' ||
    CONNECTION_LOST.some((m) => error.message.startsWith(m))
  );
}
