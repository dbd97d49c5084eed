import { ManualClock } from '../../lib/core/clock';
import { InFlight } from '../../lib/runtime/in-flight';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('InFlight', () => {
  it('counts work while it runs, failed work included', async () => {
    const inFlight = new InFlight();
    const gate = deferred();
    const ok = inFlight.run(() => gate.promise);
    const failing = inFlight.run(() => Promise.reject(new Error('no'))).catch(() => 'failed');
    expect(inFlight.size).toBe(2);
    expect(await failing).toBe('failed');
    expect(inFlight.size).toBe(1);
    gate.resolve();
    await ok;
    expect(inFlight.size).toBe(0);
  });

  it('whenIdle resolves once the last one finished', async () => {
    const inFlight = new InFlight();
    await inFlight.whenIdle();
    const gate = deferred();
    const work = inFlight.run(() => gate.promise);
    let idle = false;
    const waiting = inFlight.whenIdle().then(() => (idle = true));
    await Promise.resolve();
    expect(idle).toBe(false);
    gate.resolve();
    await Promise.all([work, waiting]);
    expect(idle).toBe(true);
  });

  it('drain resolves true when all finished, false when the timeout came first', async () => {
    const clock = new ManualClock();
    const inFlight = new InFlight();
    expect(await inFlight.drain(100, clock)).toBe(true);
    const gate = deferred();
    void inFlight.run(() => gate.promise);
    const drained = inFlight.drain(100, clock);
    clock.advance(100);
    expect(await drained).toBe(false);
    const second = inFlight.drain(100, clock);
    gate.resolve();
    expect(await second).toBe(true);
    expect(clock.pendingTimers).toBe(0);
  });
});
