import type { Clock } from '../../core/clock';
import type { DeliveryCounters } from '../delivery-stats';
import { summarizeError } from '../error-summary';
import { isUnrecoverable } from '../handler-failure';
import { claimBack, type GroupSeat } from './claim-back';
import { DueTimers } from './due-timers';
import type { DeadLetterCause } from './entry-intake';
import type { HeldEntries, HeldEntry } from './held-entries';
import { type FailureOutcome, handlerFailedMessage } from './stream-consumer.messages';
import type { ResolvedStreamConsumerOptions } from './stream-consumer.options';

/** What retrying failed entries works with: one consumer's seat, options and held entries. */
export interface RetriesHost {
  /** Names the consumer in logs. */
  readonly label: string;
  readonly seat: GroupSeat;
  readonly clock: Clock;
  readonly options: Pick<ResolvedStreamConsumerOptions, 'maxDeliveries' | 'policy'>;
  readonly counters: DeliveryCounters;
  readonly held: HeldEntries;
  /** Whether the consumer still takes entries: retries are scheduled and run only then. */
  running(): boolean;
  /** Writes the dead letter of an entry, then acknowledges it. */
  deadLetter(held: HeldEntry, cause: DeadLetterCause): Promise<void>;
  /** A broker call failed. */
  failed(error: unknown, doing: string): void;
  /** Entries became ready: run them as slots allow. */
  pump(): void;
}

/**
 * What follows a failed handler: the entry goes to the dead letter (its last delivery, or an
 * unrecoverable error), or waits for its backoff on a timer — not in a handler slot — and is then
 * claimed back for its next delivery; stopping leaves it pending.
 */
export class EntryRetries {
  private readonly timers: DueTimers;
  private claimingNow = 0;

  constructor(private readonly host: RetriesHost) {
    this.timers = new DueTimers(host.clock);
  }

  /** Entries waiting for their backoff. */
  get waiting(): number {
    return this.timers.size;
  }

  /** Entries being claimed back for their retry. */
  get claiming(): number {
    return this.claimingNow;
  }

  /** The handler of `held` threw `error`: logs it and decides what comes next. */
  async failed(held: HeldEntry, error: unknown): Promise<void> {
    const { counters, options, seat, label } = this.host;
    counters.failed++;
    const { maxDeliveries, policy } = options;
    const unrecoverable = isUnrecoverable(error);
    const last = unrecoverable || held.deliveryCount >= maxDeliveries;
    const retrying = !last && this.host.running();
    const wait = policy.delayAfter(held.deliveryCount);
    const { message, stack } = summarizeError(error);
    const outcome: FailureOutcome = last
      ? { next: 'dead-letter' }
      : retrying
        ? { next: 'retry', waitMs: wait }
        : { next: 'left-pending' };
    const delivery = { count: held.deliveryCount, max: maxDeliveries };
    const line = handlerFailedMessage(
      label,
      seat.stream,
      held.entry.id,
      delivery,
      message,
      outcome,
    );
    // A failure that will be retried is a warning; one that gives up is the error, with its stack.
    if (outcome.next === 'retry') seat.logger.warn(line);
    else seat.logger.error(line, stack);
    if (last) {
      const reason = unrecoverable ? 'unrecoverable' : 'failed';
      await this.host.deadLetter(held, { decoded: held.decoded, reason, error });
    }
    if (!retrying) {
      this.host.held.release(held);
      return;
    }
    counters.retried++;
    held.phase = 'backoff';
    held.retry = this.timers.schedule(wait, () => void this.retry(held, wait));
  }

  /** Drops every backoff timer (stopping): those entries stay pending. */
  cancelAll(): void {
    this.timers.cancelAll();
  }

  /** The backoff is over: claims the entry back (unless another consumer has it) and runs it. */
  private async retry(held: HeldEntry, waitedMs: number): Promise<void> {
    held.retry = undefined;
    if (!this.host.running() || held.phase !== 'backoff') return;
    held.phase = 'claiming';
    this.claimingNow++;
    try {
      const count = await claimBack(this.host.seat, held.entry.id, waitedMs);
      if (!this.host.running()) return;
      if (count === undefined) this.host.held.release(held);
      else {
        held.deliveryCount = count;
        this.host.held.makeReady(held);
      }
    } catch (error) {
      this.host.failed(error, `claiming entry ${held.entry.id} back for its retry`);
      this.host.held.release(held); // still pending: reclaimed once idle
    } finally {
      this.claimingNow--;
      this.host.pump();
    }
  }
}
