import type { BlockingOptions } from '../lists/list.types';

/** A stream entry: id (`ms-seq`) and flat field/value pairs (`[f1, v1, f2, v2, ...]`). */
export interface StreamEntry {
  readonly id: string;
  readonly fields: string[];
}

/**
 * An entry read from a consumer's own pending list (XREADGROUP with an explicit id): `fields` is
 * `null` when the entry was deleted or trimmed from the stream but is still pending.
 */
export interface PendingReadEntry {
  readonly id: string;
  readonly fields: string[] | null;
}

/** One stream of an XREAD / XREADGROUP reply: the key and its entries, in id order. */
export type StreamReadResult<E = StreamEntry> = [key: string, entries: E[]];

/** A stream key and the id to read after (`$` for XREAD = last id now; `>` for XREADGROUP = new). */
export interface StreamOffset {
  readonly key: string;
  readonly id: string;
}

/** Trimming, as XADD's and XTRIM's MAXLEN / MINID arguments. */
export interface StreamTrim {
  /** `MAXLEN`: keep at most `threshold` entries; `MINID`: drop entries with id < `threshold`. */
  readonly strategy: 'MAXLEN' | 'MINID';
  /** MAXLEN: the entry count to keep; MINID: the smallest id to keep (`ms` or `ms-seq`). */
  readonly threshold: number | string;
  /**
   * `~`: trim whole macro nodes only (cheaper; may keep a few more); otherwise exact (`=`).
   * @default false
   */
  readonly approximate?: boolean;
  /**
   * With `approximate` only: at most this many entries removed (0 = unlimited).
   * @default 100 × the stream's node size, as Redis
   */
  readonly limit?: number;
}

/** XADD's options. */
export interface XAddOptions {
  /**
   * Do not create a missing stream; the reply is then `null`.
   * @default false
   */
  readonly noMkStream?: boolean;
  /**
   * Trim the stream after adding, as XADD's MAXLEN / MINID arguments.
   * @default undefined (no trimming)
   */
  readonly trim?: StreamTrim;
}

/** XREAD's options. */
export interface XReadOptions extends BlockingOptions {
  /**
   * At most this many entries per stream; 0 or negative = unlimited.
   * @default undefined (unlimited; a blocked read is served at most 1000)
   */
  readonly count?: number;
  /**
   * Block for this many ms when nothing is there (0 = forever).
   * @default undefined (do not block)
   */
  readonly blockMs?: number;
}

/** XREADGROUP's options. */
export interface XReadGroupOptions extends XReadOptions {
  /**
   * Do not add delivered entries to the pending entries list.
   * @default false
   */
  readonly noAck?: boolean;
}

/** XGROUP CREATE's options. */
export interface XGroupCreateOptions {
  /**
   * Create the stream (empty) when missing.
   * @default false
   */
  readonly mkStream?: boolean;
  /**
   * The group's entries-read counter (lag is computed from it); -1 = unknown.
   * @default undefined (unknown, as -1)
   */
  readonly entriesRead?: number;
}

/** XPENDING summary. `smallestId`, `greatestId` and `consumers` are `null` when nothing is pending. */
export interface PendingSummary {
  readonly count: number;
  readonly smallestId: string | null;
  readonly greatestId: string | null;
  readonly consumers: Array<{ readonly name: string; readonly pending: number }> | null;
}

/** Extended XPENDING query. */
export interface PendingRangeQuery {
  /** Smallest id: `-`, `ms`, `ms-seq` or `(id` (exclusive). */
  readonly start: string;
  /** Greatest id: `+`, `ms`, `ms-seq` or `(id` (exclusive). */
  readonly end: string;
  /** At most this many entries. */
  readonly count: number;
  /**
   * Only entries idle for at least this many ms.
   * @default undefined (any idle time)
   */
  readonly idleMs?: number;
  /**
   * Only this consumer's entries.
   * @default undefined (every consumer)
   */
  readonly consumer?: string;
}

/** One pending entry of the extended XPENDING form. */
export interface PendingEntry {
  readonly id: string;
  readonly consumer: string;
  readonly idleMs: number;
  readonly deliveryCount: number;
}

/** XCLAIM's options. */
export interface XClaimOptions {
  /**
   * Set the idle time (delivery time = now − idleMs).
   * @default undefined (idle time 0: delivered now)
   */
  readonly idleMs?: number;
  /**
   * Set the delivery time (unix ms); wins over `idleMs`.
   * @default undefined
   */
  readonly timeMs?: number;
  /**
   * Set the delivery count instead of incrementing it.
   * @default undefined (incremented)
   */
  readonly retryCount?: number;
  /**
   * Create pending entries for ids that exist in the stream but are not pending.
   * @default false
   */
  readonly force?: boolean;
  /**
   * Move the group's last-delivered id forward to this id if it is greater.
   * @default undefined
   */
  readonly lastId?: string;
}

/** XAUTOCLAIM's options. */
export interface XAutoClaimOptions {
  /**
   * Entries to claim at most; the scan looks at up to 10 × count pending entries.
   * @default 100
   */
  readonly count?: number;
}

/** XAUTOCLAIM reply. `nextId` is `0-0` when the scan reached the end of the pending list. */
export interface AutoClaimResult<C = StreamEntry> {
  readonly nextId: string;
  readonly claimed: C[];
  /** Pending ids whose entries no longer exist; they were removed from the pending list. */
  readonly deletedIds: string[];
}

/** XINFO STREAM (the fields that are not storage internals). */
export interface StreamInfo {
  readonly length: number;
  readonly lastGeneratedId: string;
  readonly maxDeletedEntryId: string;
  readonly entriesAdded: number;
  readonly recordedFirstEntryId: string;
  readonly groups: number;
  readonly firstEntry: StreamEntry | null;
  readonly lastEntry: StreamEntry | null;
}

/** XINFO GROUPS row. `entriesRead` and `lag` are `null` where Redis answers nil. */
export interface GroupInfo {
  readonly name: string;
  readonly consumers: number;
  readonly pending: number;
  readonly lastDeliveredId: string;
  readonly entriesRead: number | null;
  readonly lag: number | null;
}

/** XINFO CONSUMERS row. */
export interface ConsumerInfo {
  readonly name: string;
  readonly pending: number;
  readonly idleMs: number;
}
