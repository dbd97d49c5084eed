import { BrokerError } from '../../core/broker.errors';

/**
 * Recorded as the failure of a message whose worker died (stopped renewing its lease) while
 * handling it, once that was its last attempt: a message that crashes its worker every time ends
 * in the dead letter instead of going round for ever.
 */
export class QueueWorkerLostError extends BrokerError {
  constructor(
    readonly queue: string,
    /** The app instance whose worker held the message. */
    readonly worker: string,
    /** Attempts counted, the lost one included. */
    readonly attempts: number,
  ) {
    super(
      `The worker of instance "${worker}" on queue "${queue}" stopped (its process died or was ` +
        `restarted) while handling the message, on attempt ${attempts}. If every attempt ends ` +
        `this way, something in the message crashes the process: look at it before replaying it.`,
    );
  }
}
