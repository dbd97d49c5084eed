import type { Clock } from '../../core/clock';
import type { InFlight } from '../in-flight';
import type { AckBatcher } from './ack-batcher';
import type { GroupSeat } from './claim-back';
import { unfinishedAtStopMessage } from './stream-consumer.messages';

/** What stopping one stream consumer works on. */
export interface StoppingConsumer {
  /** Names the consumer in logs. */
  readonly label: string;
  readonly seat: GroupSeat;
  readonly clock: Clock;
  readonly reclaimIdleMs: number;
  /** Its handlers, with what follows them (ack, dead letter). */
  readonly work: InFlight;
  readonly acks: AckBatcher;
  /**
   * Stops reading, retries and reclaiming others' entries, but keeps the entries of running
   * handlers fresh; resolves once the read in progress ended.
   */
  stopTaking(): Promise<void>;
  /**
   * The drain is over: later handler outcomes count for nothing, and the entries of handlers still
   * running are no longer kept fresh (others may reclaim them). Gives the number still running.
   */
  abandon(): number;
}

/**
 * Stops a consumer: it stops taking entries at once, waits up to `timeoutMs` for its running
 * handlers, then acknowledges what finished. Entries not finished stay pending, for another
 * consumer to reclaim.
 */
export async function stopConsumer(consumer: StoppingConsumer, timeoutMs: number): Promise<void> {
  const { clock, work, acks, label, reclaimIdleMs } = consumer;
  const reading = consumer.stopTaking();
  // The timeout counts from the call: drain() arms its timer at once.
  const finished = await work.drain(timeoutMs, clock);
  await reading;
  const unfinished = consumer.abandon();
  await acks.flush();
  if (!finished) {
    consumer.seat.logger.warn(unfinishedAtStopMessage(label, unfinished, timeoutMs, reclaimIdleMs));
  }
}
