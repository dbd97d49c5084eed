import { ENVELOPE_MARKER } from '../../lib/runtime/envelope';
import { DeadLetterError } from '../../lib/runtime/handler-failure';
import { enqueue, QueueDeadLetters, queueKeys } from '../../lib/runtime/queue';
import { describeDelivery } from './delivery-targets';
import { eventually, Workers } from './queue-fixtures';

describeDelivery('queue dead letters: list, replay, purge', 'all', (ctx) => {
  let workers: Workers;
  beforeEach(() => (workers = new Workers(ctx)));
  afterEach(() => workers.stopAll());

  /** Dead-letters `items` and `already` messages waiting in the queue, then stops the worker. */
  async function deadLettered(
    queue: string,
    items: unknown[],
    already = 0,
  ): Promise<QueueDeadLetters> {
    const deps = ctx().deps();
    const runner = await workers.start(deps, queue, () => {
      throw new DeadLetterError('refused');
    });
    for (const item of items) {
      await enqueue(deps, queue, item, { headers: { n: String(items.indexOf(item)) } });
    }
    const total = items.length + already;
    await eventually(() => runner.stats().deadLettered === total, 'dead-lettered');
    await runner.stop(0);
    return new QueueDeadLetters(deps);
  }

  /** Starts a worker that succeeds and waits for `n` handler calls in all. */
  async function drained(queue: string, n: number) {
    await workers.start(ctx().deps(), queue, () => undefined);
    return workers.calls.reach(n);
  }

  it('list() reads the records oldest first, with the payload, headers, reason and times', async () => {
    const queue = ctx().name('emails');
    const dead = await deadLettered(queue, ['a', 'b', 'c']);
    const records = await dead.list(queue);
    expect(records.map((r) => [r.data, r.headers, r.reason, r.attempts])).toEqual([
      ['a', { n: '0' }, 'unrecoverable', 1],
      ['b', { n: '1' }, 'unrecoverable', 1],
      ['c', { n: '2' }, 'unrecoverable', 1],
    ]);
    expect(records.map((r) => r.id)).toEqual(workers.calls.list.map((c) => c.id));
    expect(records.every((r) => r.messageId === r.id && r.publishedAt instanceof Date)).toBe(true);
    expect((await dead.list(queue, { count: 2 })).map((r) => r.data)).toEqual(['a', 'b']);
    expect(await dead.list(queue, { count: 0 })).toEqual([]);
    expect(await dead.list(ctx().name('other'))).toEqual([]);
  });

  it('replay() with no ids moves every record back; the worker starts each over at attempt 1', async () => {
    const queue = ctx().name('emails');
    const dead = await deadLettered(queue, ['a', 'b']);
    expect(await dead.replay(queue)).toBe(2);
    expect(await dead.list(queue)).toEqual([]);
    const calls = await drained(queue, 4);
    expect(calls.slice(2).map((c) => [c.data, c.attempt, c.message.headers])).toEqual([
      ['a', 1, { n: '0' }],
      ['b', 1, { n: '1' }],
    ]);
    expect(calls[2].id).toBe(calls[0].id);
    expect(await dead.replay(queue)).toBe(0);
  });

  it('a replayed record that fails again is a new dead letter, counted from attempt 1', async () => {
    const queue = ctx().name('emails');
    const dead = await deadLettered(queue, ['a']);
    await dead.replay(queue);
    // Fails again: a new record, attempt 1 again.
    const runner = await workers.start(ctx().deps(), queue, () => {
      throw new DeadLetterError('still refused');
    });
    await eventually(() => runner.stats().deadLettered === 1, 'dead again');
    const [record] = await dead.list(queue);
    expect(record).toMatchObject({ data: 'a', attempts: 1, error: { message: 'still refused' } });
    expect(workers.calls.list.map((c) => c.attempt)).toEqual([1, 1]);
  });

  it('replay({ ids }) moves only those records, each once even when two replays race', async () => {
    const queue = ctx().name('emails');
    const dead = await deadLettered(queue, ['a', 'b', 'c']);
    const [a, , c] = await dead.list(queue);
    const other = new QueueDeadLetters({ port: ctx().openPort(), codec: ctx().deps().codec });
    const replayed = await Promise.all([
      dead.replay(queue, { ids: [a.id, c.id] }),
      other.replay(queue, { ids: [c.id, a.id] }),
    ]);
    expect(replayed[0] + replayed[1]).toBe(2);
    expect((await dead.list(queue)).map((r) => r.data)).toEqual(['b']);
    expect(await ctx().port.llen(queue)).toBe(2);
    const calls = await drained(queue, 5);
    // Two replays interleave their pushes: which lands first is theirs to race.
    expect(
      calls
        .slice(3)
        .map((call) => call.data)
        .sort(),
    ).toEqual(['a', 'c']);
    expect(await dead.replay(queue, { ids: ['no-such-id'] })).toBe(0);
  });

  it('purge() deletes the records and resolves how many there were', async () => {
    const queue = ctx().name('emails');
    const dead = await deadLettered(queue, [1, 2, 3]);
    expect(await dead.purge(queue)).toBe(3);
    expect(await dead.list(queue)).toEqual([]);
    expect(await ctx().port.exists([queueKeys(queue).dead])).toBe(0);
    expect(await dead.purge(queue)).toBe(0);
  });

  it('a raw or undecodable record lists its text; replayed, the worker sees that text again', async () => {
    const queue = ctx().name('emails');
    const damaged = `${ENVELOPE_MARKER}no header`;
    await ctx().port.lpush(queue, ['raw text', damaged]);
    const dead = await deadLettered(queue, [], 2);
    const [raw, broken] = await dead.list(queue);
    expect(raw).toMatchObject({ data: 'raw text', reason: 'unrecoverable', messageId: undefined });
    expect(raw.publishedAt).toBeUndefined();
    expect(broken).toMatchObject({ data: undefined, raw: damaged, reason: 'undecodable' });

    expect(await dead.replay(queue)).toBe(2);
    const runner = await workers.start(ctx().deps(), queue, () => undefined);
    await workers.calls.reach(2);
    await eventually(() => runner.stats().deadLettered === 1, 'undecodable again');
    expect(workers.calls.list[1]).toMatchObject({ data: 'raw text', attempt: 1, id: undefined });
    // The damaged text is dead-lettered as itself, not wrapped a second time.
    const [again] = await dead.list(queue);
    expect(again).toMatchObject({ raw: damaged, reason: 'undecodable' });
  });
});
