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
  readonly threshold: number | string;
  /** `~`: trim whole macro nodes only (cheaper; may keep a few more). Default false (`=`). */
  readonly approximate?: boolean;
  /** With `approximate`: at most this many entries removed (0 = unlimited). Default 100 × node size. */
  readonly limit?: number;
}

export interface XAddOptions {
  /** Do not create a missing stream; the reply is then `null`. Default false. */
  readonly noMkStream?: boolean;
  readonly trim?: StreamTrim;
}

export interface XReadOptions extends BlockingOptions {
  /** At most this many entries per stream; 0 or negative = unlimited. */
  readonly count?: number;
  /** Block for this many ms when nothing is there (0 = forever). Omitted = do not block. */
  readonly blockMs?: number;
}

export interface XReadGroupOptions extends XReadOptions {
  /** Do not add delivered entries to the pending entries list. Default false. */
  readonly noAck?: boolean;
}

export interface XGroupCreateOptions {
  /** Create the stream (empty) when missing. Default false. */
  readonly mkStream?: boolean;
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
  readonly start: string;
  readonly end: string;
  readonly count: number;
  /** Only entries idle for at least this many ms. */
  readonly idleMs?: number;
  readonly consumer?: string;
}

/** One pending entry of the extended XPENDING form. */
export interface PendingEntry {
  readonly id: string;
  readonly consumer: string;
  readonly idleMs: number;
  readonly deliveryCount: number;
}

export interface XClaimOptions {
  /** Set the idle time (delivery time = now − idleMs). */
  readonly idleMs?: number;
  /** Set the delivery time (unix ms). */
  readonly timeMs?: number;
  /** Set the delivery count instead of incrementing it. */
  readonly retryCount?: number;
  /** Create pending entries for ids that exist in the stream but are not pending. */
  readonly force?: boolean;
  /** Move the group's last-delivered id forward to this id if it is greater. */
  readonly lastId?: string;
}

export interface XAutoClaimOptions {
  /** Entries to claim at most (default 100); the scan looks at up to 10 × count pending entries. */
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
