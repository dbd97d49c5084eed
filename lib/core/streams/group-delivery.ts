import type { Consumer, ConsumerGroup } from './consumer-group';
import { countDelivery } from './group-lag';
import { formatId, type StreamId } from './stream-id';
import type { StreamLog } from './stream-log';
import type { PendingReadEntry } from './stream.types';

/**
 * Serves XREADGROUP `>` (redis-semantics.md §5.3): entries after the group's last id, at most
 * `count` (≤ 0 = all). Each one advances the group's last id and read counter and, unless
 * `noAck`, becomes pending for `consumer`.
 */
export function deliverNew(
  stream: StreamLog,
  group: ConsumerGroup,
  consumer: Consumer,
  count: number,
  noAck: boolean,
  now: number,
): PendingReadEntry[] {
  const entries = stream.entriesAfter(group.lastId, count);
  const reply: PendingReadEntry[] = [];
  for (const entry of entries) {
    countDelivery(stream, group, entry.id);
    group.lastId = entry.id;
    if (!noAck) group.deliver(entry.id, consumer, now);
    reply.push({ id: formatId(entry.id), fields: entry.fields });
  }
  return reply;
}

/**
 * Serves XREADGROUP with an explicit id (§5.4): the consumer's own pending entries after `after`.
 * A live entry counts as delivered again; a deleted one is answered with `fields: null` and its
 * pending entry is left exactly as it was.
 */
export function readHistory(
  stream: StreamLog,
  consumer: Consumer,
  after: StreamId,
  count: number,
  now: number,
): PendingReadEntry[] {
  const reply: PendingReadEntry[] = [];
  for (const { id, value: nack } of consumer.pel.entries(after + 1n)) {
    if (count > 0 && reply.length >= count) break;
    const fields = stream.get(id);
    if (fields === undefined) {
      reply.push({ id: formatId(id), fields: null });
      continue;
    }
    nack.deliveryTime = now;
    nack.deliveryCount++;
    reply.push({ id: formatId(id), fields });
  }
  return reply;
}
