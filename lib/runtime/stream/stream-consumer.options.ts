import { BrokerConfigurationError } from '../../core/broker.errors';
import type { BrokerMessage, DeliveryInfo } from '../broker-message';
import { checkOptionKeys } from '../option-checks';
import { type BackoffOptions, RetryPolicy } from '../retry-policy';
import { isStreamId } from './stream-id';

/**
 * Gives the ordering key of an entry: entries with the same key are handled one at a time, in
 * stream order; `undefined` = no order to keep for this entry.
 */
export type StreamOrderBy = (message: BrokerMessage, delivery: DeliveryInfo) => string | undefined;

/** Options of a stream consumer (`@StreamConsumer(stream, options)`). */
export interface StreamConsumerOptions {
  /** The consumer group; created on start when missing. Required. */
  readonly group: string;
  /**
   * Where a NEW group starts: `'$'` = only entries added from now on, `'0'` = the whole history
   * the stream still holds (retention may have trimmed older entries), or an entry id (`ms-seq`)
   * to start after. An existing group keeps its position.
   * @default '$'
   */
  readonly startId?: string;
  /**
   * Entries asked for per read (XREADGROUP COUNT), at most as many as free handler slots.
   * @default 10
   */
  readonly batch?: number;
  /**
   * Handlers running at once in this app instance.
   * @default 1
   */
  readonly concurrency?: number;
  /**
   * Deliveries of one entry (the group's delivery count, crashes included) before it goes to the
   * dead-letter stream `{stream}:dead` and is acknowledged.
   * @default 5
   */
  readonly maxDeliveries?: number;
  /**
   * The wait before a failed entry is delivered again.
   * @default { type: 'exponential', delayMs: 1000, maxDelayMs: 60000 }
   */
  readonly backoff?: BackoffOptions;
  /**
   * A consumer that has not touched an entry it was given for this long is taken for dead: a live
   * consumer of the group claims the entry (XAUTOCLAIM) and it counts as a delivery. Live consumers
   * keep the entries they are handling fresh, so a slow handler is not robbed; make it longer than
   * a stall of the process (a long GC pause, a blocked event loop) could last.
   * @default 30000
   */
  readonly reclaimIdleMs?: number;
  /**
   * Per-key order: entries with the same key are handled one at a time in stream order (a key's
   * later entries wait while an earlier one is retried) while other keys go on in parallel.
   * Entries for which it gives `undefined` keep no order. A throw sends the entry to the dead
   * letter (reason `unrecoverable`): the key is a function of the payload, retrying cannot help.
   *
   * The order holds within one consumer. Redis hands a group's entries to whichever consumer
   * reads, so with several app instances the same key may run on two of them at once — partition
   * by key across streams (e.g. `{shard-3}.payments`) when that matters — and an entry redelivered
   * after a crash arrives after later entries of its key that another consumer took meanwhile.
   * @default undefined (no order: up to `concurrency` entries at once, any key)
   */
  readonly orderBy?: StreamOrderBy;
  /**
   * This consumer's name in the group; unique per app instance, or two instances would share one
   * pending list and take each other's entries for their own (a live consumer found under the name
   * at start is warned about).
   * @default the app instance's name (`RuntimeDeps.instance`)
   */
  readonly consumer?: string;
}

/** Defaults of {@link StreamConsumerOptions}. */
export const STREAM_CONSUMER_DEFAULTS = {
  startId: '$',
  batch: 10,
  concurrency: 1,
  maxDeliveries: 5,
  reclaimIdleMs: 30_000,
} as const;

/** Options checked and completed; `consumer` stays undefined until the instance is known. */
export interface ResolvedStreamConsumerOptions {
  readonly group: string;
  readonly startId: string;
  readonly batch: number;
  readonly concurrency: number;
  readonly maxDeliveries: number;
  readonly policy: RetryPolicy;
  readonly reclaimIdleMs: number;
  readonly orderBy: StreamOrderBy | undefined;
  readonly consumer: string | undefined;
}

const KNOWN: ReadonlySet<string> = new Set<keyof StreamConsumerOptions>([
  'group',
  'startId',
  'batch',
  'concurrency',
  'maxDeliveries',
  'backoff',
  'reclaimIdleMs',
  'orderBy',
  'consumer',
]);

/**
 * Checks options and applies the defaults. `where` names the consumer in errors, e.g.
 * `@StreamConsumer("payments")`: a wrong value fails with a {@link BrokerConfigurationError}
 * naming the option (`@StreamConsumer("payments").batch`) and what it accepts.
 */
export function resolveStreamConsumerOptions(
  options: StreamConsumerOptions,
  where: string,
): ResolvedStreamConsumerOptions {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new BrokerConfigurationError(where, options, 'an options object with at least a group');
  }
  checkOptionKeys(options, [...KNOWN], where);
  const name = (option: string): string => `${where}.${option}`;
  const { group, startId = STREAM_CONSUMER_DEFAULTS.startId, orderBy, consumer } = options;
  if (typeof group !== 'string' || group === '') {
    throw new BrokerConfigurationError(name('group'), group, 'a non-empty consumer group name');
  }
  if (typeof startId !== 'string' || (startId !== '$' && !isStreamId(startId))) {
    throw new BrokerConfigurationError(
      name('startId'),
      startId,
      "'$' (new entries only), '0' (the whole history) or an entry id such as '1700000000000-0'",
    );
  }
  const { backoff } = options;
  if (backoff !== undefined && (typeof backoff !== 'object' || backoff === null)) {
    throw new BrokerConfigurationError(
      name('backoff'),
      backoff,
      "an object ({ type?: 'fixed' | 'exponential', delayMs?, maxDelayMs? })",
    );
  }
  if (orderBy !== undefined && typeof orderBy !== 'function') {
    throw new BrokerConfigurationError(name('orderBy'), orderBy, 'a function (message) => key');
  }
  if (consumer !== undefined && (typeof consumer !== 'string' || consumer === '')) {
    throw new BrokerConfigurationError(name('consumer'), consumer, 'a non-empty consumer name');
  }
  return {
    group,
    startId,
    batch: wholeNumber(options.batch, STREAM_CONSUMER_DEFAULTS.batch, name('batch'), 1),
    concurrency: wholeNumber(
      options.concurrency,
      STREAM_CONSUMER_DEFAULTS.concurrency,
      name('concurrency'),
      1,
    ),
    maxDeliveries: wholeNumber(
      options.maxDeliveries,
      STREAM_CONSUMER_DEFAULTS.maxDeliveries,
      name('maxDeliveries'),
      1,
    ),
    policy: new RetryPolicy(backoff, name('backoff')),
    reclaimIdleMs: wholeNumber(
      options.reclaimIdleMs,
      STREAM_CONSUMER_DEFAULTS.reclaimIdleMs,
      name('reclaimIdleMs'),
      3,
      ' of ms',
    ),
    orderBy,
    consumer,
  };
}

function wholeNumber(
  value: number | undefined,
  fallback: number,
  option: string,
  min: number,
  unit = '',
): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < min) {
    throw new BrokerConfigurationError(option, value, `a whole number${unit} ≥ ${min}`);
  }
  return value;
}
