import { isInt64, requireArguments } from '../arg-checks';
import type { CoreContext } from '../core.context';
import { BrokerReplyError, ReplyText } from '../reply-error';
import { ConsumerGroup } from './consumer-group';
import { autoClaim, claim, planAutoClaim, planClaim } from './group-claim';
import { groupLag } from './group-lag';
import { readGroup } from './group-read';
import { GroupText } from './group.messages';
import { compareNames } from './name-order';
import { formatId, parseId, parseRangeBound, ZERO_ID } from './stream-id';
import type { StoredEntry, StreamLog } from './stream-log';
import type {
  AutoClaimResult,
  ConsumerInfo,
  GroupInfo,
  PendingEntry,
  PendingRangeQuery,
  PendingReadEntry,
  PendingSummary,
  StreamEntry,
  StreamOffset,
  StreamReadResult,
  XAutoClaimOptions,
  XClaimOptions,
  XGroupCreateOptions,
  XReadGroupOptions,
} from './stream.types';
import { StreamValue } from './stream.value';

/**
 * Consumer groups with Redis 7.0 semantics (redis-semantics.md §5): XGROUP, XREADGROUP, XACK,
 * XPENDING, XCLAIM, XAUTOCLAIM and XINFO GROUPS / CONSUMERS. Arguments are checked in the order
 * Redis checks them, so an invalid call fails with the same error on both backends.
 */
export class GroupCommands {
  constructor(private readonly ctx: CoreContext) {}

  /** XGROUP CREATE: `id` may be `$` (the stream's last id) or any explicit id. */
  xgroupCreate(key: string, group: string, id: string, options: XGroupCreateOptions = {}): 'OK' {
    const entriesRead = checkEntriesRead(options.entriesRead);
    let stream = this.lookup(key);
    if (!stream && !options.mkStream) throw new BrokerReplyError(GroupText.keyRequired);
    const lastId = id === '$' ? (stream?.lastId ?? ZERO_ID) : parseId(id, 0n, true);
    if (!stream) {
      stream = new StreamValue();
      this.ctx.keyspace.set(key, stream);
    }
    if (stream.groups.has(group)) throw new BrokerReplyError(GroupText.busyGroup);
    stream.groups.set(group, new ConsumerGroup(group, lastId, entriesRead));
    return 'OK';
  }

  /** XGROUP SETID: moves the last-delivered id (also backwards); `-` and `+` are accepted. */
  xgroupSetId(key: string, group: string, id: string, entriesRead?: number): 'OK' {
    const counter = checkEntriesRead(entriesRead);
    const { stream, group: found } = this.xgroupTarget(key, group);
    found.lastId = id === '$' ? stream.lastId : parseId(id);
    found.entriesRead = counter;
    return 'OK';
  }

  /** XGROUP DESTROY: 1 if the group existed; its blocked readers get a NOGROUP error. */
  xgroupDestroy(key: string, group: string): number {
    const stream = this.lookup(key);
    if (!stream) throw new BrokerReplyError(GroupText.keyRequired);
    if (!stream.groups.delete(group)) return 0;
    this.ctx.blocking.signal(key);
    this.ctx.blocking.handleReady();
    return 1;
  }

  /** XGROUP CREATECONSUMER: 1 if created, 0 if it existed. */
  xgroupCreateConsumer(key: string, group: string, consumer: string): number {
    const { group: found } = this.xgroupTarget(key, group);
    return found.createConsumer(consumer, this.ctx.clock.now()) ? 1 : 0;
  }

  /** XGROUP DELCONSUMER: the consumer's pending count; those entries leave the group PEL too. */
  xgroupDelConsumer(key: string, group: string, consumer: string): number {
    return this.xgroupTarget(key, group).group.deleteConsumer(consumer);
  }

  /**
   * XREADGROUP: `>` reads new entries (and may block with `blockMs`); an explicit id reads the
   * consumer's own pending entries after it. Resolves null when nothing was served; a blocked
   * read is also answered null on timeout or when `options.signal` aborts.
   */
  async xreadgroup(
    group: string,
    consumer: string,
    streams: StreamOffset[],
    options: XReadGroupOptions = {},
  ): Promise<StreamReadResult<PendingReadEntry>[] | null> {
    return readGroup(this.ctx, group, consumer, streams, options);
  }

  /** XACK: ids removed from the PEL; 0 for a missing key or group; all ids parsed first. */
  xack(key: string, group: string, ids: string[]): number {
    requireArguments(ids, 'xack');
    const found = this.lookup(key)?.groups.get(group);
    if (!found) return 0;
    const parsed = ids.map((id) => parseId(id, 0n, true));
    let acked = 0;
    for (const id of parsed) if (found.forget(id)) acked++;
    return acked;
  }

  /** XPENDING summary: count, smallest and greatest id, and per-consumer counts in name order. */
  xpending(key: string, group: string): PendingSummary {
    const { group: found } = this.pendingTarget(key, group);
    const first = found.pel.first();
    const last = found.pel.last();
    if (!first || !last) return { count: 0, smallestId: null, greatestId: null, consumers: null };
    const consumers = found
      .sortedConsumers()
      .filter((c) => c.pel.size > 0)
      .map((c) => ({ name: c.name, pending: c.pel.size }));
    return {
      count: found.pel.size,
      smallestId: formatId(first.id),
      greatestId: formatId(last.id),
      consumers,
    };
  }

  /** XPENDING extended form: pending entries in id order, filtered by range, idle time and owner. */
  xpendingRange(key: string, group: string, query: PendingRangeQuery): PendingEntry[] {
    const minIdle = query.idleMs ?? 0;
    if (!isInt64(minIdle) || !isInt64(query.count))
      throw new BrokerReplyError(ReplyText.notInteger);
    const start = parseRangeBound(query.start, 'start');
    const end = parseRangeBound(query.end, 'end');
    const { group: found } = this.pendingTarget(key, group);
    let pel = found.pel;
    if (query.consumer !== undefined) {
      const consumer = found.lookupConsumer(query.consumer);
      if (!consumer) return [];
      pel = consumer.pel;
    }
    const now = this.ctx.clock.now();
    const rows: PendingEntry[] = [];
    if (query.count <= 0) return rows;
    for (const { id, value: nack } of pel.entries(start)) {
      if (id > end || rows.length >= query.count) break;
      const idle = now - nack.deliveryTime;
      // Any non-zero IDLE filters, as in Redis; a negative one lets every entry through.
      if (minIdle !== 0 && idle < minIdle) continue;
      rows.push({
        id: formatId(id),
        consumer: nack.consumer?.name ?? '',
        idleMs: Math.max(0, idle),
        deliveryCount: nack.deliveryCount,
      });
    }
    return rows;
  }

  /** XCLAIM: the entries claimed, in argument order. */
  xclaim(
    key: string,
    group: string,
    consumer: string,
    minIdleMs: number,
    ids: string[],
    options: XClaimOptions = {},
  ): StreamEntry[] {
    return this.claimEntries(key, group, consumer, minIdleMs, ids, options, false).map(
      toStreamEntry,
    );
  }

  /** XCLAIM ... JUSTID: the ids claimed; delivery counts are left as they are. */
  xclaimJustId(
    key: string,
    group: string,
    consumer: string,
    minIdleMs: number,
    ids: string[],
    options: XClaimOptions = {},
  ): string[] {
    return this.claimEntries(key, group, consumer, minIdleMs, ids, options, true).map((e) =>
      formatId(e.id),
    );
  }

  /** XAUTOCLAIM: claims idle pending entries from `start`; returns the cursor, entries and deleted ids. */
  xautoclaim(
    key: string,
    group: string,
    consumer: string,
    minIdleMs: number,
    start: string,
    options: XAutoClaimOptions = {},
  ): AutoClaimResult<StreamEntry> {
    return this.autoClaimEntries(
      key,
      group,
      consumer,
      minIdleMs,
      start,
      options,
      false,
      toStreamEntry,
    );
  }

  /** XAUTOCLAIM ... JUSTID: as {@link xautoclaim} with ids only and counts left as they are. */
  xautoclaimJustId(
    key: string,
    group: string,
    consumer: string,
    minIdleMs: number,
    start: string,
    options: XAutoClaimOptions = {},
  ): AutoClaimResult<string> {
    return this.autoClaimEntries(key, group, consumer, minIdleMs, start, options, true, (e) =>
      formatId(e.id),
    );
  }

  /** XINFO GROUPS: every group in name order, with entries-read and lag (7.0 algorithm). */
  xinfoGroups(key: string): GroupInfo[] {
    const stream = this.lookup(key);
    if (!stream) throw new BrokerReplyError(GroupText.noSuchKey);
    return [...stream.groups.values()]
      .sort((a, b) => compareNames(a.name, b.name))
      .map((g) => ({
        name: g.name,
        consumers: g.consumers.size,
        pending: g.pel.size,
        lastDeliveredId: formatId(g.lastId),
        entriesRead: g.entriesRead,
        lag: groupLag(stream, g),
      }));
  }

  /** XINFO CONSUMERS: the group's consumers in name order, with pending count and idle time. */
  xinfoConsumers(key: string, group: string): ConsumerInfo[] {
    const stream = this.lookup(key);
    if (!stream) throw new BrokerReplyError(GroupText.noSuchKey);
    const found = stream.groups.get(group);
    if (!found) throw new BrokerReplyError(GroupText.noGroupForKey(group, key));
    const now = this.ctx.clock.now();
    return found.sortedConsumers().map((c) => ({
      name: c.name,
      pending: c.pel.size,
      idleMs: Math.max(0, now - c.seenTime),
    }));
  }

  private lookup(key: string): StreamLog | undefined {
    return this.ctx.keyspace.lookup<StreamLog>(key, 'stream');
  }

  /** Key and group of XGROUP SETID / CREATECONSUMER / DELCONSUMER, with their errors. */
  private xgroupTarget(key: string, group: string): GroupTarget {
    const stream = this.lookup(key);
    if (!stream) throw new BrokerReplyError(GroupText.keyRequired);
    const found = stream.groups.get(group);
    if (!found) throw new BrokerReplyError(GroupText.noGroupForKey(group, key));
    return { stream, group: found };
  }

  /** Key and group of XPENDING / XCLAIM / XAUTOCLAIM, with their NOGROUP wording. */
  private pendingTarget(key: string, group: string): GroupTarget {
    const stream = this.lookup(key);
    const found = stream?.groups.get(group);
    if (!stream || !found) throw new BrokerReplyError(GroupText.noKeyOrGroup(key, group));
    return { stream, group: found };
  }

  private claimEntries(
    key: string,
    group: string,
    consumer: string,
    minIdleMs: number,
    ids: string[],
    options: XClaimOptions,
    justId: boolean,
  ): StoredEntry[] {
    // Redis's arity is 6 words: JUSTID or any option stands in for the missing ids (§5.8).
    if (!justId && !hasClaimOption(options)) requireArguments(ids, 'xclaim');
    const { stream, group: found } = this.pendingTarget(key, group);
    const now = this.ctx.clock.now();
    const plan = planClaim(minIdleMs, ids, options, now);
    return claim(stream, found, consumer, plan, justId, now);
  }

  private autoClaimEntries<C>(
    key: string,
    group: string,
    consumer: string,
    minIdleMs: number,
    start: string,
    options: XAutoClaimOptions,
    justId: boolean,
    format: (entry: StoredEntry) => C,
  ): AutoClaimResult<C> {
    const plan = planAutoClaim(minIdleMs, start, options);
    const { stream, group: found } = this.pendingTarget(key, group);
    const now = this.ctx.clock.now();
    const outcome = autoClaim(stream, found, consumer, plan, justId, now);
    return {
      nextId: formatId(outcome.nextId),
      claimed: outcome.claimed.map(format),
      deletedIds: outcome.deletedIds.map(formatId),
    };
  }
}

/** A stream and one of its groups, found for a command that needs both. */
interface GroupTarget {
  readonly stream: StreamLog;
  readonly group: ConsumerGroup;
}

/** ENTRIESREAD: a non-negative integer or -1 (invalid counter, kept as null). */
function checkEntriesRead(value: number | undefined): number | null {
  if (value === undefined) return null;
  if (!isInt64(value)) throw new BrokerReplyError(ReplyText.notInteger);
  if (value < 0 && value !== -1) throw new BrokerReplyError(GroupText.entriesRead);
  return value === -1 ? null : value;
}

function toStreamEntry(entry: StoredEntry): StreamEntry {
  return { id: formatId(entry.id), fields: entry.fields };
}

/** Whether XCLAIM's command line carries an option word after the ids. */
function hasClaimOption(options: XClaimOptions): boolean {
  return (
    options.idleMs !== undefined ||
    options.timeMs !== undefined ||
    options.retryCount !== undefined ||
    options.force === true ||
    options.lastId !== undefined
  );
}
