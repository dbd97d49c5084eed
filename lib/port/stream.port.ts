import type {
  AutoClaimResult,
  ConsumerInfo,
  GroupInfo,
  PendingEntry,
  PendingRangeQuery,
  PendingReadEntry,
  PendingSummary,
  StreamEntry,
  StreamInfo,
  StreamOffset,
  StreamReadResult,
  StreamTrim,
  XAddOptions,
  XAutoClaimOptions,
  XClaimOptions,
  XGroupCreateOptions,
  XReadGroupOptions,
  XReadOptions,
} from '../core/streams/stream.types';

/** Stream and consumer-group commands, with Redis 7.0 semantics. */
export interface StreamPort {
  /** XADD: `id` is `*`, `ms-*`, `ms` or `ms-seq`. Resolves to the new id; `null` with noMkStream on a missing key. */
  xadd(key: string, id: string, fields: string[], options?: XAddOptions): Promise<string | null>;
  /** XLEN: live entries; 0 when the key is missing. */
  xlen(key: string): Promise<number>;
  /** XRANGE: `start`/`end` accept `-`, `+`, `ms`, `ms-seq`, `(id`. `null` when count ≤ 0 is given. */
  xrange(key: string, start: string, end: string, count?: number): Promise<StreamEntry[] | null>;
  /** XREVRANGE: newest first, from `end` down to `start`. */
  xrevrange(key: string, end: string, start: string, count?: number): Promise<StreamEntry[] | null>;
  /** Entries whose id time part lies in [fromMs, toMs] (inclusive), oldest first, up to `count`. */
  xrangeByTime(key: string, fromMs: number, toMs: number, count?: number): Promise<StreamEntry[]>;
  /** XDEL: number of entries deleted. Pending entries lists are untouched. */
  xdel(key: string, ids: string[]): Promise<number>;
  /** XTRIM: number of entries removed. */
  xtrim(key: string, trim: StreamTrim): Promise<number>;
  /** XREAD: streams with entries after the given ids; `null` when none (or on timeout). */
  xread(streams: StreamOffset[], options?: XReadOptions): Promise<StreamReadResult[] | null>;

  /** XGROUP CREATE: `id` is `$` (the stream's last id) or an explicit id. */
  xgroupCreate(
    key: string,
    group: string,
    id: string,
    options?: XGroupCreateOptions,
  ): Promise<'OK'>;
  /** XGROUP SETID: moves the group's last-delivered id (also backwards). */
  xgroupSetId(key: string, group: string, id: string, entriesRead?: number): Promise<'OK'>;
  /** Resolves to 1 when the group existed, 0 otherwise. */
  xgroupDestroy(key: string, group: string): Promise<number>;
  /** Resolves to 1 when created, 0 when it existed. */
  xgroupCreateConsumer(key: string, group: string, consumer: string): Promise<number>;
  /** Resolves to the number of pending entries the consumer had (they are dropped). */
  xgroupDelConsumer(key: string, group: string, consumer: string): Promise<number>;
  /**
   * XREADGROUP. With `>`: new entries (may block). With an explicit id: the consumer's own pending
   * entries after it, `fields: null` for deleted ones (never blocks).
   */
  xreadgroup(
    group: string,
    consumer: string,
    streams: StreamOffset[],
    options?: XReadGroupOptions,
  ): Promise<StreamReadResult<PendingReadEntry>[] | null>;
  /** XACK: number of ids removed from the pending entries list. */
  xack(key: string, group: string, ids: string[]): Promise<number>;
  /** XPENDING summary: count, smallest and greatest id, per-consumer counts. */
  xpending(key: string, group: string): Promise<PendingSummary>;
  /** XPENDING extended form: pending entries in id order, filtered by the query. */
  xpendingRange(key: string, group: string, query: PendingRangeQuery): Promise<PendingEntry[]>;
  /** XCLAIM: the entries claimed (deleted ones are dropped from the PEL and not returned). */
  xclaim(
    key: string,
    group: string,
    consumer: string,
    minIdleMs: number,
    ids: string[],
    options?: XClaimOptions,
  ): Promise<StreamEntry[]>;
  /** XCLAIM ... JUSTID: ids only; delivery counts are not incremented. */
  xclaimJustId(
    key: string,
    group: string,
    consumer: string,
    minIdleMs: number,
    ids: string[],
    options?: XClaimOptions,
  ): Promise<string[]>;
  /** XAUTOCLAIM: claims idle pending entries from `start`; the next cursor, entries, deleted ids. */
  xautoclaim(
    key: string,
    group: string,
    consumer: string,
    minIdleMs: number,
    start: string,
    options?: XAutoClaimOptions,
  ): Promise<AutoClaimResult<StreamEntry>>;
  /** XAUTOCLAIM ... JUSTID: ids only; delivery counts are not incremented. */
  xautoclaimJustId(
    key: string,
    group: string,
    consumer: string,
    minIdleMs: number,
    start: string,
    options?: XAutoClaimOptions,
  ): Promise<AutoClaimResult<string>>;
  /** XINFO STREAM (without FULL). */
  xinfoStream(key: string): Promise<StreamInfo>;
  /** XINFO GROUPS: every group in name order, with entries-read and lag. */
  xinfoGroups(key: string): Promise<GroupInfo[]>;
  /** XINFO CONSUMERS: the group's consumers in name order, with pending count and idle time. */
  xinfoConsumers(key: string, group: string): Promise<ConsumerInfo[]>;
}
