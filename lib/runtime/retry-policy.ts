import { BrokerConfigurationError } from '../core/broker.errors';
import { checkOptionKeys } from './option-checks';

/** How long to wait before delivering a failed message again. */
export interface BackoffOptions {
  /**
   * `fixed`: always `delayMs`; `exponential`: `delayMs`, then twice that, four times, ... up to
   * `maxDelayMs`.
   * @default 'exponential'
   */
  readonly type?: 'fixed' | 'exponential';
  /**
   * The first wait, in ms.
   * @default 1000
   */
  readonly delayMs?: number;
  /**
   * The longest wait, in ms (exponential only).
   * @default 60000
   */
  readonly maxDelayMs?: number;
}

/** Defaults of {@link BackoffOptions}. */
export const BACKOFF_DEFAULTS = { type: 'exponential', delayMs: 1000, maxDelayMs: 60_000 } as const;

const BACKOFF_KEYS: readonly string[] = [
  'type',
  'delayMs',
  'maxDelayMs',
] satisfies readonly (keyof BackoffOptions)[];

/** A backoff with its defaults applied and checked. */
export class RetryPolicy {
  readonly type: 'fixed' | 'exponential';
  readonly delayMs: number;
  readonly maxDelayMs: number;

  constructor(options: BackoffOptions = {}, where = 'backoff') {
    checkOptionKeys(options, BACKOFF_KEYS, where);
    this.type = options.type ?? BACKOFF_DEFAULTS.type;
    this.delayMs = options.delayMs ?? BACKOFF_DEFAULTS.delayMs;
    this.maxDelayMs = options.maxDelayMs ?? Math.max(BACKOFF_DEFAULTS.maxDelayMs, this.delayMs);
    if (this.type !== 'fixed' && this.type !== 'exponential') {
      throw new BrokerConfigurationError(`${where}.type`, options.type, "'fixed' or 'exponential'");
    }
    if (!Number.isSafeInteger(this.delayMs) || this.delayMs < 0) {
      throw new BrokerConfigurationError(
        `${where}.delayMs`,
        options.delayMs,
        'a whole number of ms ≥ 0',
      );
    }
    if (!Number.isSafeInteger(this.maxDelayMs) || this.maxDelayMs < this.delayMs) {
      throw new BrokerConfigurationError(
        `${where}.maxDelayMs`,
        options.maxDelayMs,
        `a whole number of ms ≥ delayMs (${this.delayMs})`,
      );
    }
  }

  /** The wait after the `failures`-th failure (1 = after the first attempt failed). */
  delayAfter(failures: number): number {
    if (this.type === 'fixed') return this.delayMs;
    const exponent = Math.max(0, failures - 1);
    // 2^exponent overflows to Infinity for large counts; min() keeps the cap.
    return Math.min(this.maxDelayMs, this.delayMs * 2 ** exponent);
  }
}
