import { MemoryBackend } from '../../lib/backends/memory/memory.backend';
import type { LogMessage } from '../../lib/core/broker-logger';
import { ManualClock } from '../../lib/core/clock';
import type { BrokerPort } from '../../lib/port/broker.port';
import { JsonCodec } from '../../lib/runtime/codec';
import type { RuntimeDeps } from '../../lib/runtime/delivery-runner';
import { MessageCodec } from '../../lib/runtime/message-codec';
import {
  enqueue,
  type QueueWorkerOptions,
  QueueWorkerRunner,
  queueKeys,
} from '../../lib/runtime/queue';
import { withFailures } from '../../lib/runtime/queue/queue-message';

interface Seen {
  readonly data: unknown;
  readonly attempt: number;
  readonly at: number;
  readonly instance: string;
}

type Script = (seen: Seen) => Promise<void> | void;

function setup() {
  const clock = new ManualClock();
  const backend = new MemoryBackend({ clock });
  const codec = new MessageCodec(new JsonCodec(), 10_000, () => clock.now());
  const logs: LogMessage[] = [];
  const logger = { warn: (m: LogMessage) => logs.push(m), error: (m: LogMessage) => logs.push(m) };
  const seen: Seen[] = [];
  const runners: QueueWorkerRunner[] = [];
  const keys = queueKeys('emails');
  const deps = (instance = 'a', port: BrokerPort = backend): RuntimeDeps => ({
    port,
    codec,
    logger,
    clock,
    instance,
  });
  const worker = (script: Script, options: QueueWorkerOptions = {}, d = deps()) => {
    const runner = new QueueWorkerRunner(d, {
      queue: 'emails',
      label: `worker ${d.instance}`,
      options,
      handler: async (message, delivery) => {
        const entry = {
          data: message.data,
          attempt: delivery.attempt ?? 0,
          at: clock.now(),
          instance: d.instance,
        };
        seen.push(entry);
        await script(entry);
      },
    });
    runners.push(runner);
    return runner;
  };
  /** Moves the clock, then lets what it set off run (the memory backend answers in microtasks). */
  const advance = async (ms: number) => {
    clock.advance(ms);
    await new Promise<void>((resolve) => setImmediate(resolve));
  };
  const stopAll = () => Promise.all(runners.map((r) => r.stop(0)));
  return { clock, backend, codec, logs, seen, keys, deps, worker, advance, stopAll };
}

const fail = (): never => {
  throw new Error('boom');
};

describe('QueueWorkerRunner scheduling (manual clock)', () => {
  it('schedules each retry at the failure time plus the backoff: exponential, capped', async () => {
    const t = setup();
    const runner = t.worker(fail, {
      attempts: 5,
      backoff: { type: 'exponential', delayMs: 100, maxDelayMs: 300 },
    });
    await runner.start();
    const t0 = t.clock.now();
    await enqueue(t.deps(), 'emails', 'm');
    await t.advance(0);
    for (const delay of [100, 200, 300, 300]) {
      const [[, due]] = await t.backend.zrangeByScore(t.keys.delayed, -Infinity, Infinity);
      expect(due).toBe(t.clock.now() + delay);
      const calls = t.seen.length;
      await t.advance(delay - 1);
      expect(t.seen).toHaveLength(calls); // not a millisecond early
      await t.advance(1);
      expect(t.seen).toHaveLength(calls + 1);
    }
    expect(t.seen.map((s) => [s.attempt, s.at - t0])).toEqual([
      [1, 0],
      [2, 100],
      [3, 300],
      [4, 600],
      [5, 900],
    ]);
    expect(runner.stats()).toMatchObject({ failed: 5, retried: 4, deadLettered: 1 });
    await t.stopAll();
  });

  it('renews its lease every third of the visibility timeout', async () => {
    const t = setup();
    const runner = t.worker(() => undefined, { visibilityTimeoutMs: 300 });
    const t0 = t.clock.now();
    await runner.start();
    expect(await t.backend.zscore(t.keys.workers, 'a')).toBe(t0 + 300);
    await t.advance(99);
    expect(await t.backend.zscore(t.keys.workers, 'a')).toBe(t0 + 300);
    await t.advance(1);
    expect(await t.backend.zscore(t.keys.workers, 'a')).toBe(t0 + 400);
    await runner.stop(0);
    expect(await t.backend.zscore(t.keys.workers, 'a')).toBeNull();
  });

  it("takes a dead worker's messages back once its lease ran out: next in line, one attempt more", async () => {
    const t = setup();
    const t0 = t.clock.now();
    const [m1, m2] = ['m1', 'm2'].map((data) => t.codec.encode(data).text);
    const ghost = t.keys.inflight('ghost');
    await t.backend.zadd(t.keys.workers, [['ghost', t0 + 300]]);
    await t.backend.lpush(ghost, [m1, m2]); // m1 taken first
    let release: () => void = () => undefined;
    const first = new Promise<void>((resolve) => (release = resolve));
    const runner = t.worker(({ data }) => (data === 'x' ? first : undefined), {
      visibilityTimeoutMs: 300,
    });
    await runner.start();
    await enqueue(t.deps(), 'emails', 'x');
    await enqueue(t.deps(), 'emails', 'w');
    await t.advance(299);
    expect(await t.backend.llen(ghost)).toBe(2);
    await t.advance(1);
    expect(await t.backend.llen(ghost)).toBe(0);
    expect(await t.backend.zscore(t.keys.workers, 'ghost')).toBeNull();
    release();
    await t.advance(0);
    expect(t.seen.map((s) => [s.data, s.attempt])).toEqual([
      ['x', 1],
      ['m1', 2],
      ['m2', 2],
      ['w', 1],
    ]);
    expect(runner.stats()).toMatchObject({ reclaimed: 2, handled: 4 });
    await t.stopAll();
  });

  it('what an earlier life of this instance left in flight is taken back at start, as an attempt', async () => {
    const t = setup();
    const mine = t.keys.inflight('a');
    const once = withFailures(t.codec.encode('once').text, 1, t.clock.now()) as string;
    const spent = withFailures(t.codec.encode('spent').text, 2, t.clock.now()) as string;
    await t.backend.lpush(mine, [once, spent]);
    const runner = t.worker(() => undefined, { attempts: 3 });
    await runner.start();
    await t.advance(0);
    // `once` had failed once, the lost attempt makes two: this is its third and last.
    expect(t.seen.map((s) => [s.data, s.attempt])).toEqual([['once', 3]]);
    const [record] = await t.backend.lrange(t.keys.dead, 0, -1);
    expect(t.codec.decode(record).header?.dl).toMatchObject({
      reason: 'failed',
      attempts: 3,
      error: { name: 'QueueWorkerLostError' },
    });
    expect(runner.stats()).toMatchObject({ reclaimed: 2, deadLettered: 1, handled: 1 });
    await t.stopAll();
  });

  it('two instances never promote the same retry twice', async () => {
    const t = setup();
    const due = t.clock.now() + 100;
    await t.backend.zadd(t.keys.delayed, [[withFailures(t.codec.encode('r').text, 1, 0)!, due]]);
    for (const instance of ['a', 'b', 'c'])
      await t.worker(() => undefined, {}, t.deps(instance)).start();
    await t.advance(100);
    await t.advance(5000);
    expect(t.seen.map((s) => [s.data, s.attempt])).toEqual([['r', 2]]);
    expect(await t.backend.zcard(t.keys.delayed)).toBe(0);
    expect(await t.backend.llen('emails')).toBe(0);
    await t.stopAll();
  });

  it('never runs more than `concurrency` handlers, whatever their durations', async () => {
    const t = setup();
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    let running = 0;
    let most = 0;
    const runner = t.worker(
      async () => {
        running++;
        most = Math.max(most, running);
        await new Promise<void>((resolve) =>
          t.clock.setTimer(1 + Math.floor(random() * 30), resolve),
        );
        running--;
      },
      { concurrency: 4 },
    );
    await runner.start();
    for (let n = 0; n < 40; n++) await enqueue(t.deps(), 'emails', n);
    for (let step = 0; step < 200 && runner.stats().handled < 40; step++) await t.advance(5);
    expect(runner.stats().handled).toBe(40);
    expect(most).toBe(4);
    expect(t.seen.map((s) => s.data)).toEqual(Array.from({ length: 40 }, (_, n) => n));
    await t.stopAll();
  });

  it('after stop() no timer is left, and a handler failing past the timeout schedules nothing', async () => {
    const t = setup();
    let failLate: (error: Error) => void = () => undefined;
    const runner = t.worker(
      ({ data }) =>
        data === 'first' ? fail() : new Promise<void>((_, reject) => (failLate = reject)),
      { concurrency: 2, backoff: { type: 'fixed', delayMs: 10_000 } },
    );
    await runner.start();
    await enqueue(t.deps(), 'emails', 'first');
    await enqueue(t.deps(), 'emails', 'slow');
    await t.advance(0);
    expect(await t.backend.zcard(t.keys.delayed)).toBe(1);
    const stopping = runner.stop(100);
    await t.advance(100);
    await stopping;
    expect(t.clock.pendingTimers).toBe(0);
    failLate(new Error('too late'));
    await t.advance(0);
    expect(await t.backend.zcard(t.keys.delayed)).toBe(1); // only the first one's retry
    expect(await t.backend.llen('emails')).toBe(1); // `slow` is back
    expect(runner.stats()).toMatchObject({ failed: 1, retried: 1 });
    expect(t.clock.pendingTimers).toBe(0);
  });

  it('a failed take is logged and tried again a second later, not in a loop', async () => {
    const t = setup();
    let takes = 0;
    const flaky = new Proxy(t.backend, {
      get(target, property, receiver) {
        if (property === 'blmove') {
          return (...args: Parameters<MemoryBackend['blmove']>) =>
            ++takes === 1 ? Promise.reject(new Error('LOADING')) : target.blmove(...args);
        }
        const value: unknown = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const runner = t.worker(() => undefined, {}, t.deps('a', flaky));
    await runner.start();
    await t.advance(999);
    expect(takes).toBe(1);
    expect(t.logs.map(String)).toEqual([
      'worker a: taking messages failed (LOADING); trying again in 1000 ms.',
    ]);
    await t.advance(1);
    expect(takes).toBe(2);
    await enqueue(t.deps(), 'emails', 'ok');
    await t.advance(0);
    expect(t.seen.map((s) => s.data)).toEqual(['ok']);
    await t.stopAll();
  });

  it('stops by itself when its port closes under it, leaving no timer', async () => {
    const t = setup();
    const runner = t.worker(() => undefined);
    await runner.start();
    await t.backend.close();
    await t.advance(0);
    expect(t.clock.pendingTimers).toBe(0);
    expect(t.logs.map(String)).toEqual([
      expect.stringMatching(/^worker a: the broker connection is closed .*the worker stops/),
    ]);
    await runner.stop(100); // nothing left to do, nothing thrown
    await runner.start(); // and it does not come back
    expect(t.clock.pendingTimers).toBe(0);
  });
});
