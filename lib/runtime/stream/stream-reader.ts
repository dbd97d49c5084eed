import type { Clock } from '../../core/clock';
import { BrokerReplyError } from '../../core/reply-error';
import type {
  PendingReadEntry,
  StreamEntry,
  StreamReadResult,
} from '../../core/streams/stream.types';
import type { GroupSeat } from './claim-back';

/** What the reader reads for. */
export interface ReaderHost extends GroupSeat {
  readonly clock: Clock;
  /** Where a new group starts (`startId`). */
  readonly startId: string;
  /** Entries per read at most (`batch`). */
  readonly batch: number;
  /** Slots free now; the reader sleeps while there are none, until {@link StreamReader.wake}. */
  freeSlots(): number;
  /** New entries, in stream order, delivery count 1. */
  delivered(entries: readonly StreamEntry[]): void;
  /** A read failed (BrokerClosedError included; the host decides whether to go on). */
  failed(error: unknown, doing: string): void;
}

/** Wait before reading again after a read failed (not a poll: only after errors). */
const RETRY_MS = 1000;

/** XGROUP CREATE ... MKSTREAM; a group that exists already (BUSYGROUP) is kept as it is. */
export async function createGroup(
  host: Pick<ReaderHost, 'port' | 'stream' | 'group' | 'startId'>,
): Promise<void> {
  try {
    await host.port.xgroupCreate(host.stream, host.group, host.startId, { mkStream: true });
  } catch (error) {
    if (!(error instanceof BrokerReplyError && error.code === 'BUSYGROUP')) throw error;
  }
}

/**
 * The read loop of one consumer: one blocking `XREADGROUP ... COUNT n BLOCK 0 STREAMS s >` at a
 * time, sent only while handler slots are free and asking for no more than are free — so an idle
 * consumer waits inside Redis and never polls. A group deleted under it (NOGROUP, or 7.0's
 * UNBLOCKED when the stream key goes) is created again from `startId`.
 */
export class StreamReader {
  private running = false;
  private loop: Promise<void> | undefined;
  private readonly reads = new AbortController();
  private wakeUp: (() => void) | undefined;

  constructor(private readonly host: ReaderHost) {}

  start(): void {
    if (this.running || this.reads.signal.aborted) return;
    this.running = true;
    this.loop = this.read();
  }

  /** Ends the read in progress (a blocked one is aborted) and the loop; resolves when it ended. */
  async stop(): Promise<void> {
    this.running = false;
    this.reads.abort();
    this.wake();
    await this.loop;
  }

  /** Slots may have been freed: a sleeping reader looks again. */
  wake(): void {
    const wake = this.wakeUp;
    this.wakeUp = undefined;
    wake?.();
  }

  private async read(): Promise<void> {
    const { port, group, consumer, stream, batch } = this.host;
    while (this.running) {
      const free = this.host.freeSlots();
      if (free <= 0) {
        await new Promise<void>((resolve) => (this.wakeUp = resolve));
        continue;
      }
      let reply: StreamReadResult<PendingReadEntry>[] | null;
      try {
        reply = await port.xreadgroup(group, consumer, [{ key: stream, id: '>' }], {
          count: Math.min(batch, free),
          blockMs: 0,
          signal: this.reads.signal,
        });
      } catch (error) {
        await this.readFailed(error);
        continue;
      }
      // Served while stopping: left pending, for a reclaim by a live consumer.
      if (!this.running || !reply) continue;
      const entries: StreamEntry[] = [];
      for (const [, read] of reply) {
        for (const { id, fields } of read) if (fields) entries.push({ id, fields });
      }
      this.host.delivered(entries);
    }
  }

  private async readFailed(error: unknown): Promise<void> {
    if (!this.running) return;
    if (error instanceof BrokerReplyError && ['NOGROUP', 'UNBLOCKED'].includes(error.code)) {
      const { logger, group, stream, startId } = this.host;
      logger.warn(
        `Consumer group "${group}" of stream "${stream}" is gone (${error.message}); ` +
          `creating it again from "${startId}".`,
      );
      try {
        await createGroup(this.host);
        return;
      } catch (again) {
        error = again;
      }
    }
    this.host.failed(error, `reading (trying again in ${RETRY_MS} ms)`);
    if (!this.running) return;
    await new Promise<void>((resolve) => {
      const timer = this.host.clock.setTimer(RETRY_MS, () => resolve());
      this.wakeUp = () => {
        timer.cancel();
        resolve();
      };
    });
  }
}
