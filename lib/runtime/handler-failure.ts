import { BrokerError } from '../core/broker.errors';

/**
 * Throw it from a queue worker or stream consumer to send the message straight to the dead letter,
 * without retries: for input that can never succeed (a reference to something deleted, a payload
 * of the wrong shape).
 */
export class DeadLetterError extends BrokerError {
  constructor(
    /** Why the message cannot be handled; kept in the dead-letter record. */
    reason: string,
  ) {
    super(reason);
  }
}

/**
 * Whether a failure should skip the remaining retries: a {@link DeadLetterError} (also as the
 * `cause` of what the Nest layer reports), or any error the layer above marked
 * `retryable: false` (a validation failure).
 */
export function isUnrecoverable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    if (e instanceof DeadLetterError) return true;
    if (typeof e !== 'object') return false;
    if ((e as { retryable?: unknown }).retryable === false) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
