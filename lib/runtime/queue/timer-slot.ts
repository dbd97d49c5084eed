import type { Clock, TimerHandle } from '../../core/clock';

/**
 * At most one clock timer for one purpose (the next lease renewal, the earliest retry), so
 * re-arming never piles timers up and stopping cancels exactly what is there.
 */
export class TimerSlot {
  private handle: TimerHandle | undefined;
  private dueAt = Infinity;

  constructor(private readonly clock: Clock) {}

  /** When the armed timer fires (ms since the epoch); Infinity when none is armed. */
  get due(): number {
    return this.dueAt;
  }

  /** Fires `callback` at `at`, replacing the armed timer. */
  set(at: number, callback: () => void): void {
    this.cancel();
    this.dueAt = at;
    this.handle = this.clock.setTimer(Math.max(0, at - this.clock.now()), () => {
      this.handle = undefined;
      this.dueAt = Infinity;
      callback();
    });
  }

  /** Fires `callback` at `at` unless the armed timer fires by then anyway. */
  setBy(at: number, callback: () => void): void {
    if (this.handle && this.dueAt <= at) return;
    this.set(at, callback);
  }

  cancel(): void {
    this.handle?.cancel();
    this.handle = undefined;
    this.dueAt = Infinity;
  }
}
