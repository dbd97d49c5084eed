import { AckBatcher } from '../../lib/runtime/stream/ack-batcher';

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

  it('reports a failed call with its ids and goes on', async () => {
    const failures: Array<readonly string[]> = [];
    let calls = 0;
    const batcher = new AckBatcher(
      async () => {
        if (calls++ === 0) throw new Error('down');
      },
      (_error, ids) => failures.push(ids),
    );
    batcher.add('1-0');
    await batcher.flush();
    batcher.add('2-0');
    await batcher.flush();
    expect(failures).toEqual([['1-0']]);
    expect(calls).toBe(2);
  });
});
