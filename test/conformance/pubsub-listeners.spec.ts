import { BROKER_WARNING } from '../../lib/backends/broker-logger';
import type { PubSubMessage } from '../../lib/core/pubsub/pubsub.types';
import type { SubscriberPort } from '../../lib/port/pubsub.port';
import { describeConformance } from './conformance';
import { message } from './pubsub-inbox';

// A subscriber's listeners are application code: whatever one of them does, the others and the
// next messages are still delivered, and its error reaches the subscriber's error reporting.

/** Resolves with the first `count` messages a new listener of `subscriber` receives. */
function collect(subscriber: SubscriberPort, count: number): Promise<PubSubMessage[]> {
  const got: PubSubMessage[] = [];
  return new Promise((resolve) => {
    subscriber.onMessage((m) => {
      got.push(m);
      if (got.length === count) resolve(got);
    });
  });
}

describeConformance('pub/sub listeners', 'standalone', (ctx) => {
  let subscriber: SubscriberPort;
  beforeEach(async () => {
    subscriber = await ctx().port.createSubscriber();
  });
  afterEach(async () => {
    await subscriber.close();
  });

  it('a throwing listener stops neither the other listeners nor the next messages; onError gets it', async () => {
    const c = ctx().key('c');
    const failures: Array<[unknown, PubSubMessage]> = [];
    subscriber.onError((error, failed) => failures.push([error, failed]));
    subscriber.onMessage((m) => {
      if (m.payload !== 'ok') throw new Error(`listener failed on ${m.payload}`);
    });
    const all = collect(subscriber, 3);
    await subscriber.subscribe([c]);
    // Published back to back: the memory backend hands them over in one batch.
    await Promise.all([
      ctx().port.publish(c, 'bad'),
      ctx().port.publish(c, 'ok'),
      ctx().port.publish(c, 'worse'),
    ]);
    expect(await all).toEqual([message(c, 'bad'), message(c, 'ok'), message(c, 'worse')]);
    expect(failures).toEqual([
      [new Error('listener failed on bad'), message(c, 'bad')],
      [new Error('listener failed on worse'), message(c, 'worse')],
    ]);
  });

  it('a listener’s rejected promise reaches onError too; an onError that throws stops nothing', async () => {
    const c = ctx().key('c');
    const emitted = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const failed = new Promise<unknown>((resolve) => subscriber.onError((e) => resolve(e)));
      subscriber.onError(() => {
        throw new Error('the error listener failed as well');
      });
      subscriber.onMessage(async () => {
        throw new Error('async listener failed');
      });
      const all = collect(subscriber, 2);
      await subscriber.subscribe([c]);
      await ctx().port.publish(c, 'one');
      await ctx().port.publish(c, 'two');
      expect(await all).toEqual([message(c, 'one'), message(c, 'two')]);
      expect(await failed).toEqual(new Error('async listener failed'));
      const reports = emitted.mock.calls.map(([text]) => String(text));
      expect(reports.some((text) => text.includes('the error listener failed as well'))).toBe(true);
    } finally {
      emitted.mockRestore();
    }
  });

  it('without onError, a listener’s error is reported as a process warning, not thrown', async () => {
    const c = ctx().key('c');
    const emitted = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      subscriber.onMessage(() => {
        throw new Error('nobody listens for this');
      });
      const all = collect(subscriber, 2);
      await subscriber.subscribe([c]);
      await ctx().port.publish(c, 'one');
      await ctx().port.publish(c, 'two');
      expect(await all).toEqual([message(c, 'one'), message(c, 'two')]);
      const reports = emitted.mock.calls.filter(([text]) => String(text).includes(c));
      expect(reports).toHaveLength(2);
      const [text, type] = reports[0];
      expect(type).toBe(BROKER_WARNING);
      expect(text).toContain(`channel '${c}'`);
      expect(text).toContain('nobody listens for this');
      expect(text).toContain('onError');
    } finally {
      emitted.mockRestore();
    }
  });
});
