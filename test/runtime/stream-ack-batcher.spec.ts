import { ManualClock } from '../../lib/core/clock';
import { ACK_RETRY_MS, AckBatcher } from '../../lib/runtime/stream/ack-batcher';

describe('AckBatcher', () => {
  it('sends ids added together in one call, and ids added while it is on its way in the next', async () => {
    const sent: string[][] = [];
    let answer: () => void = () => undefined;
    const batcher = new AckBatcher(
      (ids) => {
        sent.push(ids);
        return new Promise<void>((resolve) => (answer = resolve));
      },
      () => undefined,
      new ManualClock(),
    );
    batcher.add('1-0');
    batcher.add('2-0');
    expect(batcher.size).toBe(2);
    await Promise.resolve();
    expect(sent).toEqual([['1-0', '2-0']]);
    batcher.add('3-0');
    batcher.add('4-0');
    await Promise.resolve();
    expect(sent.length).toBe(1); // one XACK in flight at a time
    const flushed = batcher.flush();
    answer();
    await new Promise((resolve) => setImmediate(resolve));
    expect(sent).toEqual([
      ['1-0', '2-0'],
      ['3-0', '4-0'],
    ]);
    answer();
    await flushed;
    expect(batcher.size).toBe(0);
  });

  it('sends the ids of a failed call once more with the next one, then gives up on them', async () => {
    const sent: string[][] = [];
    const failures: Array<[readonly string[], boolean]> = [];
    const batcher = new AckBatcher(
      async (ids) => {
        sent.push(ids);
        if (ids.includes('1-0')) throw new Error('down');
      },
      (_error, ids, willRetry) => failures.push([ids, willRetry]),
      new ManualClock(),
    );
    batcher.add('1-0');
    await batcher.flush(); // flush() sends the retry at once
    expect(sent).toEqual([['1-0'], ['1-0']]);
    expect(failures).toEqual([
      [['1-0'], true],
      [['1-0'], false],
    ]);
    expect(batcher.size).toBe(0);
    batcher.add('2-0'); // and goes on
    await batcher.flush();
    expect(sent).toEqual([['1-0'], ['1-0'], ['2-0']]);
    expect(failures).toHaveLength(2);
  });

  it('a failed call is sent again with the next ids done, or after ACK_RETRY_MS when none come', async () => {
    const clock = new ManualClock();
    const sent: string[][] = [];
    let failing = true;
    const batcher = new AckBatcher(
      async (ids) => {
        sent.push(ids);
        if (failing) throw new Error('failover');
      },
      () => undefined,
      clock,
    );
    const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
    batcher.add('1-0');
    await settle();
    failing = false;
    batcher.add('2-0'); // the next acknowledgement takes the failed one along
    await settle();
    expect(sent).toEqual([['1-0'], ['1-0', '2-0']]);
    expect(clock.pendingTimers).toBe(0);

    failing = true;
    batcher.add('3-0');
    await settle();
    failing = false;
    expect(batcher.size).toBe(1);
    clock.advance(ACK_RETRY_MS - 1);
    await settle();
    expect(sent).toHaveLength(3);
    clock.advance(1); // nothing else came: the timer sends it
    await settle();
    expect(sent).toEqual([['1-0'], ['1-0', '2-0'], ['3-0'], ['3-0']]);
    expect(batcher.size).toBe(0);
    expect(clock.pendingTimers).toBe(0);
  });

  it('cancel() drops the retry timer', async () => {
    const clock = new ManualClock();
    const batcher = new AckBatcher(
      () => Promise.reject(new Error('down')),
      () => undefined,
      clock,
    );
    batcher.add('1-0');
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(clock.pendingTimers).toBe(1);
    batcher.cancel();
    expect(clock.pendingTimers).toBe(0);
  });
});
