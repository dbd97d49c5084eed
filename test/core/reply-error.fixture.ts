import { BrokerReplyError } from '../../lib/core/reply-error';

/** Runs `action` and returns the Redis error text it threw. */
export function replyError(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    if (error instanceof BrokerReplyError) return error.message;
    throw error;
  }
  throw new Error('expected a BrokerReplyError');
}

/** The Redis error text a promise rejected with. */
export async function rejection(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof BrokerReplyError) return error.message;
    throw error;
  }
  throw new Error('expected a BrokerReplyError');
}
