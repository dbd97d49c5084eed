import type { Clock } from '../core/clock';
import { Deadline, TIMED_OUT } from './stop-deadline';

/**
 * Counts handlers running, so shutdown can wait for them and tests can wait for quiet. Every
 * delivery shape runs its handlers through one of these.
 */
export class InFlight {
  private running = 0;
  private idleWaiters: Array<() => void> = [];

  /** Handlers running now. */
  get size(): number {
    return this.running;
  }

  /** Runs `work`, counted while it runs. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    this.running++;
    try {
      return await work();
    } finally {
      this.running--;
      if (this.running === 0) for (const wake of this.idleWaiters.splice(0)) wake();
    }
  }

  /** Resolves once nothing runs (at once when nothing does). */
  whenIdle(): Promise<void> {
    if (this.running === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Waits for quiet, at most `timeoutMs`; resolves whether everything finished. */
  async drain(timeoutMs: number, clock: Clock): Promise<boolean> {
    if (this.running === 0) return true;
    const deadline = new Deadline(clock, timeoutMs);
    try {
      return (await deadline.within(this.whenIdle())) !== TIMED_OUT;
    } finally {
      deadline.cancel();
    }
  }
}
