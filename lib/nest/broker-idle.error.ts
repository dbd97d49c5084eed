import { BrokerError } from '../core/broker.errors';

/** `BrokerServer.whenIdle()` timed out: something was still busy. */
export class BrokerIdleTimeoutError extends BrokerError {
  constructor(
    /** The timeout that passed, in ms. */
    readonly timeoutMs: number,
    /** What was still busy, one line each. */
    readonly busy: readonly string[],
  ) {
    super(
      `The broker was not idle after ${timeoutMs} ms: ${busy.join('; ')}. A handler may be stuck ` +
        `or messages may keep arriving; with a ManualClock, retries wait until the clock moves.`,
    );
  }
}
