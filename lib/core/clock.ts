/** A timer that can be cancelled before it fires. */
export interface TimerHandle {
  cancel(): void;
}

/** How a timer is set. */
export interface TimerOptions {
  /**
   * A background timer does not keep the process alive (`SystemClock` unrefs it): for
   * housekeeping such as removing expired keys, as opposed to a call that is waiting on it.
   * @default false
   */
  readonly background?: boolean;
}

/**
 * Time source for the core. Idle times, delivery times, `*` stream ids, blocking timeouts and key
 * expiry all read this clock, so tests can move time explicitly instead of sleeping.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Calls `callback` once, `ms` milliseconds from now. */
  setTimer(ms: number, callback: () => void, options?: TimerOptions): TimerHandle;
}

/** Longest delay a host timer takes; beyond it Node fires after 1 ms instead. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Wall-clock time and real timers. */
export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }

  setTimer(ms: number, callback: () => void, options: TimerOptions = {}): TimerHandle {
    // Long waits (a BLPOP of a month) are chained in steps the host timer can hold.
    const due = Date.now() + ms;
    let timer: ReturnType<typeof setTimeout>;
    const arm = (): void => {
      const left = due - Date.now();
      if (left > MAX_TIMER_MS) timer = setTimeout(arm, MAX_TIMER_MS);
      else timer = setTimeout(callback, Math.max(0, left));
      if (options.background) timer.unref();
    };
    arm();
    return { cancel: () => clearTimeout(timer) };
  }
}

interface ManualTimer {
  readonly due: number;
  readonly seq: number;
  readonly callback: () => void;
  cancelled: boolean;
}

/**
 * A clock that only moves when told to. Timers fire synchronously inside {@link advance}, in due
 * order (ties in creation order), each seeing `now()` equal to its due time.
 */
export class ManualClock implements Clock {
  private current: number;
  private timers: ManualTimer[] = [];
  private seq = 0;

  /** @param start initial time in ms since the epoch (default: 1,700,000,000,000) */
  constructor(start = 1_700_000_000_000) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  /** `options.background` changes nothing: a manual clock keeps no process alive. */
  setTimer(ms: number, callback: () => void, _options?: TimerOptions): TimerHandle {
    const timer: ManualTimer = {
      due: this.current + Math.max(0, ms),
      seq: this.seq++,
      callback,
      cancelled: false,
    };
    this.timers.push(timer);
    return { cancel: () => (timer.cancelled = true) };
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way. */
  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      const next = this.nextDue(target);
      if (!next) break;
      this.current = next.due;
      next.cancelled = true;
      next.callback();
    }
    this.current = target;
    this.timers = this.timers.filter((t) => !t.cancelled);
  }

  /** Sets the time; only moving forward fires timers. */
  set(ms: number): void {
    if (ms >= this.current) this.advance(ms - this.current);
    else this.current = ms;
  }

  /** Number of timers not yet fired or cancelled. */
  get pendingTimers(): number {
    return this.timers.filter((t) => !t.cancelled).length;
  }

  private nextDue(limit: number): ManualTimer | undefined {
    let best: ManualTimer | undefined;
    for (const t of this.timers) {
      if (t.cancelled || t.due > limit) continue;
      if (!best || t.due < best.due || (t.due === best.due && t.seq < best.seq)) best = t;
    }
    return best;
  }
}
