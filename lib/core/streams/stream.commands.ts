import { requireArguments } from '../arg-checks';
import type { CoreContext } from '../core.context';
import { BrokerReplyError, ReplyText } from '../reply-error';
import {
  assertLimitAllowed,
  assertXAddArity,
  parseBlockMs,
  parseCount,
  parseTrim,
  rejectMissingStreams,
} from './stream-args';
import {
  formatId,
  InvalidIdText,
  makeId,
  MAX_ID,
  parseId,
  parseRangeBound,
  parseXAddId,
  type StreamId,
  U64_MAX,
  ZERO_ID,
} from './stream-id';
import { trimStream } from './stream-trim';
import type {
  StreamEntry,
  StreamInfo,
  StreamOffset,
  StreamReadResult,
  StreamTrim,
  XAddOptions,
  XReadOptions,
} from './stream.types';
import { type StreamNodeLimits, StreamValue } from './stream.value';
import { nextXAddId, XAddIdText } from './xadd-id';
import { readStreamEntry, XReadWaiter } from './xread-waiter';

/**
 * XADD, XLEN, XRANGE, XREVRANGE, XDEL, XTRIM, XREAD and XINFO STREAM with Redis 7.0 semantics
 * (redis-semantics.md §4). Arguments are checked in the order Redis checks them, so the same
 * invalid call fails with the same error on both backends.
 */
export class StreamCommands {
  constructor(
    private readonly ctx: CoreContext,
    /** Macro-node limits of streams created by XADD (tests use small nodes). */
    private readonly nodeLimits: StreamNodeLimits = {},
  ) {}

  /** XADD: the new id, or null with `noMkStream` on a missing key. */
  xadd(key: string, id: string, fields: string[], options: XAddOptions = {}): string | null {
    assertXAddArity(fields, options);
    const trim = options.trim ? parseTrim(options.trim) : undefined;
    const spec = parseXAddId(id);
    if (trim) assertLimitAllowed(trim);
    if (fields.length < 2 || fields.length % 2 !== 0)
      throw new BrokerReplyError(ReplyText.arity('xadd'));
    if (spec.kind === 'explicit' && spec.id === ZERO_ID)
      throw new BrokerReplyError(XAddIdText.zero);
    let stream = this.lookup(key);
    if (!stream) {
      if (options.noMkStream) return null;
      stream = new StreamValue(this.nodeLimits);
      this.ctx.keyspace.set(key, stream);
    }
    if (stream.lastId === MAX_ID) throw new BrokerReplyError(XAddIdText.exhausted);
    const newId = nextXAddId(stream.lastId, spec, this.ctx.clock.now());
    stream.append(newId, fields);
    if (trim) trimStream(stream, trim);
    this.ctx.blocking.signal(key);
    this.ctx.blocking.handleReady();
    return formatId(newId);
  }

  /** XLEN: live entries; 0 for a missing key. */
  xlen(key: string): number {
    return this.lookup(key)?.length ?? 0;
  }

  /** XRANGE: oldest first; `null` when COUNT ≤ 0 is given on an existing stream. */
  xrange(key: string, start: string, end: string, count?: number): StreamEntry[] | null {
    return this.range(key, start, end, count, false);
  }

  /** XREVRANGE: newest first, from `end` down to `start`. */
  xrevrange(key: string, end: string, start: string, count?: number): StreamEntry[] | null {
    return this.range(key, start, end, count, true);
  }

  /** Entries whose id time part lies in [fromMs, toMs], oldest first, at most `count`. */
  xrangeByTime(key: string, fromMs: number, toMs: number, count?: number): StreamEntry[] {
    const from = this.timeBound(fromMs);
    const to = this.timeBound(toMs);
    const limit = parseCount(count);
    const stream = this.lookup(key);
    if (!stream || limit === 0) return [];
    return stream.range(makeId(from, 0n), makeId(to, U64_MAX), limit ?? 0, false, readStreamEntry);
  }

  /** XDEL: entries actually deleted; every id is parsed before anything is deleted. */
  xdel(key: string, ids: string[]): number {
    requireArguments(ids, 'xdel');
    const stream = this.lookup(key);
    if (!stream) return 0;
    const parsed = ids.map((id) => parseId(id, 0n, true));
    let deleted = 0;
    for (const id of parsed) if (stream.delete(id)) deleted++;
    return deleted;
  }

  /** XTRIM: entries removed; 0 for a missing key. */
  xtrim(key: string, trim: StreamTrim): number {
    const args = parseTrim(trim);
    assertLimitAllowed(args);
    const stream = this.lookup(key);
    return stream ? trimStream(stream, args) : 0;
  }

  /**
   * XREAD: for each stream with entries after its id, `[key, entries]`; null when none. With
   * `blockMs` it waits for the first XADD past the ids (`$` = the last id now) and answers with
   * that one stream; a timeout or an aborted signal answers null.
   */
  async xread(
    streams: StreamOffset[],
    options: XReadOptions = {},
  ): Promise<StreamReadResult[] | null> {
    if (streams.length === 0) rejectMissingStreams('xread', options);
    this.ctx.assertSameSlot(streams.map((s) => s.key));
    const count = parseCount(options.count, 'xread') ?? 0;
    const blockMs =
      options.blockMs === undefined ? undefined : parseBlockMs(options.blockMs, 'xread');
    const after = streams.map(({ key, id }) => this.readStart(key, id));

    const reply: StreamReadResult[] = [];
    streams.forEach(({ key }, i) => {
      const stream = this.lookup(key);
      if (stream && stream.length > 0 && stream.lastLiveId > after[i]) {
        reply.push([key, stream.range(after[i] + 1n, MAX_ID, count, false, readStreamEntry)]);
      }
    });
    if (reply.length > 0) return reply;
    if (blockMs === undefined) return null;

    const byKey = new Map<string, StreamId>();
    streams.forEach(({ key }, i) => {
      if (!byKey.has(key)) byKey.set(key, after[i]);
    });
    return new Promise((resolve) => {
      const waiter = new XReadWaiter(this.ctx.keyspace, byKey, count, resolve);
      this.ctx.blocking.block(waiter, blockMs, options.signal);
    });
  }

  /** XINFO STREAM (without FULL); `ERR no such key` for a missing key. */
  xinfoStream(key: string): StreamInfo {
    const stream = this.lookup(key);
    if (!stream) throw new BrokerReplyError('ERR no such key');
    return {
      length: stream.length,
      lastGeneratedId: formatId(stream.lastId),
      maxDeletedEntryId: formatId(stream.maxDeletedId),
      entriesAdded: stream.entriesAdded,
      recordedFirstEntryId: formatId(stream.firstId),
      groups: stream.groups.size,
      firstEntry: stream.edge('first', readStreamEntry) ?? null,
      lastEntry: stream.edge('last', readStreamEntry) ?? null,
    };
  }

  private lookup(key: string): StreamValue | undefined {
    return this.ctx.keyspace.lookup<StreamValue>(key, 'stream');
  }

  /** XRANGE / XREVRANGE: ids (start first), COUNT, then the key; COUNT 0 → null only if it exists. */
  private range(
    key: string,
    start: string,
    end: string,
    count: number | undefined,
    reverse: boolean,
  ): StreamEntry[] | null {
    const from = parseRangeBound(start, 'start');
    const to = parseRangeBound(end, 'end');
    const limit = parseCount(count);
    const stream = this.lookup(key);
    if (!stream) return [];
    if (limit === 0) return null;
    return stream.range(from, to, limit ?? 0, reverse, readStreamEntry);
  }

  /** The id XREAD reads after, checking the key's type first (as Redis does, key by key). */
  private readStart(key: string, id: string): StreamId {
    const stream = this.lookup(key);
    if (id === '$') return stream?.lastId ?? ZERO_ID;
    if (id === '>') {
      throw new BrokerReplyError(
        'ERR The > ID can be specified only when calling XREADGROUP using the GROUP <group> <consumer> option.',
      );
    }
    return parseId(id, 0n, true);
  }

  /** A time bound of xrangeByTime: what XRANGE would accept as a bare `ms`. */
  private timeBound(ms: number): bigint {
    if (!Number.isInteger(ms) || ms < 0 || ms >= 2 ** 64) throw new BrokerReplyError(InvalidIdText);
    return BigInt(ms);
  }
}
