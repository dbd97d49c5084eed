import type { Clock, TimerHandle } from '../../core/clock';

interface Due {
  readonly at: number;
  readonly seq: number;
  readonly callback: () => void;
}

/**
 * Many delayed callbacks (an entry's retry after its backoff) on one clock timer, armed for the
 * earliest: a thousand entries waiting cost one host timer, not a thousand.
 */
export class DueTimers {
  private queue: Due[] = [];
  private timer: TimerHandle | undefined;
  private armedAt: number | undefined;
  private seq = 0;

  constructor(private readonly clock: Clock) {}

  /** Callbacks waiting. */
  get size(): number {
    return this.queue.length;
  }

  /** Calls `callback` once, `ms` from now; `cancel()` takes it back. */
  schedule(ms: number, callback: () => void): TimerHandle {
    const due: Due = { at: this.clock.now() + Math.max(0, ms), seq: this.seq++, callback };
    // Waits grow with the delivery count, so most land at the end: search from there.
    let index = this.queue.length;
    while (index > 0 && this.queue[index - 1].at > due.at) index--;
    this.queue.splice(index, 0, due);
    this.arm();
    return { cancel: () => this.remove(due) };
  }

  /** Drops every callback and the timer. */
  cancelAll(): void {
    this.queue = [];
    this.arm();
  }

  private remove(due: Due): void {
    const index = this.queue.indexOf(due);
    if (index < 0) return;
    this.queue.splice(index, 1);
    if (index === 0) this.arm();
  }

  private arm(): void {
    const first = this.queue[0];
    if (first && this.timer && this.armedAt === first.at) return;
    this.timer?.cancel();
    this.timer = undefined;
    this.armedAt = undefined;
    if (!first) return;
    this.armedAt = first.at;
    this.timer = this.clock.setTimer(Math.max(0, first.at - this.clock.now()), () => this.fire());
  }

  private fire(): void {
    this.timer = undefined;
    this.armedAt = undefined;
    const now = this.clock.now();
    let count = 0;
    while (count < this.queue.length && this.queue[count].at <= now) count++;
    const due = this.queue.splice(0, count);
    this.arm(); // a host timer may fire a little early: what is not due yet waits on
    for (const { callback } of due) callback();
  }
}

/**
 * Runs `task` every `ms` on the clock. A turn that comes while the previous run is still going
 * runs right after it instead (one at a time, none lost): a manual clock moved far ahead in one
 * step fires every turn before any run could finish. Background timers: they never keep the
 * process alive. `task` must not reject.
 */
export function every(clock: Clock, ms: number, task: () => Promise<void>): TimerHandle {
  let running = false;
  let again = false;
  let cancelled = false;
  let timer: TimerHandle;
  const run = (): void => {
    running = true;
    const done = (): void => {
      running = false;
      if (again && !cancelled) {
        again = false;
        run();
      }
    };
    task().then(done, done);
  };
  const tick = (): void => {
    timer = clock.setTimer(ms, tick, { background: true });
    if (running) again = true;
    else run();
  };
  timer = clock.setTimer(ms, tick, { background: true });
  return {
    cancel: () => {
      cancelled = true;
      timer.cancel();
    },
  };
}
