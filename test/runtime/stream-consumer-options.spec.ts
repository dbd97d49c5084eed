import { BrokerConfigurationError } from '../../lib/core/broker.errors';
import {
  STREAM_CONSUMER_DEFAULTS,
  resolveStreamConsumerOptions,
  type StreamConsumerOptions,
} from '../../lib/runtime/stream/stream-consumer.options';

const where = '@StreamConsumer("payments")';

describe('resolveStreamConsumerOptions', () => {
  it('applies the defaults', () => {
    const resolved = resolveStreamConsumerOptions({ group: 'billing' }, where);
    expect(resolved).toMatchObject({
      group: 'billing',
      ...STREAM_CONSUMER_DEFAULTS,
      orderBy: undefined,
      consumer: undefined,
    });
    expect(STREAM_CONSUMER_DEFAULTS).toEqual({
      startId: '$',
      batch: 10,
      concurrency: 1,
      maxDeliveries: 5,
      reclaimIdleMs: 30_000,
    });
    expect([1, 2, 3, 10].map((n) => resolved.policy.delayAfter(n))).toEqual([
      1000, 2000, 4000, 60_000,
    ]);
  });

  it('keeps what is given', () => {
    const orderBy = () => 'k';
    const resolved = resolveStreamConsumerOptions(
      {
        group: 'g',
        startId: '1700000000000-5',
        batch: 50,
        concurrency: 8,
        maxDeliveries: 2,
        backoff: { type: 'fixed', delayMs: 10 },
        reclaimIdleMs: 3,
        orderBy,
        consumer: 'c1',
      },
      where,
    );
    expect(resolved).toMatchObject({ startId: '1700000000000-5', batch: 50, concurrency: 8 });
    expect(resolved.orderBy).toBe(orderBy);
    expect(resolved.policy.delayAfter(4)).toBe(10);
    expect(resolveStreamConsumerOptions({ group: 'g', startId: '0' }, where).startId).toBe('0');
  });

  it.each<[string, unknown, RegExp]>([
    ['group', '', /group: got ""; expected a non-empty consumer group name/],
    ['startId', '>', /startId: got ">"; expected '\$'/],
    ['startId', '1-2-3', /startId/],
    ['batch', 0, /batch: got 0; expected a whole number ≥ 1/],
    ['concurrency', 1.5, /concurrency: got 1.5/],
    ['maxDeliveries', -1, /maxDeliveries/],
    ['reclaimIdleMs', 2, /reclaimIdleMs: got 2; expected a whole number of ms ≥ 3/],
    ['backoff', 'fixed', /backoff: got "fixed"; expected an object/],
    ['orderBy', 'account', /orderBy: got "account"; expected a function/],
    ['consumer', '', /consumer/],
  ])('rejects %s = %p, naming it', (option, value, message) => {
    const options = { group: 'g', [option]: value } as unknown as StreamConsumerOptions;
    const attempt = () => resolveStreamConsumerOptions(options, where);
    expect(attempt).toThrow(BrokerConfigurationError);
    expect(attempt).toThrow(`${where}.${option}`);
    expect(attempt).toThrow(message);
  });

  it('rejects a bad backoff field and unknown options, naming them', () => {
    expect(() =>
      resolveStreamConsumerOptions({ group: 'g', backoff: { delayMs: -1 } }, where),
    ).toThrow(`${where}.backoff.delayMs`);
    const typo = { group: 'g', concurency: 4 } as unknown as StreamConsumerOptions;
    expect(() => resolveStreamConsumerOptions(typo, where)).toThrow(
      /Unknown broker option @StreamConsumer\("payments"\)\.concurency \(set to 4\); the options here are group, startId/,
    );
    expect(() =>
      resolveStreamConsumerOptions(undefined as unknown as StreamConsumerOptions, where),
    ).toThrow(/at least a group/);
  });
});
