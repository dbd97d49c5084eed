import { BrokerConfigurationError } from '../../core/broker.errors';
import { checkOptionKeys } from '../option-checks';
import { type BackoffOptions, RetryPolicy } from '../retry-policy';

/** Options of a queue worker (`@QueueWorker(queue, options)`). */
export interface QueueWorkerOptions {
  /**
   * Handlers running at once in this worker (one per app instance and queue). The worker holds
   * one blocked connection whatever the number.
   * @default 1
   */
  readonly concurrency?: number;
  /**
   * Attempts in all, the first included; after the last failure the message goes to the dead
   * letter. A worker that died holding the message counts as a failed attempt.
   * @default 3
   */
  readonly attempts?: number;
  /**
   * The wait before each retry.
   * @default { type: 'exponential', delayMs: 1000, maxDelayMs: 60000 }
   */
  readonly backoff?: BackoffOptions;
  /**
   * How long a worker that stopped renewing its lease (a process that died) keeps its in-flight
   * messages before the other workers put them back in the queue. Leases are renewed every third
   * of it. A handler running longer than this is not affected while its process is alive.
   * @default 30000
   */
  readonly visibilityTimeoutMs?: number;
}

/** {@link QueueWorkerOptions} with defaults applied and checked. */
export interface ResolvedQueueWorkerOptions {
  readonly concurrency: number;
  readonly attempts: number;
  readonly retry: RetryPolicy;
  readonly visibilityTimeoutMs: number;
}

/** Defaults of {@link QueueWorkerOptions}. */
export const QUEUE_WORKER_DEFAULTS = {
  concurrency: 1,
  attempts: 3,
  visibilityTimeoutMs: 30_000,
} as const;

/** Shortest visibility timeout: leases are renewed every third of it. */
const MIN_VISIBILITY_TIMEOUT_MS = 10;

const OPTION_NAMES: readonly string[] = [
  'concurrency',
  'attempts',
  'backoff',
  'visibilityTimeoutMs',
] satisfies readonly (keyof QueueWorkerOptions)[];

/**
 * Checks `options` and applies the defaults. `where` names them in errors, e.g.
 * `@QueueWorker('emails')` gives `Invalid broker option @QueueWorker('emails').attempts: ...`.
 */
export function resolveQueueWorkerOptions(
  options: QueueWorkerOptions | undefined,
  where: string,
): ResolvedQueueWorkerOptions {
  const given = checkOptionKeys(options ?? {}, OPTION_NAMES, where);
  const o = given as QueueWorkerOptions;
  return {
    concurrency: wholeNumber(
      o.concurrency,
      QUEUE_WORKER_DEFAULTS.concurrency,
      1,
      where,
      'concurrency',
    ),
    attempts: wholeNumber(o.attempts, QUEUE_WORKER_DEFAULTS.attempts, 1, where, 'attempts'),
    retry: new RetryPolicy(o.backoff, `${where}.backoff`),
    visibilityTimeoutMs: wholeNumber(
      o.visibilityTimeoutMs,
      QUEUE_WORKER_DEFAULTS.visibilityTimeoutMs,
      MIN_VISIBILITY_TIMEOUT_MS,
      where,
      'visibilityTimeoutMs',
    ),
  };
}

function wholeNumber(
  value: number | undefined,
  fallback: number,
  min: number,
  where: string,
  name: string,
): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw new BrokerConfigurationError(`${where}.${name}`, value, `a whole number ≥ ${min}`);
  }
  return value;
}
