import { ManualClock } from '../../lib/core/clock';
import { DueTimers, every } from '../../lib/runtime/stream/due-timers';

describe('DueTimers', () => {
  it('fires callbacks in due order on one clock timer', () => {
    const clock = new ManualClock(0);
    const timers = new DueTimers(clock);
    const fired: string[] = [];
    timers.schedule(300, () => fired.push('c'));
    timers.schedule(100, () => fired.push('a'));
    timers.schedule(200, () => fired.push('b'));
    timers.schedule(100, () => fired.push('a2'));
    expect(clock.pendingTimers).toBe(1);
    expect(timers.size).toBe(4);
    clock.advance(99);
    expect(fired).toEqual([]);
    clock.advance(1);
    expect(fired).toEqual(['a', 'a2']);
    clock.advance(200);
    expect(fired).toEqual(['a', 'a2', 'b', 'c']);
    expect(clock.pendingTimers).toBe(0);
    expect(timers.size).toBe(0);
  });

  it('cancels one callback or all of them, leaving no timer', () => {
    const clock = new ManualClock(0);
    const timers = new DueTimers(clock);
    const fired: string[] = [];
    const first = timers.schedule(10, () => fired.push('first'));
    timers.schedule(20, () => fired.push('second'));
    first.cancel();
    first.cancel();
    clock.advance(15);
    expect(fired).toEqual([]);
    timers.schedule(30, () => fired.push('third'));
    timers.cancelAll();
    expect(clock.pendingTimers).toBe(0);
    clock.advance(100);
    expect(fired).toEqual([]);
  });
});

describe('every', () => {
  it('runs a task each period; a turn that comes while it runs follows it, one at a time', async () => {
    const clock = new ManualClock(0);
    let runs = 0;
    let running = 0;
    let most = 0;
    const release: Array<() => void> = [];
    const handle = every(clock, 10, async () => {
      runs++;
      running++;
      most = Math.max(most, running);
      await new Promise<void>((resolve) => release.push(resolve));
      running--;
    });
    clock.advance(35); // three turns, the first still running
    expect(runs).toBe(1);
    release.shift()?.();
    await new Promise((resolve) => setImmediate(resolve));
    expect(runs).toBe(2); // the turns that came meanwhile: one more run
    release.shift()?.();
    await new Promise((resolve) => setImmediate(resolve));
    expect(runs).toBe(2);
    expect(most).toBe(1);
    handle.cancel();
    expect(clock.pendingTimers).toBe(0);
  });
});
