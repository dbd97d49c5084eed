import type { Clock, TimerHandle } from '../core/clock';

/**
 * How long a runner's stop() waits, past its timeout, for the bookkeeping after the drain: putting
 * unfinished messages back and removing the lease (queues), the last acknowledgements and leaving
 * the group (streams). On a broker that answers, that is a few round trips — milliseconds; a
 * second also covers a slow server or a reconnect in progress. Past it the broker is taken for
 * unreachable: the Redis client queues commands while it reconnects, for as long as that lasts, and
 * `app.close()` waits for stop(). What is left undone is safe — a lease expires and the messages
 * under it are taken back, pending entries are reclaimed — only later.
 */
export const STOP_GRACE_MS = 1000;

/** What {@link Deadline.within} resolves to when the deadline came first. */
export const TIMED_OUT: unique symbol = Symbol('timed out');

/**
 * A moment on the runtime clock, armed when created (so a manual clock moved right after stop()
 * reaches it), that broker calls are raced against.
 */
export class Deadline {
  private timer: TimerHandle | undefined;
  private readonly reached: Promise<typeof TIMED_OUT>;

  /** `ms` from now; 0 or less = already reached. */
  constructor(clock: Clock, ms: number) {
    if (ms <= 0) {
      this.reached = Promise.resolve(TIMED_OUT);
      return;
    }
    this.reached = new Promise((resolve) => {
      this.timer = clock.setTimer(ms, () => resolve(TIMED_OUT));
    });
  }

  /**
   * `work`'s value, or {@link TIMED_OUT} when the deadline comes first (`work` is then left to
   * settle on its own; a later rejection is not reported as unhandled). Rejects as `work` does.
   */
  within<T>(work: Promise<T>): Promise<T | typeof TIMED_OUT> {
    return Promise.race([work, this.reached]);
  }

  /** Cancels the timer (no timer outlives a stop). */
  cancel(): void {
    this.timer?.cancel();
    this.timer = undefined;
  }
}
