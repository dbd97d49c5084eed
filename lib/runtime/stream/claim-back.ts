import type { BrokerLogger } from '../../core/broker-logger';
import type { PendingEntry } from '../../core/streams/stream.types';
import type { BrokerPort } from '../../port/broker.port';
import { logLostEntries } from './stream-reclaimer';

/** One consumer's place in a group. */
export interface GroupSeat {
  readonly port: BrokerPort;
  readonly logger: BrokerLogger;
  readonly stream: string;
  readonly group: string;
  readonly consumer: string;
}

/**
 * After a failed entry's backoff: claims it back for its next delivery, unless another consumer
 * took it meanwhile. XCLAIM with min-idle = the wait does that atomically — a consumer that
 * claimed it since reset its idle time — and counts the delivery. Resolves to the group's delivery
 * count after the claim, or undefined when the entry is not this consumer's to deliver any more
 * (claimed by another, acknowledged, or trimmed away, which is logged).
 */
export async function claimBack(
  seat: GroupSeat,
  id: string,
  waitedMs: number,
): Promise<number | undefined> {
  const { port, stream, group, consumer } = seat;
  if ((await port.xclaim(stream, group, consumer, waitedMs, [id])).length === 0) {
    // A host timer may fire a little before the broker's clock says `waitedMs` passed: the entry
    // is then still ours and merely not idle enough.
    const owner = await pendingOf(seat, id);
    if (owner?.consumer !== consumer) {
      if (!owner && (await port.xrange(stream, id, id))?.length === 0) {
        logLostEntries(seat.logger, stream, group, [id]);
      }
      return undefined;
    }
    if ((await port.xclaim(stream, group, consumer, 0, [id])).length === 0) return undefined;
  }
  return (await pendingOf(seat, id))?.deliveryCount;
}

async function pendingOf(seat: GroupSeat, id: string): Promise<PendingEntry | undefined> {
  const [entry] = await seat.port.xpendingRange(seat.stream, seat.group, {
    start: id,
    end: id,
    count: 1,
  });
  return entry;
}
