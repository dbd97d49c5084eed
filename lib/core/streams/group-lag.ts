import type { ConsumerGroup } from './consumer-group';
import { MAX_ID, ZERO_ID, type StreamId } from './stream-id';
import type { StreamLog } from './stream-log';

/*
 * entries-read and lag, Redis 7.0's algorithm (redis-semantics.md §5.11): a group counts the
 * entries it has read while it can be sure the count is exact, and otherwise re-estimates it from
 * the stream's counters. 7.2 changed the estimate; this is deliberately the 7.0 one.
 */

/** Whether an XDEL tombstone may lie in [from, end]: the stream is then fragmented there. */
export function hasTombstones(stream: StreamLog, from: StreamId, end: StreamId = MAX_ID): boolean {
  const maxDeleted = stream.maxDeletedId;
  if (stream.length === 0 || maxDeleted === ZERO_ID) return false;
  if (stream.firstId > maxDeleted) return false;
  return from <= maxDeleted && maxDeleted <= end;
}

/**
 * The logical read counter of `id` (how many entries were ever added up to it), or `null` when it
 * cannot be known (Redis's streamEstimateDistanceFromFirstEverEntry).
 */
export function estimateEntriesRead(stream: StreamLog, id: StreamId): number | null {
  if (stream.entriesAdded === 0) return 0;
  if (stream.length === 0 && id <= stream.lastId) return stream.entriesAdded;
  if (id === stream.lastId) return stream.entriesAdded;
  if (id > stream.lastId) return null;
  const maxDeleted = stream.maxDeletedId;
  if (maxDeleted === ZERO_ID || maxDeleted < stream.firstId) {
    // No fragmentation ahead of the first entry.
    if (id < stream.firstId) return stream.entriesAdded - stream.length;
    if (id === stream.firstId) return stream.entriesAdded - stream.length + 1;
  }
  return null;
}

/** Updates the group's counter for the delivery of `id` (> its last id) by XREADGROUP `>`. */
export function countDelivery(stream: StreamLog, group: ConsumerGroup, id: StreamId): void {
  if (group.entriesRead !== null && !hasTombstones(stream, id)) group.entriesRead++;
  else if (stream.entriesAdded > 0) group.entriesRead = estimateEntriesRead(stream, id);
}

/** The group's lag: entries added but not yet read by it; `null` where Redis answers nil. */
export function groupLag(stream: StreamLog, group: ConsumerGroup): number | null {
  if (stream.entriesAdded === 0) return 0;
  if (group.entriesRead !== null && !hasTombstones(stream, group.lastId)) {
    return stream.entriesAdded - group.entriesRead;
  }
  const estimate = estimateEntriesRead(stream, group.lastId);
  return estimate === null ? null : stream.entriesAdded - estimate;
}
