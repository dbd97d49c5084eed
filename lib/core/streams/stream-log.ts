import type { KeyValue } from '../keyspace';
import type { ConsumerGroup } from './consumer-group';
import type { StreamId } from './stream-id';

/** A live entry as stored: packed id and flat field/value pairs. */
export interface StoredEntry {
  readonly id: StreamId;
  readonly fields: string[];
}

/**
 * What consumer groups need from a stream's storage (the data side of redis-semantics.md §4 / §5.1).
 * Implemented by the stream value held in the keyspace.
 */
export interface StreamLog extends KeyValue {
  readonly type: 'stream';
  /** Live entries. */
  readonly length: number;
  /** last_id: the greatest id ever generated (never lowered by XDEL / XTRIM). */
  readonly lastId: StreamId;
  /** Every successful XADD, also when immediately trimmed. */
  readonly entriesAdded: number;
  /** Greatest id removed by XDEL (XTRIM does not change it); 0n when none. */
  readonly maxDeletedId: StreamId;
  /** Id of the first live entry; 0n when empty. */
  readonly firstId: StreamId;
  /** Id of the last live entry; 0n when empty. */
  readonly lastLiveId: StreamId;
  /** Consumer groups by name, in creation order. */
  readonly groups: Map<string, ConsumerGroup>;
  /** The fields of a live entry, or undefined when it does not exist (never added, deleted, trimmed). */
  get(id: StreamId): string[] | undefined;
  /** Live entries with id strictly greater than `after`, in id order, at most `count` (≤ 0 = all). */
  entriesAfter(after: StreamId, count: number): StoredEntry[];
}
