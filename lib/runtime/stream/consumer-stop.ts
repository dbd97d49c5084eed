import type { Clock } from '../../core/clock';
import type { InFlight } from '../in-flight';
import { Deadline, STOP_GRACE_MS, TIMED_OUT } from '../stop-deadline';
import type { AckBatcher } from './ack-batcher';
import type { GroupSeat } from './claim-back';
import { leaveGroup } from './group-membership';
import {
  stopGaveUpMessage,
  type StreamStopStep,
  unfinishedAtStopMessage,
} from './stream-consumer.messages';

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
   * Whether it deletes its consumer from the group once nothing is pending; not when another
   * instance seems to share its name (that one's entries would be dropped with it).
   */
  readonly leaveGroup: boolean;
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
 * consumer to reclaim; a consumer left with nothing pending leaves the group. Resolves within
 * `timeoutMs` + {@link STOP_GRACE_MS} whatever the broker does: what could not be sent by then is
 * logged, and stays pending.
 */
export async function stopConsumer(consumer: StoppingConsumer, timeoutMs: number): Promise<void> {
  const { clock, work, acks, label, reclaimIdleMs, seat } = consumer;
  // Armed before anything is awaited, so a manual clock moved right after stop() reaches them.
  const drain = new Deadline(clock, timeoutMs);
  const bound = new Deadline(clock, timeoutMs + STOP_GRACE_MS);
  try {
    const reading = consumer.stopTaking();
    const finished = (await drain.within(work.whenIdle())) !== TIMED_OUT;
    const unfinished = consumer.abandon();
    if (!finished) {
      seat.logger.warn(unfinishedAtStopMessage(label, unfinished, timeoutMs, reclaimIdleMs));
    }
    // Both wait on the broker, which may not answer (a client queues commands while it
    // reconnects): raced against the time left, so stop() ends whatever the broker does.
    let step: StreamStopStep = 'ending its read';
    const done = await bound.within(
      (async () => {
        await reading;
        step = 'sending its last acknowledgements';
        await acks.flush();
        step = 'leaving the group';
        if (consumer.leaveGroup) await leaveGroup(seat, label);
      })(),
    );
    if (done === TIMED_OUT) {
      const waited = timeoutMs + STOP_GRACE_MS;
      seat.logger.warn(
        stopGaveUpMessage(label, seat.group, waited, step, acks.size, reclaimIdleMs),
      );
    }
  } finally {
    drain.cancel();
    bound.cancel();
    acks.cancel(); // acknowledgements not sent by now stay pending
  }
}
