import { BrokerClosedError } from '../../core/broker.errors';
import { BrokerReplyError } from '../../core/reply-error';
import { summarizeError } from '../error-summary';
import type { GroupSeat } from './claim-back';
import { consumerNameInUseMessage } from './stream-consumer.messages';

/**
 * Whether another live instance seems to use this consumer's name: XINFO CONSUMERS lists it with
 * entries pending, touched less than `reclaimIdleMs` ago (live consumers keep the entries they
 * handle fresh; a dead one's go idle). Logged as a warning when so. A failed look is logged and
 * taken for no: it is a diagnosis, not a reason not to start.
 */
export async function consumerNameInUse(
  seat: GroupSeat,
  label: string,
  reclaimIdleMs: number,
): Promise<boolean> {
  const { port, stream, group, consumer, logger } = seat;
  let found: { readonly pending: number; readonly idleMs: number } | undefined;
  try {
    found = (await port.xinfoConsumers(stream, group)).find((c) => c.name === consumer);
  } catch (error) {
    if (!(error instanceof BrokerClosedError)) {
      logger.warn(
        `${label}: could not check whether another instance uses consumer name "${consumer}" ` +
          `(XINFO CONSUMERS: ${summarizeError(error).message}); starting anyway.`,
      );
    }
    return false;
  }
  if (!found || found.pending === 0 || found.idleMs >= reclaimIdleMs) return false;
  logger.warn(consumerNameInUseMessage(label, seat, found, reclaimIdleMs));
  return true;
}

/**
 * Deletes this consumer from its group (XGROUP DELCONSUMER) when it has nothing pending, so that
 * consumers named per process start — the default — do not pile up in XINFO CONSUMERS, one per
 * deploy. DELCONSUMER drops the consumer's pending entries, which could then never be delivered
 * again: it is only sent when XPENDING says there are none. Never rejects: a consumer left in the
 * group is harmless, and a group that is gone has nothing to leave.
 */
export async function leaveGroup(seat: GroupSeat, label: string): Promise<void> {
  const { port, stream, group, consumer, logger } = seat;
  try {
    const query = { start: '-', end: '+', count: 1, consumer };
    if ((await port.xpendingRange(stream, group, query)).length > 0) return;
    const dropped = await port.xgroupDelConsumer(stream, group, consumer);
    if (dropped === 0) return;
    logger.error(
      `${label}: ${dropped} entries were delivered to consumer "${consumer}" of group "${group}" ` +
        `while it was leaving the group, and were dropped with it: they stay in stream ` +
        `"${stream}" but will not be delivered to this group again. Another instance uses the ` +
        `same consumer name: give each instance its own (e.g. add the hostname or pod name).`,
    );
  } catch (error) {
    if (error instanceof BrokerClosedError) return;
    if (error instanceof BrokerReplyError && error.code === 'NOGROUP') return;
    logger.warn(
      `${label}: could not leave group "${group}" of stream "${stream}" ` +
        `(${summarizeError(error).message}); consumer "${consumer}" stays listed in XINFO ` +
        `CONSUMERS (harmless; XGROUP DELCONSUMER removes it).`,
    );
  }
}
