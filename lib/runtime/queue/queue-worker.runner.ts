import { BrokerClosedError } from '../../core/broker.errors';
import type { DeliveryHandler } from '../broker-message';
import type { DeliveryRunner, RuntimeDeps } from '../delivery-runner';
import { DeliveryCounters, type DeliveryStats } from '../delivery-stats';
import { summarizeError } from '../error-summary';
import type { DecodedMessage } from '../message-codec';
import { BrokerPayloadTooLargeError } from '../runtime.errors';
import { Deadline, STOP_GRACE_MS, TIMED_OUT } from '../stop-deadline';
import { type QueueKeys, queueKeys } from './queue-keys';
import { QueueMaintenance } from './queue-maintenance';
import { handlerMessage, readElement } from './queue-message';
import { QueueOutcomes } from './queue-outcomes';
import { type QueueStopStep, stopGaveUpMessage } from './queue-worker.messages';
import {
  type QueueWorkerOptions,
  type ResolvedQueueWorkerOptions,
  resolveQueueWorkerOptions,
} from './queue-worker.options';
import { TimerSlot } from './timer-slot';

/** What a queue worker runs. */
export interface QueueWorkerSpec {
  readonly queue: string;
  /** Names it in logs, e.g. `queue "emails" (MailController.send)`. */
  readonly label: string;
  readonly handler: DeliveryHandler;
  readonly options?: QueueWorkerOptions;
}

/** Wait after a failed take (not a closed port) before trying again. */
const TAKE_RETRY_MS = 1000;

type State = 'new' | 'running' | 'stopping' | 'stopped';

/**
 * A reliable queue worker (the BLMOVE pattern): each message taken is moved atomically from the
 * queue into this worker's in-flight list and stays there until its handler settled — removed
 * when it succeeded, rescheduled (written to the delayed set, then removed) or dead-lettered
 * (pushed to the dead list, then removed) when it failed. One blocking BLMOVE at a time, so one
 * blocked connection whatever `concurrency`; free slots are filled with LMOVEs sent together.
 * See {@link QueueMaintenance} for leases, reclaim and retries, and `queue-keys.ts` for the keys.
 */
export class QueueWorkerRunner implements DeliveryRunner {
  readonly label: string;
  private readonly keys: QueueKeys;
  private readonly inflight: string;
  private readonly options: ResolvedQueueWorkerOptions;
  private readonly counters = new DeliveryCounters();
  private readonly maintenance: QueueMaintenance;
  private readonly outcomes: QueueOutcomes;
  private readonly abort = new AbortController();
  private readonly pauseTimer: TimerSlot;
  private readonly tasks = new Set<Promise<void>>();
  private state: State = 'new';
  private starting: Promise<void> | undefined;
  private taking: Promise<void> | undefined;
  private stopping: Promise<void> | undefined;
  /** Set once the port closed under the worker: nothing more can be sent. */
  private closed = false;
  /** Set once stop() put unfinished messages back: late handler outcomes are ignored. */
  private abandoned = false;
  /** Ends the wait for a free slot. */
  private wake: (() => void) | undefined;
  /** Ends the pause after a failed take. */
  private resume: (() => void) | undefined;

  constructor(
    private readonly deps: RuntimeDeps,
    private readonly spec: QueueWorkerSpec,
  ) {
    this.label = spec.label;
    this.keys = queueKeys(spec.queue);
    this.inflight = this.keys.inflight(deps.instance);
    this.options = resolveQueueWorkerOptions(spec.options, `queue "${spec.queue}"`);
    this.pauseTimer = new TimerSlot(deps.clock);
    this.maintenance = new QueueMaintenance({
      ...deps,
      keys: this.keys,
      options: this.options,
      counters: this.counters,
      onClosed: (error) => this.portClosed(error),
    });
    this.outcomes = new QueueOutcomes({
      ...deps,
      keys: this.keys,
      options: this.options,
      counters: this.counters,
      label: this.label,
      retryScheduled: (due) => this.maintenance.retryScheduled(due),
    });
  }

  /** Takes the lease, runs a first maintenance pass, then starts taking messages. */
  start(): Promise<void> {
    if (this.state !== 'new') return this.starting ?? Promise.resolve();
    this.state = 'running';
    this.starting = (async () => {
      await this.maintenance.begin();
      if (this.state === 'running') this.taking = this.take();
    })();
    return this.starting;
  }

  /**
   * Stops taking (and reclaiming, and promoting retries) at once, lets running handlers finish for
   * up to `timeoutMs` (settling what finished) while it keeps renewing its lease — so no other
   * instance takes a message that is still running — then moves what is still in flight back to
   * the end of the queue consumed next, and gives up the lease. Resolves within `timeoutMs` +
   * {@link STOP_GRACE_MS} whatever the broker does: bookkeeping it could not finish by then is
   * logged and left to the lease's expiry. Harmless twice, and before start().
   */
  stop(timeoutMs: number): Promise<void> {
    this.stopping ??= this.shutdown(timeoutMs);
    return this.stopping;
  }

  /**
   * Undefined when the queue is empty, this worker holds nothing in flight, no handler runs and no
   * retry is scheduled (whoever scheduled it: retries wait on the clock, so on a manual clock
   * time has to move for them); else what is left, e.g. `queue emails: 3 waiting, 1 in flight,
   * 2 retries scheduled`.
   */
  async busy(): Promise<string | undefined> {
    const { port } = this.deps;
    const [waiting, held, retries] = await Promise.all([
      port.llen(this.keys.queue),
      port.llen(this.inflight),
      port.zcard(this.keys.delayed),
    ]);
    const inFlight = Math.max(held, this.tasks.size);
    if (waiting === 0 && inFlight === 0 && retries === 0) return undefined;
    return (
      `queue ${this.keys.queue}: ${waiting} waiting, ${inFlight} in flight, ` +
      `${retries} ${retries === 1 ? 'retry' : 'retries'} scheduled`
    );
  }

  stats(): DeliveryStats {
    return this.counters.snapshot(this.tasks.size);
  }

  private async take(): Promise<void> {
    const { port } = this.deps;
    const { queue } = this.keys;
    const { concurrency } = this.options;
    const signal = this.abort.signal;
    while (this.state === 'running') {
      if (this.tasks.size >= concurrency) {
        await new Promise<void>((resolve) => (this.wake = resolve));
        continue;
      }
      let first: string | null;
      try {
        first = await port.blmove(queue, this.inflight, 'RIGHT', 'LEFT', 0, { signal });
      } catch (error) {
        await this.takeFailed(error);
        continue;
      }
      if (this.state !== 'running') return; // stop() puts what was taken back
      if (first === null) {
        // Only an abort or a closed connection ends a BLMOVE without timeout.
        if (port.status === 'disconnected') this.portClosed(new BrokerClosedError(port.backend));
        continue;
      }
      this.dispatch(first);
      const free = concurrency - this.tasks.size;
      if (free <= 0) continue;
      const more = await Promise.allSettled(
        Array.from({ length: free }, () => port.lmove(queue, this.inflight, 'RIGHT', 'LEFT')),
      );
      if (this.state !== 'running') return;
      let failure: PromiseRejectedResult | undefined;
      for (const result of more) {
        if (result.status === 'rejected') failure ??= result;
        else if (result.value !== null) this.dispatch(result.value);
      }
      if (failure) await this.takeFailed(failure.reason);
    }
  }

  private dispatch(stored: string): void {
    const task: Promise<void> = this.handle(stored).finally(() => {
      this.tasks.delete(task);
      const wake = this.wake;
      this.wake = undefined;
      wake?.();
    });
    this.tasks.add(task);
  }

  private async handle(stored: string): Promise<void> {
    const element = readElement(stored);
    let decoded: DecodedMessage;
    try {
      decoded = this.deps.codec.decode(element.content);
    } catch (error) {
      const reason = error instanceof BrokerPayloadTooLargeError ? 'too-large' : 'undecodable';
      return this.settle(() => this.outcomes.deadLetter(element, reason, error, 0));
    }
    const attempt = element.failures + 1;
    try {
      await this.spec.handler(handlerMessage(decoded), {
        kind: 'queue',
        queue: this.keys.queue,
        attempt,
      });
    } catch (error) {
      if (this.abandoned) return;
      return this.settle(() => this.outcomes.failed(element, decoded, attempt, error));
    }
    if (this.abandoned) return;
    await this.settle(() => this.outcomes.handled(element));
  }

  /** Runs the commands settling a message; a failure leaves it in flight (redelivered later). */
  private async settle(commands: () => Promise<void>): Promise<void> {
    try {
      await commands();
    } catch (error) {
      if (this.closed || error instanceof BrokerClosedError) return this.portClosed(error);
      const summary = summarizeError(error);
      this.deps.logger.error(
        `${this.label}: could not settle a message (${summary.message}); it stays in this ` +
          `worker's in-flight list and goes back to the queue when the worker stops or dies.`,
        summary.stack,
      );
    }
  }

  private async takeFailed(error: unknown): Promise<void> {
    if (error instanceof BrokerClosedError || this.deps.port.status === 'disconnected') {
      return this.portClosed(error);
    }
    if (this.state !== 'running') return;
    const summary = summarizeError(error);
    this.deps.logger.error(
      `${this.label}: taking messages failed (${summary.message}); trying again in ` +
        `${TAKE_RETRY_MS} ms.`,
      summary.stack,
    );
    await new Promise<void>((resolve) => {
      this.resume = resolve;
      this.pauseTimer.set(this.deps.clock.now() + TAKE_RETRY_MS, resolve);
    });
    this.resume = undefined;
  }

  /** The port closed under the worker (its process is going away): stop without a word to it. */
  private portClosed(error: unknown): void {
    if (this.closed) return;
    this.closed = true;
    if (this.state === 'running') {
      this.deps.logger.warn(
        `${this.label}: the broker connection is closed (${summarizeError(error).message}); the ` +
          `worker stops. Its in-flight messages go back to the queue once its lease expires.`,
      );
    }
    this.state = this.state === 'stopped' ? 'stopped' : 'stopping';
    this.halt();
  }

  /** Ends the take loop and every timer. */
  private halt(): void {
    this.stopTaking();
    this.maintenance.stop();
  }

  /**
   * Ends the take loop, its timers and the maintenance passes; the lease is still renewed (until
   * `maintenance.stop()`) while running handlers drain.
   */
  private stopTaking(): void {
    this.abort.abort();
    this.maintenance.stopPasses();
    this.pauseTimer.cancel();
    for (const end of [this.wake, this.resume]) end?.();
    this.wake = undefined;
    this.resume = undefined;
  }

  private async shutdown(timeoutMs: number): Promise<void> {
    const started = this.state !== 'new';
    const { clock, logger } = this.deps;
    // Armed before anything is awaited, so a manual clock moved right after stop() reaches them.
    const drain = new Deadline(clock, timeoutMs);
    const bound = new Deadline(clock, timeoutMs + STOP_GRACE_MS);
    this.state = 'stopping';
    this.stopTaking();
    let step: QueueStopStep = 'waiting for its last take and maintenance pass';
    try {
      await drain.within(Promise.allSettled([...this.tasks]));
      this.abandoned = true; // what still runs is given up: its message goes back below
      if (!started || this.closed) return;
      // Every step waits on the broker, which may not answer (a client queues commands while it
      // reconnects): raced against the time left, so stop() ends whatever the broker does.
      const done = await bound.within(
        (async () => {
          await this.starting?.catch(() => undefined);
          await this.taking;
          await this.maintenance.settled();
          step = 'putting unfinished messages back in the queue';
          await this.putBack();
          this.maintenance.stop(); // the lease protected what was in flight until now
          step = 'removing its lease';
          await this.maintenance.dropLease();
        })(),
      );
      if (done === TIMED_OUT) {
        const where = { queue: this.keys.queue, inflight: this.inflight };
        const waited = timeoutMs + STOP_GRACE_MS;
        const { visibilityTimeoutMs } = this.options;
        logger.warn(stopGaveUpMessage(this.label, where, waited, step, visibilityTimeoutMs));
      }
    } catch (error) {
      if (!(error instanceof BrokerClosedError)) {
        const summary = summarizeError(error);
        logger.error(
          `${this.label}: stopping failed (${summary.message}); what it held goes back to the ` +
            `queue once its lease expires.`,
          summary.stack,
        );
      }
    } finally {
      drain.cancel();
      bound.cancel();
      this.maintenance.stop();
      this.state = 'stopped';
    }
  }

  /** Moves what is still in flight back to the end of the queue consumed next, oldest nearest. */
  private async putBack(): Promise<void> {
    const { port } = this.deps;
    let moved = 0;
    for (
      let held = await port.llen(this.inflight);
      held > 0;
      held = await port.llen(this.inflight)
    ) {
      // Newest first onto the consuming end: the oldest ends up next.
      const results = await Promise.all(
        Array.from({ length: held }, () =>
          port.lmove(this.inflight, this.keys.queue, 'LEFT', 'RIGHT'),
        ),
      );
      moved += results.filter((text) => text !== null).length;
    }
    if (moved > 0) {
      this.deps.logger.warn(
        `${this.label}: stopped with ${moved} message(s) unfinished; they are back at the head ` +
          `of queue "${this.keys.queue}" for the next worker.`,
      );
    }
  }
}
