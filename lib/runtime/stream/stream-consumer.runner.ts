import { BrokerClosedError } from '../../core/broker.errors';
import type { StreamEntry } from '../../core/streams/stream.types';
import type { DeliveryHandler, DeliveryInfo } from '../broker-message';
import type { DeliveryRunner, RuntimeDeps } from '../delivery-runner';
import { DeliveryCounters, type DeliveryStats } from '../delivery-stats';
import { summarizeError } from '../error-summary';
import { InFlight } from '../in-flight';
import { ACK_RETRY_MS, AckBatcher } from './ack-batcher';
import type { GroupSeat } from './claim-back';
import { stopConsumer, type StoppingConsumer } from './consumer-stop';
import { EntryRetries } from './entry-retries';
import { consumerNameInUse } from './group-membership';
import { HeldEntries, type HeldEntry } from './held-entries';
import { groupBacklog } from './stream-backlog';
import {
  ackFailedMessage,
  busyMessage,
  closedUnderConsumerMessage,
  reclaimedMessage,
} from './stream-consumer.messages';
import {
  type ResolvedStreamConsumerOptions,
  resolveStreamConsumerOptions,
  type StreamConsumerOptions,
} from './stream-consumer.options';
import { deadLetterStream, writeStreamDeadLetter } from './stream-dead-letters';
import { type DeadLetterCause, exhausted, type Intake, takeIn } from './entry-intake';
import { createGroup, StreamReader } from './stream-reader';
import { type ReclaimedEntry, StreamReclaimer } from './stream-reclaimer';

/** What one `@StreamConsumer` handler consumes, and how. */
export interface StreamConsumerSpec {
  readonly stream: string;
  /** Names it in logs and option errors, e.g. `stream "payments" (BillingController.bill)`. */
  readonly label: string;
  readonly handler: DeliveryHandler;
  readonly options: StreamConsumerOptions;
}

type State = 'new' | 'starting' | 'running' | 'stopping' | 'stopped';

/**
 * One consumer of a consumer group. Reads only while handler slots are free ({@link StreamReader}),
 * runs at most `concurrency` handlers, acknowledges an entry only after its handler resolved (acks
 * batched), and lets a failed entry wait for its backoff on a timer — not in a slot — before
 * claiming it back for its next delivery, up to `maxDeliveries`; then (or at once when the error
 * is unrecoverable, the entry cannot be decoded or is too large) it is written to the dead-letter
 * stream and acknowledged, in that order ({@link EntryRetries}). Entries of consumers that died are
 * reclaimed by {@link StreamReclaimer}; stopping is {@link stopConsumer}.
 *
 * At least once: an entry is acknowledged only after its handler resolved or its dead letter was
 * written, so a crash at any point leaves it pending, to be delivered again (to a live consumer
 * after `reclaimIdleMs`, counted as a delivery).
 */
export class StreamConsumerRunner implements DeliveryRunner {
  readonly label: string;
  private readonly stream: string;
  private readonly options: ResolvedStreamConsumerOptions;
  private readonly seat: GroupSeat;
  private readonly handler: DeliveryHandler;
  private readonly counters = new DeliveryCounters();
  private readonly held = new HeldEntries();
  private running = 0;
  /** Handlers with what follows them (ack, dead letter), and dead letters of unreadable entries. */
  private readonly work = new InFlight();
  private readonly acks: AckBatcher;
  private readonly retries: EntryRetries;
  private readonly reader: StreamReader;
  private readonly reclaimer: StreamReclaimer;
  /** Entries held without a slot (behind their key, waiting to retry): past this, reading pauses. */
  private readonly holdLimit: number;
  private state: State = 'new';
  private stopped: Promise<void> | undefined;
  /** Another live instance seemed to use this consumer name at start. */
  private nameShared = false;

  constructor(
    private readonly deps: RuntimeDeps,
    spec: StreamConsumerSpec,
  ) {
    this.label = spec.label;
    this.stream = spec.stream;
    deadLetterStream(spec.stream); // checks the name before anything runs
    this.options = resolveStreamConsumerOptions(spec.options, spec.label);
    this.handler = spec.handler;
    this.holdLimit = Math.max(1000, 10 * this.options.batch);
    const { group, startId, batch, reclaimIdleMs } = this.options;
    const { port, logger, clock } = deps;
    const consumer = this.options.consumer ?? deps.instance;
    this.seat = { port, logger, stream: spec.stream, group, consumer };
    this.acks = new AckBatcher(
      (ids) => port.xack(spec.stream, group, ids),
      (error, ids, willRetry) => this.ackFailed(error, ids.length, willRetry),
      clock,
    );
    const failed = (error: unknown, doing: string): void => this.callFailed(error, doing);
    this.retries = new EntryRetries({
      label: this.label,
      seat: this.seat,
      clock,
      options: this.options,
      counters: this.counters,
      held: this.held,
      running: () => this.state === 'running',
      deadLetter: (held, cause) => this.deadLetter(held.entry, held.deliveryCount, cause),
      failed,
      pump: () => this.pump(),
    });
    const freeSlots = (): number => this.freeSlots();
    this.reader = new StreamReader({
      ...this.seat,
      clock,
      startId,
      batch,
      freeSlots,
      delivered: (entries) => {
        if (this.state !== 'running') return;
        for (const entry of entries) this.admit(entry, 1);
        this.pump();
      },
      failed,
    });
    this.reclaimer = new StreamReclaimer({
      ...this.seat,
      clock,
      reclaimIdleMs,
      freeSlots,
      heldIds: () => this.held.freshIds(),
      reclaimed: (entries) => this.reclaimed(entries),
      failed,
    });
  }

  /**
   * Creates the group (from `startId`; an existing one is kept), warns when another live instance
   * seems to use this consumer name, and starts reading.
   */
  async start(): Promise<void> {
    if (this.state !== 'new') return;
    this.state = 'starting';
    try {
      await createGroup({ ...this.seat, startId: this.options.startId });
    } catch (error) {
      if (this.state === 'starting') this.state = 'new';
      throw error;
    }
    if (this.state !== 'starting') return; // stopped meanwhile
    const { reclaimIdleMs } = this.options;
    this.nameShared = await consumerNameInUse(this.seat, this.label, reclaimIdleMs);
    if (this.state !== 'starting') return;
    this.state = 'running';
    this.reclaimer.start();
    this.reader.start();
  }

  /**
   * Stops reading, reclaiming and retrying at once, waits up to `timeoutMs` for running handlers —
   * keeping their entries fresh meanwhile, so no other consumer takes them — and acknowledges what
   * finished. Entries not finished stay pending, for another consumer to reclaim; a consumer left
   * with nothing pending is deleted from the group (so names per process start do not pile up).
   */
  stop(timeoutMs: number): Promise<void> {
    this.stopped ??= this.shutdown(timeoutMs);
    return this.stopped;
  }

  async busy(): Promise<string | undefined> {
    const local = {
      running: this.running,
      queued: this.held.ready + this.held.waiting,
      retrying: this.retries.waiting + this.retries.claiming,
      acks: this.acks.size,
    };
    const backlog = await groupBacklog(this.deps.port, this.stream, this.options.group);
    return busyMessage(this.stream, this.options.group, local, backlog);
  }

  stats(): DeliveryStats {
    return this.counters.snapshot(this.running);
  }

  /** Free handler slots, less what is already due to run; 0 while too much is held. */
  private freeSlots(): number {
    if (this.state !== 'running') return 0;
    if (this.held.waiting + this.retries.waiting >= this.holdLimit) return 0;
    const taken = this.running + this.held.ready + this.retries.claiming;
    return Math.max(0, this.options.concurrency - taken);
  }

  private deliveryInfo(entryId: string, deliveryCount: number): DeliveryInfo {
    const { stream, group, consumer } = this.seat;
    return { kind: 'stream', stream, group, consumer, entryId, deliveryCount };
  }

  /** Takes a delivered entry: decodes it, finds its key, holds it until it is done. */
  private admit(entry: StreamEntry, deliveryCount: number): void {
    const known = this.held.get(entry.id);
    if (known) {
      known.deliveryCount = deliveryCount; // delivered again while held (XGROUP SETID backwards)
      return;
    }
    const delivery = this.deliveryInfo(entry.id, deliveryCount);
    const { codec } = this.deps;
    this.act(
      entry,
      deliveryCount,
      takeIn(codec, entry, this.seat.group, this.options.orderBy, delivery),
    );
  }

  private act(entry: StreamEntry, deliveryCount: number, intake: Intake): void {
    if (intake.kind === 'skip') this.acks.add(entry.id);
    else if (intake.kind === 'dead-letter') this.giveUp(entry, deliveryCount, intake);
    else {
      const { decoded, key } = intake;
      this.held.add({ entry, decoded, key, deliveryCount, phase: 'ready' });
    }
  }

  /** Starts what is ready, as slots allow, and lets the reader read if slots are left. */
  private pump(): void {
    while (this.state === 'running' && this.running < this.options.concurrency) {
      const next = this.held.next();
      if (!next) break;
      this.run(next);
    }
    this.reader.wake();
  }

  private run(held: HeldEntry): void {
    held.phase = 'running';
    this.running++;
    const handler = this.handler;
    void this.work.run(async () => {
      let failure: { error: unknown } | undefined;
      try {
        await handler(held.decoded.message, this.deliveryInfo(held.entry.id, held.deliveryCount));
      } catch (error) {
        failure = { error };
      }
      try {
        if (this.state === 'stopped') return; // stop() stopped waiting: the entry stays pending
        if (failure) await this.retries.failed(held, failure.error);
        else {
          this.counters.handled++;
          this.acks.add(held.entry.id);
          this.held.release(held);
        }
      } finally {
        this.running--;
        this.pump();
      }
    });
  }

  /** Entries a reclaim pass took over from consumers that died. */
  private reclaimed(entries: readonly ReclaimedEntry[]): void {
    if (this.state !== 'running') return; // claimed while stopping: pending, reclaimed again
    const { maxDeliveries: max, group, reclaimIdleMs } = this.options;
    const taken = entries.filter((e) => !this.ownRetry(e.entry.id, e.deliveryCount));
    for (const { entry, deliveryCount } of taken) {
      this.counters.reclaimed++;
      if (deliveryCount <= max) this.admit(entry, deliveryCount);
      // Over maxDeliveries: a poison entry that killed its consumers, not run again.
      else this.giveUp(entry, deliveryCount, exhausted(this.deps.codec, entry, deliveryCount, max));
    }
    if (taken.length > 0) {
      this.deps.logger.warn(reclaimedMessage(this.label, group, taken, max, reclaimIdleMs));
    }
    this.pump();
  }

  /** Whether a reclaimed entry is its own: idle in a backoff past reclaimIdleMs, this is its retry. */
  private ownRetry(id: string, deliveryCount: number): boolean {
    const held = this.held.get(id);
    if (!held) return false;
    held.deliveryCount = deliveryCount;
    if (held.phase === 'backoff') {
      held.retry?.cancel();
      held.retry = undefined;
      this.held.makeReady(held);
    }
    return true;
  }

  /** Dead-letters an entry that is not held (unreadable, unordered, exhausted). */
  private giveUp(entry: StreamEntry, deliveries: number, why: DeadLetterCause): void {
    void this.work.run(() => this.deadLetter(entry, deliveries, why));
  }

  /** Writes the dead letter, THEN acknowledges the entry: a crash between duplicates, never loses. */
  private async deadLetter(
    entry: StreamEntry,
    deliveries: number,
    why: DeadLetterCause,
  ): Promise<void> {
    try {
      const { decoded, reason, error } = why;
      const input = { ...this.seat, entry, decoded, reason, error, deliveries };
      await writeStreamDeadLetter(this.deps, input);
    } catch (writeError) {
      this.callFailed(writeError, `writing the dead letter of entry ${entry.id} (still pending)`);
      return;
    }
    this.counters.deadLettered++;
    if (this.state !== 'stopped') this.acks.add(entry.id);
  }

  /** A broker call failed: logged; a closed backend stops the consumer for good. */
  private callFailed(error: unknown, doing: string): void {
    if (error instanceof BrokerClosedError) {
      this.halt();
      return;
    }
    const { message } = summarizeError(error);
    this.deps.logger.error(`${this.label}: ${doing} failed: ${message}`);
  }

  /** An XACK failed: a warning when it is sent once more, the error when given up. */
  private ackFailed(error: unknown, count: number, willRetry: boolean): void {
    if (error instanceof BrokerClosedError) return this.halt();
    const retry = { willRetry, inMs: ACK_RETRY_MS };
    const line = ackFailedMessage(this.label, count, error, retry, this.options.reclaimIdleMs);
    this.deps.logger[willRetry ? 'warn' : 'error'](line);
  }

  /** The backend was closed under a running consumer: it stops where it stands. */
  private halt(): void {
    if (this.state !== 'running') return;
    this.deps.logger.error(closedUnderConsumerMessage(this.label, this.options.reclaimIdleMs));
    this.state = 'stopped';
    this.acks.cancel();
    void this.quiesce();
  }

  private async shutdown(timeoutMs: number): Promise<void> {
    if (this.state !== 'running') {
      if (this.state !== 'stopping') this.state = 'stopped';
      return;
    }
    this.state = 'stopping';
    const stopping: StoppingConsumer = {
      label: this.label,
      seat: this.seat,
      clock: this.deps.clock,
      reclaimIdleMs: this.options.reclaimIdleMs,
      work: this.work,
      acks: this.acks,
      leaveGroup: !this.nameShared,
      stopTaking: () => this.quiesce({ keepFresh: true }),
      abandon: () => {
        this.state = 'stopped';
        this.reclaimer.stop(); // what still runs may now be reclaimed
        return this.running;
      },
    };
    await stopConsumer(stopping, timeoutMs);
  }

  /**
   * Stops reading, reclaiming and retrying; entries not running stay pending. With `keepFresh`
   * (stop() draining) the entries of running handlers are still kept fresh, so another consumer
   * does not take them for dead.
   */
  private async quiesce({ keepFresh = false } = {}): Promise<void> {
    if (keepFresh) this.reclaimer.stopReclaiming();
    else this.reclaimer.stop();
    this.retries.cancelAll();
    this.held.dropUnstarted();
    await this.reader.stop();
  }
}
