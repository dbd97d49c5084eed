import { ManualClock, SystemClock } from '../../../lib/core/clock';

describe('ManualClock', () => {
  it('fires timers in due order when advanced, each seeing its own due time', () => {
    const clock = new ManualClock(1000);
    const fired: Array<[string, number]> = [];
    clock.setTimer(30, () => fired.push(['b', clock.now()]));
    clock.setTimer(10, () => fired.push(['a', clock.now()]));
    clock.setTimer(30, () => fired.push(['c', clock.now()]));
    clock.advance(20);
    expect(fired).toEqual([['a', 1010]]);
    clock.advance(100);
    expect(fired).toEqual([
      ['a', 1010],
      ['b', 1030],
      ['c', 1030],
    ]);
    expect(clock.now()).toBe(1120);
  });

  it('never fires a cancelled timer', () => {
    const clock = new ManualClock();
    const callback = jest.fn();
    clock.setTimer(5, callback).cancel();
    clock.advance(10);
    expect(callback).not.toHaveBeenCalled();
    expect(clock.pendingTimers).toBe(0);
  });
});

describe('SystemClock', () => {
  afterEach(() => jest.useRealTimers());

  it('holds delays longer than the host timer limit instead of firing at once', () => {
    jest.useFakeTimers({ now: 0 });
    const clock = new SystemClock();
    const callback = jest.fn();
    const month = 31 * 24 * 3600 * 1000; // > 2^31 - 1 ms
    clock.setTimer(month, callback);
    jest.advanceTimersByTime(2 ** 31);
    expect(callback).not.toHaveBeenCalled();
    jest.advanceTimersByTime(month - 2 ** 31);
    expect(callback).toHaveBeenCalledTimes(1);
  });

  it('can be cancelled while chained', () => {
    jest.useFakeTimers({ now: 0 });
    const clock = new SystemClock();
    const callback = jest.fn();
    const handle = clock.setTimer(2 ** 32, callback);
    jest.advanceTimersByTime(2 ** 31);
    handle.cancel();
    jest.advanceTimersByTime(2 ** 32);
    expect(callback).not.toHaveBeenCalled();
  });
  it('a background timer does not keep the process alive, also when chained; an ordinary one does', () => {
    const clock = new SystemClock();
    const timers = (): number =>
      process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
    const before = timers();
    const background = clock.setTimer(2 ** 32, () => undefined, { background: true });
    expect(timers()).toBe(before);
    const ordinary = clock.setTimer(2 ** 32, () => undefined);
    expect(timers()).toBe(before + 1);
    background.cancel();
    ordinary.cancel();
  });
});
