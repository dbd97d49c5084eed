import { randomUUID } from 'node:crypto';
import { BrokerClosedError } from '../../core/broker.errors';
import type { DeliveryCounters } from '../delivery-stats';
import type { RuntimeDeps } from '../delivery-runner';
import type { DeadLetterInfo } from '../envelope';
import { summarizeError } from '../error-summary';
import { logDeadLetter } from './queue-dead-letters';
import type { QueueKeys } from './queue-keys';
import { deadLetterRecord, readElement, withFailures } from './queue-message';
import type { ResolvedQueueWorkerOptions } from './queue-worker.options';
import { nameInUseMessage } from './queue-worker.messages';
import { QueueWorkerLostError } from './queue.errors';
import { TimerSlot } from './timer-slot';

/** Due retries moved per round trip. */
const PROMOTE_BATCH = 100;
/** Rounds of one pass before it yields to the next one (a flood of due retries). */
const MAX_ROUNDS = 50;

/** What the maintenance of one worker runs on. */
export interface QueueMaintenanceDeps extends RuntimeDeps {
  readonly keys: QueueKeys;
  readonly options: ResolvedQueueWorkerOptions;
  readonly counters: DeliveryCounters;
  /** Called once the port is closed for good: the worker stops. */
  readonly onClosed: (error: unknown) => void;
}

/**
 * The housekeeping of one queue worker: its lease, taking back the in-flight messages of workers
 * whose lease expired, and moving due retries back into the queue. Every instance runs it; the
 * queue's lock (SET NX PX) lets one pass at a time move anything, because rewriting a message is
 * two commands (push the new text, then remove the old): a crash in between duplicates a message,
 * never loses one.
 *
 * Timers: one for the next lease renewal (every third of the visibility timeout, followed by a
 * pass) and one for the earliest retry known — nothing polls the queue.
 */
export class QueueMaintenance {
  private readonly heartbeat: TimerSlot;
  private readonly retry: TimerSlot;
  private readonly lockRetry: TimerSlot;
  private readonly lockTtlMs: number;
  private running: Promise<void> | undefined;
  private again = false;
  /** Set once no pass may start (stopping): only the lease is still renewed, until stop(). */
  private passesOff = false;
  private stopped = false;
  /** What this worker's in-flight list held at start: left there by an earlier life. */
  private leftovers: string[] = [];

  constructor(private readonly deps: QueueMaintenanceDeps) {
    this.heartbeat = new TimerSlot(deps.clock);
    this.retry = new TimerSlot(deps.clock);
    this.lockRetry = new TimerSlot(deps.clock);
    // Held for a few round trips; the TTL only matters when its holder dies mid-pass.
    this.lockTtlMs = Math.min(Math.max(deps.options.visibilityTimeoutMs, 1000), 30_000);
  }

  private get inflight(): string {
    return this.deps.keys.inflight(this.deps.instance);
  }

  /**
   * Takes the lease, notes what an earlier life left in flight, and runs the first pass. A lease
   * of this instance name that has not expired belongs to a live worker (two instances were given
   * one name): that is logged, and its in-flight list is not taken for leftovers.
   */
  async begin(): Promise<void> {
    const { port, keys, instance, clock, logger } = this.deps;
    const lease = await port.zscore(keys.workers, instance);
    const inUse = lease !== null && lease > clock.now();
    if (inUse) logger.warn(nameInUseMessage(keys.queue, instance, lease - clock.now()));
    await this.renewLease();
    this.leftovers = inUse ? [] : await port.lrange(this.inflight, 0, -1);
    this.armHeartbeat();
    await this.pass();
  }

  /** A retry was scheduled for `due`: make sure a timer fires by then. */
  retryScheduled(due: number): void {
    if (!this.passesOff) this.retry.setBy(due, () => void this.pass());
  }

  /**
   * The worker is draining: no more passes (taking back others' messages, promoting retries), but
   * the lease is still renewed, so the messages of handlers still running are not taken back by
   * another instance and run twice. A pass in progress finishes (see {@link settled}).
   */
  stopPasses(): void {
    this.passesOff = true;
    this.retry.cancel();
    this.lockRetry.cancel();
  }

  /** Cancels every timer, the lease renewal included; a pass in progress finishes. */
  stop(): void {
    this.stopPasses();
    this.stopped = true;
    this.heartbeat.cancel();
  }

  /** Resolves once no pass runs. */
  async settled(): Promise<void> {
    await this.running;
  }

  /** Gives up the lease (after the worker put its messages back). */
  async dropLease(): Promise<void> {
    await this.deps.port.zrem(this.deps.keys.workers, [this.deps.instance]);
  }

  /** Runs a pass now, or once more after the one in progress. */
  pass(): Promise<void> {
    if (this.passesOff) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.passes().finally(() => (this.running = undefined));
    return this.running;
  }

  private async passes(): Promise<void> {
    let contended = 0;
    do {
      this.again = false;
      try {
        if ((await this.passOnce()) === 'locked') contended++;
      } catch (error) {
        this.failed(error);
        return;
      }
    } while (this.again && !this.passesOff && contended < 3);
  }

  private armHeartbeat(): void {
    if (this.stopped) return;
    const period = Math.floor(this.deps.options.visibilityTimeoutMs / 3);
    this.heartbeat.set(this.deps.clock.now() + period, () => {
      this.armHeartbeat();
      void this.beat();
    });
  }

  private async beat(): Promise<void> {
    try {
      await this.renewLease();
    } catch (error) {
      this.failed(error);
      return;
    }
    await this.pass();
  }

  private async renewLease(): Promise<void> {
    const { port, keys, instance, clock, options } = this.deps;
    await port.zadd(keys.workers, [[instance, clock.now() + options.visibilityTimeoutMs]]);
  }

  private async passOnce(): Promise<'done' | 'locked'> {
    const { port, keys } = this.deps;
    const token = `${this.deps.instance}:${randomUUID()}`;
    if ((await port.set(keys.lock, token, { condition: 'NX', pxMs: this.lockTtlMs })) === null) {
      await this.whenUnlocked();
      return 'locked';
    }
    try {
      await this.reclaimExpired();
      await this.reclaimLeftovers();
      await this.promoteDue();
    } finally {
      // Not atomic (the port has no scripts): the TTL is long next to a pass, so the lock read
      // back is ours unless this pass outlived it.
      if ((await port.get(keys.lock)) === token) await port.del([keys.lock]);
    }
    return 'done';
  }

  /** Another instance runs a pass: try again when its lock ends (it may miss a late retry). */
  private async whenUnlocked(): Promise<void> {
    const ttl = await this.deps.port.pttl(this.deps.keys.lock);
    if (ttl === -2) {
      this.again = true; // released meanwhile
    } else if (!this.passesOff) {
      const wait = ttl > 0 ? ttl : this.lockTtlMs;
      this.lockRetry.setBy(this.deps.clock.now() + wait, () => void this.pass());
    }
  }

  private async reclaimExpired(): Promise<void> {
    const { port, keys, instance, clock } = this.deps;
    const expired = await port.zrangeByScore(keys.workers, -Infinity, clock.now());
    for (const [owner] of expired) {
      if (owner === instance) continue; // late renewing ourselves; the next heartbeat fixes it
      const key = keys.inflight(owner);
      const held = await port.lrange(key, 0, -1);
      if (held.length > 0) await this.reclaim(key, held, owner);
      // A worker that was only slow took more meanwhile: keep its lease for the next pass.
      if ((await port.llen(key)) === 0) await port.zrem(keys.workers, [owner]);
    }
  }

  private async reclaimLeftovers(): Promise<void> {
    const leftovers = this.leftovers;
    this.leftovers = [];
    if (leftovers.length > 0) await this.reclaim(this.inflight, leftovers, this.deps.instance);
  }

  /**
   * Puts `held` (an in-flight list as LRANGE read it, newest first) back at the end of the queue
   * consumed next, oldest nearest, each counted as a failed attempt; one that used its last
   * attempt goes to the dead letter. The new texts are written before the old are removed.
   */
  private async reclaim(key: string, held: string[], owner: string): Promise<void> {
    const { port, keys, clock, options, counters, logger } = this.deps;
    const now = clock.now();
    const back: string[] = [];
    const dead: Array<{ id: string; text: string; dl: DeadLetterInfo }> = [];
    for (const stored of held) {
      const element = readElement(stored);
      const failures = element.failures + 1;
      const next = withFailures(element.content, failures, now);
      // A damaged text cannot carry a count: it goes back as it is and is dead-lettered when taken.
      if (next === undefined) back.push(stored);
      else if (failures < options.attempts) back.push(next);
      else {
        const lost = summarizeError(new QueueWorkerLostError(keys.queue, owner, failures));
        const error = { name: lost.name, message: lost.message };
        const dl: DeadLetterInfo = { reason: 'failed', error, attempts: failures, failedAt: now };
        dead.push({ ...deadLetterRecord(element.content, dl, now), dl });
      }
    }
    // RPUSH in LRANGE order leaves the oldest at the right end: consumed first.
    if (back.length > 0) await port.rpush(keys.queue, back);
    // LPUSH oldest first: the dead list keeps its newest on the left.
    if (dead.length > 0) await port.lpush(keys.dead, dead.map((d) => d.text).reverse());
    // From the tail: of two equal texts (a raw payload pushed twice) the older is removed.
    await Promise.all(held.map((stored) => port.lrem(key, -1, stored)));
    counters.reclaimed += held.length;
    counters.deadLettered += dead.length;
    for (const d of dead) logDeadLetter(logger, keys.queue, d.id, d.dl);
    logger.warn(
      `Queue "${keys.queue}": took back ${held.length} in-flight message(s) of worker "${owner}", ` +
        `whose lease expired (the process died or stopped renewing it); each counts as a failed ` +
        `attempt: ${back.length} back in the queue, ${dead.length} dead-lettered.`,
    );
  }

  /** Moves due retries onto the end of the queue consumed last, then arms for the next one. */
  private async promoteDue(): Promise<void> {
    const { port, keys, clock } = this.deps;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const due = await port.zrangeByScore(keys.delayed, -Infinity, clock.now(), {
        count: PROMOTE_BATCH,
      });
      if (due.length > 0) {
        const members = due.map(([member]) => member);
        // Earliest due first, so nearest the consuming end; after everything already waiting.
        await port.lpush(keys.queue, members);
        await port.zrem(keys.delayed, members);
      }
      const [next] = await port.zrangeByScore(keys.delayed, -Infinity, Infinity, { count: 1 });
      if (!next) return;
      if (next[1] > clock.now()) {
        this.retryScheduled(next[1]);
        return;
      }
    }
    this.again = true;
  }

  private failed(error: unknown): void {
    if (error instanceof BrokerClosedError || this.deps.port.status === 'disconnected') {
      this.stop();
      this.deps.onClosed(error);
      return;
    }
    const summary = summarizeError(error);
    this.deps.logger.error(
      `Queue "${this.deps.keys.queue}": a maintenance pass (lease, reclaim, retries) failed: ` +
        `${summary.message}. The next one runs with the next lease renewal.`,
      summary.stack,
    );
  }
}
