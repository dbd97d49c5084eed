import { MemoryBackend } from '../../lib/backends/memory/memory.backend';
import type { LogMessage } from '../../lib/core/broker-logger';
import { ManualClock } from '../../lib/core/clock';
import type { BrokerPort } from '../../lib/port/broker.port';
import { JsonCodec } from '../../lib/runtime/codec';
import type { RuntimeDeps } from '../../lib/runtime/delivery-runner';
import { MessageCodec } from '../../lib/runtime/message-codec';
import { enqueue, QueueWorkerRunner, queueKeys } from '../../lib/runtime/queue';
import { STOP_GRACE_MS } from '../../lib/runtime/stop-deadline';
import { appendToStream, StreamConsumerRunner } from '../../lib/runtime/stream';

/**
 * A broker that stops answering: once `silence(...)` named them, calls of those port methods never
 * settle — what ioredis does with commands while it cannot reach Redis (it queues them until it
 * reconnects). Blocking calls are left alone: the Redis backend ends them on abort even then.
 */
function setup() {
  const clock = new ManualClock();
  const backend = new MemoryBackend({ clock });
  const silenced = new Set<string>();
  const unanswered: string[] = [];
  const port = new Proxy(backend, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      return (...args: unknown[]) => {
        if (!silenced.has(property))
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        unanswered.push(property);
        return new Promise<never>(() => undefined);
      };
    },
  }) as BrokerPort;
  const logs: Array<{ level: 'warn' | 'error'; message: LogMessage }> = [];
  const deps: RuntimeDeps = {
    port,
    codec: new MessageCodec(new JsonCodec(), 10_000, () => clock.now()),
    logger: {
      warn: (message) => logs.push({ level: 'warn', message }),
      error: (message) => logs.push({ level: 'error', message }),
    },
    clock,
    instance: 'a',
  };
  /** Moves the clock, then lets what it set off run (the memory backend answers in microtasks). */
  const advance = async (ms: number) => {
    clock.advance(ms);
    await new Promise<void>((resolve) => setImmediate(resolve));
  };
  const silence = (...methods: string[]) => methods.forEach((m) => silenced.add(m));
  /** stop(timeoutMs), with a flag saying whether it resolved yet. */
  const stopping = (runner: { stop(ms: number): Promise<void> }, timeoutMs: number) => {
    const state = { done: false };
    void runner.stop(timeoutMs).then(() => (state.done = true));
    return state;
  };
  return { clock, backend, deps, logs, unanswered, advance, silence, stopping };
}

/** Every non-blocking command a queue worker sends. */
const QUEUE_COMMANDS = [
  'llen',
  'lmove',
  'lrem',
  'lrange',
  'lpush',
  'rpush',
  'zadd',
  'zrem',
  'zcard',
  'zrangeByScore',
  'set',
  'get',
  'del',
  'pttl',
];

describe('stop() when the broker stops answering (manual clock)', () => {
  const gate = () => {
    let open: () => void = () => undefined;
    const promise = new Promise<void>((resolve) => (open = resolve));
    return { promise, open };
  };

  it('queue: resolves by timeoutMs + the grace and says what it left undone', async () => {
    const t = setup();
    const slow = gate();
    let calls = 0;
    const runner = new QueueWorkerRunner(t.deps, {
      queue: 'emails',
      label: 'worker a',
      handler: () => {
        calls++;
        return slow.promise;
      },
    });
    await runner.start();
    await enqueue(t.deps, 'emails', 'm');
    await t.advance(0);
    expect(calls).toBe(1);

    t.silence(...QUEUE_COMMANDS); // Redis goes away
    slow.open(); // finishes, but its LREM is never answered: the drain waits for it
    await t.advance(0);
    const stop = t.stopping(runner, 5000);
    await t.advance(5000);
    expect(stop.done).toBe(false); // the drain is over; putting back waits for the broker
    await t.advance(STOP_GRACE_MS - 1);
    expect(stop.done).toBe(false);
    await t.advance(1);
    expect(stop.done).toBe(true);
    expect(t.unanswered).toEqual(expect.arrayContaining(['lrem', 'llen']));
    expect(t.logs).toEqual([
      {
        level: 'warn',
        message: expect.stringMatching(
          /^worker a: stop\(\) gave up after 6000 ms: the broker did not answer while the worker was putting unfinished messages back in the queue \(is it reachable\?\)\. Whatever it still held stays in its in-flight list ".*": once its lease expires \(within visibilityTimeoutMs, 30000 ms\) another worker puts those messages back in queue "emails", each counted as a failed attempt\.$/,
        ),
      },
    ]);
    expect(t.clock.pendingTimers).toBe(0);
    // Nothing was undone behind its back: the message and the lease are still there.
    const keys = queueKeys('emails');
    expect(await t.backend.llen(keys.inflight('a'))).toBe(1);
    expect(await t.backend.zscore(keys.workers, 'a')).not.toBeNull();
  });

  it('queue: a lease removal never answered ends stop() too, after the grace', async () => {
    const t = setup();
    const runner = new QueueWorkerRunner(t.deps, {
      queue: 'emails',
      label: 'worker a',
      handler: async () => undefined,
    });
    await runner.start();
    t.silence('zrem');
    const stop = t.stopping(runner, 0);
    await t.advance(STOP_GRACE_MS - 1);
    expect(stop.done).toBe(false);
    await t.advance(1);
    expect(stop.done).toBe(true);
    expect(t.logs.map((l) => l.message)).toEqual([
      expect.stringMatching(
        /while the worker was removing its lease .* Nothing is left in its in-flight list; its lease expires by itself within 30000 ms\.$/,
      ),
    ]);
    expect(t.clock.pendingTimers).toBe(0);
  });

  it('stream: resolves by timeoutMs + the grace when its last acknowledgement is never answered', async () => {
    const t = setup();
    const slow = gate();
    let calls = 0;
    const runner = new StreamConsumerRunner(t.deps, {
      stream: 's',
      label: 'consumer a',
      options: { group: 'g' },
      handler: () => {
        calls++;
        return slow.promise;
      },
    });
    await runner.start();
    await appendToStream(t.deps, 's', 'x');
    await t.advance(0);
    expect(calls).toBe(1);

    t.silence('xack', 'xclaimJustId', 'xautoclaim', 'xpendingRange', 'xgroupDelConsumer');
    slow.open(); // handled, but its XACK is never answered
    await t.advance(0);
    const stop = t.stopping(runner, 5000);
    await t.advance(5000 + STOP_GRACE_MS - 1);
    expect(stop.done).toBe(false);
    await t.advance(1);
    expect(stop.done).toBe(true);
    expect(t.unanswered).toContain('xack');
    expect(t.logs).toEqual([
      {
        level: 'warn',
        message:
          'consumer a: stop() gave up after 6000 ms: the broker did not answer while the ' +
          'consumer was sending its last acknowledgements (is it reachable?). 1 entries that ' +
          'were handled are not acknowledged: they stay pending in group "g" and are delivered ' +
          'again to a live consumer after reclaimIdleMs (30000 ms), so their handlers run a ' +
          'second time.',
      },
    ]);
    expect(t.clock.pendingTimers).toBe(0);
    expect((await t.backend.xpending('s', 'g')).count).toBe(1);
  });

  it('stream: a group it cannot leave (DELCONSUMER never answered) ends stop() too', async () => {
    const t = setup();
    const runner = new StreamConsumerRunner(t.deps, {
      stream: 's',
      label: 'consumer a',
      options: { group: 'g' },
      handler: async () => undefined,
    });
    await runner.start();
    t.silence('xgroupDelConsumer');
    const stop = t.stopping(runner, 0);
    await t.advance(STOP_GRACE_MS - 1);
    expect(stop.done).toBe(false);
    await t.advance(1);
    expect(stop.done).toBe(true);
    expect(t.logs.map((l) => l.message)).toEqual([
      expect.stringMatching(
        /while the consumer was leaving the group .* Everything it handled is acknowledged; it stays listed as a consumer of group "g"/,
      ),
    ]);
    expect(t.clock.pendingTimers).toBe(0);
  });
});
