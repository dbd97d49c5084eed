import { MemoryBackend } from '../../lib/backends/memory/memory.backend';
import { ManualClock } from '../../lib/core/clock';
import { BrokerReplyError } from '../../lib/core/reply-error';
import type { BrokerPort } from '../../lib/port/broker.port';
import { StreamReclaimer } from '../../lib/runtime/stream/stream-reclaimer';

describe('StreamReclaimer', () => {
  it('takes NOGROUP for the group being created again: a log line, not a failure', async () => {
    const clock = new ManualClock();
    const backend = new MemoryBackend({ clock });
    // What every group call answers once Redis restarted without persistence.
    const nogroup = () =>
      Promise.reject(
        new BrokerReplyError(
          "NOGROUP No such key 's' or consumer group 'g' in XREADGROUP with GROUP option",
        ),
      );
    const port = new Proxy(backend, {
      get(target, property, receiver) {
        if (
          property === 'xpendingRange' ||
          property === 'xautoclaim' ||
          property === 'xclaimJustId'
        )
          return nogroup;
        const value: unknown = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    }) as BrokerPort;
    const failures: string[] = [];
    const lines: string[] = [];
    const reclaimer = new StreamReclaimer({
      port,
      clock,
      logger: {
        warn: (m) => lines.push(`warn: ${String(m)}`),
        error: (m) => lines.push(`error: ${String(m)}`),
        log: (m) => lines.push(`log: ${String(m)}`),
      },
      stream: 's',
      group: 'g',
      consumer: 'c',
      reclaimIdleMs: 3000,
      freeSlots: () => 1,
      heldIds: () => ['1-0'],
      reclaimed: () => undefined,
      failed: (_error, doing) => failures.push(doing),
    });
    const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
    reclaimer.start(); // a first reclaim pass at once
    await settle();
    clock.advance(1000); // the heartbeat keeping entry 1-0 fresh
    await settle();
    reclaimer.stop();
    expect(failures).toEqual([]);
    expect(lines).toEqual([
      expect.stringMatching(
        /^log: Stream "s" group "g" is gone \(NOGROUP .*\); the consumer creates it again on its next read/,
      ),
      expect.stringMatching(/^log: Stream "s" group "g" is gone/),
    ]);
    expect(clock.pendingTimers).toBe(0);
  });
});
