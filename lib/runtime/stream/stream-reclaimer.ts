import type { BrokerLogger } from '../../core/broker-logger';
import type { Clock, TimerHandle } from '../../core/clock';
import { BrokerReplyError } from '../../core/reply-error';
import type { StreamEntry } from '../../core/streams/stream.types';
import type { BrokerPort } from '../../port/broker.port';
import { every } from './due-timers';

/** An entry taken over from another consumer, with the group's delivery count after the claim. */
export interface ReclaimedEntry {
  readonly entry: StreamEntry;
  readonly deliveryCount: number;
  /** The consumer it was taken from, when known (XAUTOCLAIM does not say). */
  readonly from: string | undefined;
}

/** What the reclaimer works for: one consumer of one group. */
export interface ReclaimerHost {
  readonly port: BrokerPort;
  readonly clock: Clock;
  readonly logger: BrokerLogger;
  readonly stream: string;
  readonly group: string;
  readonly consumer: string;
  readonly reclaimIdleMs: number;
  /** Handler slots free now: a pass claims no more entries than this. */
  freeSlots(): number;
  /** Entries this consumer holds and will handle or is handling (not those waiting to retry). */
  heldIds(): string[];
  /** Takes over entries a pass claimed. */
  reclaimed(entries: readonly ReclaimedEntry[]): void;
  /** A call failed (BrokerClosedError included). */
  failed(error: unknown, doing: string): void;
}

/** XAUTOCLAIM calls in one pass at most: each scans up to 10 × COUNT pending entries. */
const CALLS_PER_PASS = 10;

/**
 * Crash recovery for one consumer, on two clock timers:
 * - every `reclaimIdleMs / 2`, XAUTOCLAIM entries idle for `reclaimIdleMs` (their consumer died),
 *   as many as there are free slots, continuing from the last pass's cursor so a long pending
 *   list is covered over several passes. An XPENDING ... IDLE first says whether anything is
 *   idle at all, and whose it is (for the log line of each batch). The claim counts as a delivery: the real counts are read
 *   back (XPENDING), so a poison entry that kills every consumer reaches `maxDeliveries`. Ids
 *   trimmed away while pending are reported as lost by retention;
 * - every `reclaimIdleMs / 3`, XCLAIM ... JUSTID with min-idle 0 the entries this consumer holds,
 *   which resets their idle time without counting a delivery: a slow handler is not taken for
 *   dead. Entries waiting for their backoff are left out — idle, they may be claimed by a live
 *   consumer, which is then the one to deliver them again.
 */
export class StreamReclaimer {
  private cursor = '0-0';
  private reclaimTimer: TimerHandle | undefined;
  private heartbeatTimer: TimerHandle | undefined;

  constructor(private readonly host: ReclaimerHost) {}

  /** Runs a first pass now (a restart after a crash need not wait), then on the timers. */
  start(): void {
    const { clock, reclaimIdleMs } = this.host;
    this.stop();
    this.reclaimTimer = every(clock, Math.max(1, Math.floor(reclaimIdleMs / 2)), () =>
      this.reclaim(),
    );
    this.heartbeatTimer = every(clock, Math.max(1, Math.floor(reclaimIdleMs / 3)), () =>
      this.heartbeat(),
    );
    void this.reclaim();
  }

  /**
   * Stops claiming other consumers' entries, but goes on keeping this consumer's own fresh: while
   * stop() drains, a handler still running must not be taken for dead and run a second time.
   */
  stopReclaiming(): void {
    this.reclaimTimer?.cancel();
    this.reclaimTimer = undefined;
  }

  /** Stops both timers: entries this consumer still holds may now be reclaimed once idle. */
  stop(): void {
    this.stopReclaiming();
    this.heartbeatTimer?.cancel();
    this.heartbeatTimer = undefined;
  }

  /** One pass; resolves (never rejects) when it is over. */
  async reclaim(): Promise<void> {
    const { port, stream, group, consumer, reclaimIdleMs } = this.host;
    try {
      for (let call = 0; call < CALLS_PER_PASS; call++) {
        const free = this.host.freeSlots();
        if (free <= 0) return;
        // Whose entries are idle, for the log (XAUTOCLAIM does not say whose it took); none idle
        // from the cursor on means nothing to claim, nor to report as trimmed, this pass.
        const query = { start: this.cursor, end: '+', count: free, idleMs: reclaimIdleMs };
        const idle = await port.xpendingRange(stream, group, query);
        if (idle.length === 0) {
          this.cursor = '0-0';
          return;
        }
        const owners = new Map(idle.map((p) => [p.id, p.consumer]));
        const reply = await port.xautoclaim(stream, group, consumer, reclaimIdleMs, this.cursor, {
          count: free,
        });
        this.cursor = reply.nextId;
        if (reply.deletedIds.length > 0)
          logLostEntries(this.host.logger, stream, group, reply.deletedIds);
        if (reply.claimed.length > 0) {
          this.host.reclaimed(await this.withCounts(reply.claimed, owners));
        }
        if (reply.nextId === '0-0') return;
      }
    } catch (error) {
      if (!this.groupGone(error)) this.host.failed(error, 'reclaiming idle entries (XAUTOCLAIM)');
    }
  }

  private async heartbeat(): Promise<void> {
    const ids = this.host.heldIds();
    if (ids.length === 0) return;
    const { port, stream, group, consumer } = this.host;
    try {
      await port.xclaimJustId(stream, group, consumer, 0, ids);
    } catch (error) {
      if (!this.groupGone(error)) this.host.failed(error, 'keeping its entries (XCLAIM JUSTID)');
    }
  }

  /**
   * NOGROUP: the group is gone — deleted, or Redis restarted without persistence. Not a failure
   * of the reclaimer: the reader creates the group again on its next read, and a new group has
   * nothing pending to reclaim or keep fresh.
   */
  private groupGone(error: unknown): boolean {
    if (!(error instanceof BrokerReplyError && error.code === 'NOGROUP')) return false;
    const { logger, stream, group } = this.host;
    logger.log?.(
      `Stream "${stream}" group "${group}" is gone (${error.message}); the consumer creates it ` +
        `again on its next read, so there is nothing to reclaim until then.`,
    );
    return true;
  }

  /** The delivery counts of entries just claimed, read back; entries no longer pending drop out. */
  private async withCounts(
    entries: readonly StreamEntry[],
    owners: ReadonlyMap<string, string>,
  ): Promise<ReclaimedEntry[]> {
    const { port, stream, group, consumer } = this.host;
    // XAUTOCLAIM answers in id order; this consumer's other entries in the range come along.
    const pending = await port.xpendingRange(stream, group, {
      start: entries[0].id,
      end: entries[entries.length - 1].id,
      count: entries.length + this.host.heldIds().length,
      consumer,
    });
    const counts = new Map(pending.map((p) => [p.id, p.deliveryCount]));
    const result: ReclaimedEntry[] = [];
    for (const entry of entries) {
      const deliveryCount = counts.get(entry.id);
      if (deliveryCount !== undefined) {
        result.push({ entry, deliveryCount, from: owners.get(entry.id) });
      }
    }
    return result;
  }
}

/**
 * Logs entries that were trimmed or deleted while pending (Redis dropped them from the pending
 * list when a claim reached them): they can never be delivered again.
 */
export function logLostEntries(
  logger: BrokerLogger,
  stream: string,
  group: string,
  entryIds: readonly string[],
): void {
  logger.warn({
    event: 'lost-by-retention',
    kind: 'stream',
    stream,
    group,
    entryIds,
    message:
      `Stream "${stream}" group "${group}": ${entryIds.length} pending entries were trimmed or ` +
      `deleted before they were acknowledged and cannot be delivered again ` +
      `(${entryIds.join(', ')}). Keep entries (maxLen / maxAgeMs) longer than consumers may ` +
      `take to handle them.`,
  });
}
