import { MemoryBackend } from '../../lib/backends/memory/memory.backend';
import type { BrokerLogger } from '../../lib/core/broker-logger';
import { ManualClock } from '../../lib/core/clock';
import type { BrokerPort } from '../../lib/port/broker.port';
import type { BrokerMessage, DeliveryInfo } from '../../lib/runtime/broker-message';
import { JsonCodec } from '../../lib/runtime/codec';
import type { RuntimeDeps } from '../../lib/runtime/delivery-runner';
import { MessageCodec } from '../../lib/runtime/message-codec';
import {
  appendToStream,
  type StreamConsumerOptions,
  StreamConsumerRunner,
} from '../../lib/runtime/stream';

/** The scheduling of one consumer on the in-process core, time moved by hand. */
function setup() {
  const clock = new ManualClock(1_700_000_000_000);
  const backend = new MemoryBackend({ clock });
  const acks: string[][] = [];
  /** XACK calls still to fail (a failover, say). */
  const ackFailures = { left: 0 };
  const port = new Proxy(backend, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (property === 'xack') {
        return (key: string, group: string, ids: string[]) => {
          acks.push(ids);
          if (ackFailures.left > 0 && ackFailures.left--) {
            return Promise.reject(
              new Error("READONLY You can't write against a read only replica."),
            );
          }
          return target.xack(key, group, ids);
        };
      }
      return typeof value === 'function' ? value.bind(target) : value;
    },
  }) as BrokerPort;
  const logs: string[] = [];
  const logger: BrokerLogger = {
    warn: (m) => logs.push(`warn: ${String(m)}`),
    error: (m) => logs.push(`error: ${String(m)}`),
  };
  const deps: RuntimeDeps = {
    port,
    codec: new MessageCodec(new JsonCodec(), 1 << 20, () => clock.now()),
    logger,
    clock,
    instance: 'c1',
  };
  const seen: Array<{ message: BrokerMessage; info: DeliveryInfo; at: number }> = [];
  const consumer = async (
    options: StreamConsumerOptions,
    behaviour: (message: BrokerMessage) => Promise<void> | void = () => undefined,
  ) => {
    const runner = new StreamConsumerRunner(deps, {
      stream: 's',
      label: 'test consumer',
      options,
      handler: async (message, info) => {
        seen.push({ message, info, at: clock.now() });
        await behaviour(message);
      },
    });
    await runner.start();
    return runner;
  };
  /** Lets every callback in flight run (the core answers on microtasks). */
  const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
  const elapse = async (ms: number) => {
    clock.advance(ms);
    await settle();
  };
  const append = (data: unknown) => appendToStream(deps, 's', data);
  return { clock, backend, deps, acks, ackFailures, logs, seen, consumer, settle, elapse, append };
}

describe('StreamConsumerRunner scheduling (manual clock)', () => {
  it('retries on the exponential backoff, capped, until maxDeliveries', async () => {
    const t = setup();
    const runner = await t.consumer(
      { group: 'g', maxDeliveries: 5, backoff: { delayMs: 100, maxDelayMs: 300 } },
      () => {
        throw new Error('no');
      },
    );
    await t.append('x');
    await t.settle();
    for (let step = 0; step < 20; step++) await t.elapse(50);
    const start = t.seen[0].at;
    expect(t.seen.map((s) => s.at - start)).toEqual([0, 100, 300, 600, 900]);
    expect(t.seen.map((s) => s.info.deliveryCount)).toEqual([1, 2, 3, 4, 5]);
    expect(runner.stats()).toMatchObject({ failed: 5, retried: 4, deadLettered: 1 });
    await runner.stop(0);
    expect(t.clock.pendingTimers).toBe(0);
  });

  it('a retry that comes due while every slot is busy waits for a slot', async () => {
    const t = setup();
    let running = 0;
    let most = 0;
    let release: () => void = () => undefined;
    const slow = new Promise<void>((resolve) => (release = resolve));
    const runner = await t.consumer(
      { group: 'g', concurrency: 1, backoff: { type: 'fixed', delayMs: 100 } },
      async (message) => {
        running++;
        most = Math.max(most, running);
        try {
          if (message.data === 'fails' && t.seen.length === 1) throw new Error('once');
          if (message.data === 'slow') await slow;
        } finally {
          running--;
        }
      },
    );
    await t.append('fails');
    await t.append('slow');
    await t.settle();
    await t.elapse(100); // the retry is due while 'slow' holds the only slot
    expect(t.seen.map((s) => s.message.data)).toEqual(['fails', 'slow']);
    release();
    await t.settle();
    expect(t.seen.map((s) => s.message.data)).toEqual(['fails', 'slow', 'fails']);
    expect(most).toBe(1);
    await runner.stop(0);
  });

  it('acknowledges entries that finish together with one XACK', async () => {
    const t = setup();
    let release: () => void = () => undefined;
    const together = new Promise<void>((resolve) => (release = resolve));
    const runner = await t.consumer({ group: 'g', concurrency: 5, batch: 5 }, () => together);
    const ids = [];
    for (let n = 0; n < 5; n++) ids.push(await t.append(n));
    await t.settle();
    expect(t.seen.length).toBe(5);
    release();
    await t.settle();
    expect(t.acks).toEqual([ids]);
    await runner.stop(0);
  });

  it('keeps its running entries fresh, but not those waiting for their backoff', async () => {
    const t = setup();
    let release: () => void = () => undefined;
    const slow = new Promise<void>((resolve) => (release = resolve));
    const runner = await t.consumer(
      { group: 'g', concurrency: 2, reclaimIdleMs: 30_000, backoff: { delayMs: 60_000 } },
      (message) => {
        if (message.data === 'slow') return slow;
        throw new Error('later');
      },
    );
    const slowId = await t.append('slow');
    const failedId = await t.append('fails');
    await t.settle();
    for (let step = 0; step < 20; step++) await t.elapse(1000);
    const idle = new Map(
      (await t.backend.xpendingRange('s', 'g', { start: '-', end: '+', count: 10 })).map((p) => [
        p.id,
        p.idleMs,
      ]),
    );
    expect(idle.get(slowId)).toBeLessThanOrEqual(10_000); // touched every reclaimIdleMs / 3
    expect(idle.get(failedId)).toBe(20_000);
    release();
    await runner.stop(0);
  });

  it('a backoff longer than reclaimIdleMs: its own reclaim is the retry, run once', async () => {
    const t = setup();
    let failures = 0;
    const runner = await t.consumer(
      { group: 'g', reclaimIdleMs: 1000, backoff: { type: 'fixed', delayMs: 10_000 } },
      () => {
        if (failures++ === 0) throw new Error('once');
      },
    );
    await t.append('x');
    await t.settle();
    for (let step = 0; step < 30; step++) await t.elapse(500);
    expect(t.seen.map((s) => [s.info.deliveryCount, s.at - t.seen[0].at])).toEqual([
      [1, 0],
      [2, 1000],
    ]);
    expect(runner.stats()).toMatchObject({ handled: 1, reclaimed: 0, retried: 1 });
    expect(await runner.busy()).toBeUndefined();
    await runner.stop(0);
    expect(t.clock.pendingTimers).toBe(0);
  });

  it('stops reading while 1000 entries wait for their retry, and reads on as they are retried', async () => {
    const t = setup();
    const runner = await t.consumer(
      { group: 'g', batch: 1, concurrency: 1, backoff: { type: 'fixed', delayMs: 1000 } },
      (message) => {
        if (t.seen.filter((s) => s.message.data === message.data).length === 1) {
          throw new Error('first time');
        }
      },
    );
    for (let n = 0; n < 1001; n++) await t.append(n);
    await t.settle();
    expect(t.seen.length).toBe(1000);
    expect((await t.backend.xinfoGroups('s'))[0].lag).toBe(1);
    await t.elapse(1000);
    await t.settle();
    expect(t.seen.map((s) => s.message.data)).toContain(1000);
    await runner.stop(0);
  });

  it('an XACK that fails is sent once more: the entry is acknowledged, not run twice', async () => {
    const t = setup();
    const runner = await t.consumer({ group: 'g', reclaimIdleMs: 30_000 });
    t.ackFailures.left = 1;
    const id = await t.append('x');
    await t.settle();
    expect(t.acks).toEqual([[id]]);
    expect(t.logs).toEqual([
      expect.stringMatching(
        /^warn: test consumer: acknowledging 1 entries \(XACK\) failed: READONLY .*; sending it once more with the next acknowledgement \(within 1000 ms\)\.$/,
      ),
    ]);
    await t.elapse(1000); // nothing else to acknowledge: the retry goes on its own
    expect(t.acks).toEqual([[id], [id]]);
    expect((await t.backend.xpending('s', 'g')).count).toBe(0);
    for (let step = 0; step < 4; step++) await t.elapse(30_000);
    expect(t.seen).toHaveLength(1);
    await runner.stop(0);
    expect(t.clock.pendingTimers).toBe(0);
  });

  it('an XACK that fails twice is given up: the error says the entry runs again', async () => {
    const t = setup();
    const runner = await t.consumer({ group: 'g', reclaimIdleMs: 30_000 });
    t.ackFailures.left = 2;
    await t.append('x');
    await t.settle();
    await t.elapse(1000);
    expect(t.logs[1]).toMatch(
      /^error: test consumer: acknowledging 1 entries \(XACK\) failed again: READONLY .*; they stay pending and are delivered again to a live consumer after reclaimIdleMs \(30000 ms\), so their handlers run a second time\.$/,
    );
    expect((await t.backend.xpending('s', 'g')).count).toBe(1);
    await runner.stop(0);
  });
});
