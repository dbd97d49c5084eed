import type { DeliveryCounters } from '../delivery-stats';
import type { RuntimeDeps } from '../delivery-runner';
import type { DeadLetterInfo, DeadLetterReason } from '../envelope';
import { summarizeError } from '../error-summary';
import { isUnrecoverable } from '../handler-failure';
import type { DecodedMessage } from '../message-codec';
import { logDeadLetter } from './queue-dead-letters';
import type { QueueKeys } from './queue-keys';
import { deadLetterRecord, type QueueElement, withFailures } from './queue-message';
import type { ResolvedQueueWorkerOptions } from './queue-worker.options';

/** What settling messages runs on. */
export interface QueueOutcomesDeps extends RuntimeDeps {
  readonly keys: QueueKeys;
  readonly options: ResolvedQueueWorkerOptions;
  readonly counters: DeliveryCounters;
  /** Names the worker in logs. */
  readonly label: string;
  /** A retry was written, due at `due` (ms since the epoch). */
  readonly retryScheduled: (due: number) => void;
}

/**
 * How a message taken by a worker leaves its in-flight list: acknowledged, rescheduled or
 * dead-lettered. Each writes its new state first and removes the in-flight copy last, so a crash
 * in between leaves a duplicate (delivered twice), never a loss.
 */
export class QueueOutcomes {
  private readonly inflight: string;

  constructor(private readonly deps: QueueOutcomesDeps) {
    this.inflight = deps.keys.inflight(deps.instance);
  }

  /** The handler resolved. */
  async handled(element: QueueElement): Promise<void> {
    await this.deps.port.lrem(this.inflight, 1, element.stored);
    this.deps.counters.handled++;
  }

  /** The handler failed on `attempt`: retry after the backoff, or dead-letter. */
  async failed(
    element: QueueElement,
    decoded: DecodedMessage,
    attempt: number,
    error: unknown,
  ): Promise<void> {
    const { port, clock, counters, keys, logger, options } = this.deps;
    counters.failed++;
    const unrecoverable = isUnrecoverable(error);
    const last = unrecoverable || attempt >= options.attempts;
    const now = clock.now();
    const delay = options.retry.delayAfter(attempt);
    const summary = summarizeError(error);
    const line =
      `${this.deps.label} failed on attempt ${attempt} of ${options.attempts}, message ` +
      `${decoded.header?.id ?? '(raw)'}: ${summary.message}` +
      (last ? '' : ` (retrying in ${delay} ms)`);
    // A failure that will be retried is a warning; the last one is the error, with its stack.
    if (last) logger.error(line, summary.stack);
    else logger.warn(line);
    if (last)
      return this.deadLetter(element, unrecoverable ? 'unrecoverable' : 'failed', error, attempt);
    const next = withFailures(element.content, attempt, now);
    // It decoded, so it can carry a count; the guard keeps the types honest.
    if (next === undefined) return this.deadLetter(element, 'undecodable', error, attempt);
    const due = now + delay;
    await port.zadd(keys.delayed, [[next, due]]);
    await port.lrem(this.inflight, 1, element.stored);
    counters.retried++;
    this.deps.retryScheduled(due);
  }

  /** Moves the message to the dead letter with `error` as the reason, and logs it. */
  async deadLetter(
    element: QueueElement,
    reason: DeadLetterReason,
    error: unknown,
    attempts: number,
  ): Promise<void> {
    const { port, clock, counters, keys, logger } = this.deps;
    const now = clock.now();
    const { name, message } = summarizeError(error);
    const dl: DeadLetterInfo = { reason, error: { name, message }, attempts, failedAt: now };
    const record = deadLetterRecord(element.content, dl, now);
    await port.lpush(keys.dead, [record.text]);
    await port.lrem(this.inflight, 1, element.stored);
    counters.deadLettered++;
    logDeadLetter(logger, keys.queue, record.id, dl);
  }
}
