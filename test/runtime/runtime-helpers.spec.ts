import { BrokerConfigurationError } from '../../lib/core/broker.errors';
import { keySlot } from '../../lib/core/pubsub/key-slot';
import { helperKey } from '../../lib/runtime/broker-keys';
import { DeadLetterError, isUnrecoverable } from '../../lib/runtime/handler-failure';
import { RetryPolicy } from '../../lib/runtime/retry-policy';

describe('helper keys', () => {
  it.each(['emails', '{tenant-7}.emails', 'a{b', 'é-queue'])(
    'live in the same cluster slot as %j',
    (name) => {
      expect(keySlot(helperKey(name, 'dead'))).toBe(keySlot(name));
      expect(keySlot(helperKey(name, 'inflight', 'w-1'))).toBe(keySlot(name));
    },
  );

  it('wrap a plain name in a hash tag and keep an existing one', () => {
    expect(helperKey('emails', 'dead')).toBe('{emails}:dead');
    expect(helperKey('{t}.emails', 'dead')).toBe('{t}.emails:dead');
  });

  it('refuse a name with "}" but no hash tag: no helper key could share its slot', () => {
    expect(() => helperKey('a}b', 'dead')).toThrow(BrokerConfigurationError);
    expect(() => helperKey('foo{}bar', 'dead')).toThrow(/hash tag/);
    expect(() => helperKey('', 'dead')).toThrow(BrokerConfigurationError);
  });
});

describe('RetryPolicy', () => {
  it('exponential: delayMs, doubling, capped at maxDelayMs', () => {
    const policy = new RetryPolicy({ type: 'exponential', delayMs: 200, maxDelayMs: 1000 });
    expect([1, 2, 3, 4, 5, 100, 5000].map((n) => policy.delayAfter(n))).toEqual([
      200, 400, 800, 1000, 1000, 1000, 1000,
    ]);
  });

  it('fixed: always delayMs', () => {
    const policy = new RetryPolicy({ type: 'fixed', delayMs: 50 });
    expect([1, 2, 9].map((n) => policy.delayAfter(n))).toEqual([50, 50, 50]);
  });

  it('defaults: exponential from 1 s up to 60 s', () => {
    const policy = new RetryPolicy();
    expect([policy.type, policy.delayMs, policy.maxDelayMs]).toEqual(['exponential', 1000, 60_000]);
  });

  it.each([
    [{ type: 'linear' }, /backoff\.type/],
    [{ delayMs: -1 }, /backoff\.delayMs/],
    [{ delayMs: 500, maxDelayMs: 100 }, /backoff\.maxDelayMs.*≥ delayMs \(500\)/],
  ])('refuses %j', (options, message) => {
    expect(() => new RetryPolicy(options as never)).toThrow(message);
  });
});

describe('isUnrecoverable', () => {
  it('is true for a DeadLetterError, also as a cause, and for errors marked retryable: false', () => {
    expect(isUnrecoverable(new DeadLetterError('gone'))).toBe(true);
    expect(isUnrecoverable(new Error('wrapped', { cause: new DeadLetterError('gone') }))).toBe(
      true,
    );
    expect(isUnrecoverable(Object.assign(new Error('invalid'), { retryable: false }))).toBe(true);
  });

  it('is false for anything else', () => {
    expect(isUnrecoverable(new Error('boom'))).toBe(false);
    expect(isUnrecoverable({ status: 'error', message: 'Internal server error' })).toBe(false);
    expect(isUnrecoverable('text')).toBe(false);
    expect(isUnrecoverable(undefined)).toBe(false);
  });
});
