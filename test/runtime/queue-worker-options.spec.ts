import { BrokerConfigurationError } from '../../lib/core/broker.errors';
import { resolveQueueWorkerOptions } from '../../lib/runtime/queue';

describe('resolveQueueWorkerOptions', () => {
  it('applies the defaults: 1 handler, 3 attempts, exponential 1 s..60 s, 30 s visibility', () => {
    const o = resolveQueueWorkerOptions(undefined, 'q');
    expect([o.concurrency, o.attempts, o.visibilityTimeoutMs]).toEqual([1, 3, 30_000]);
    expect([o.retry.type, o.retry.delayMs, o.retry.maxDelayMs]).toEqual([
      'exponential',
      1000,
      60_000,
    ]);
  });

  it('keeps what is given', () => {
    const o = resolveQueueWorkerOptions(
      {
        concurrency: 4,
        attempts: 5,
        backoff: { type: 'fixed', delayMs: 200 },
        visibilityTimeoutMs: 90,
      },
      'q',
    );
    expect([o.concurrency, o.attempts, o.visibilityTimeoutMs, o.retry.delayAfter(3)]).toEqual([
      4, 5, 90, 200,
    ]);
  });

  it.each([
    [{ concurrency: 0 }, /q\.concurrency: got 0; expected a whole number ≥ 1/],
    [{ concurrency: 1.5 }, /q\.concurrency/],
    [{ attempts: 0 }, /q\.attempts: got 0/],
    [{ attempts: '3' }, /q\.attempts: got "3"/],
    [{ visibilityTimeoutMs: 5 }, /q\.visibilityTimeoutMs: got 5; expected a whole number ≥ 10/],
    [{ backoff: { delayMs: -1 } }, /q\.backoff\.delayMs/],
    [{ backoff: { type: 'linear' } }, /q\.backoff\.type/],
    [
      { backoff: 'fast' },
      /q\.backoff: got "fast"; expected an options object \(\{ type, delayMs, maxDelayMs \}\)/,
    ],
    [
      { backoff: { delay: 5 } },
      /Unknown broker option q\.backoff\.delay \(set to 5\); the options here are type, delayMs, maxDelayMs/,
    ],
    [
      { retries: 3 },
      /Unknown broker option q\.retries \(set to 3\); the options here are concurrency/,
    ],
  ])('refuses %j, naming the option', (options, message) => {
    const resolve = () => resolveQueueWorkerOptions(options as never, 'q');
    expect(resolve).toThrow(BrokerConfigurationError);
    expect(resolve).toThrow(message);
  });
});
