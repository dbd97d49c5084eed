import { BrokerError } from '../../core/broker.errors';
import type { RedisKeyType } from '../../port/broker.port';
import type { KeyedElement } from '../../core/lists/list.types';
import type { ChannelCount } from '../../core/pubsub/pubsub.types';
import type { ScoredMember } from '../../core/sorted-sets/sorted-set.types';
import type {
  AutoClaimResult,
  ConsumerInfo,
  GroupInfo,
  PendingEntry,
  PendingReadEntry,
  PendingSummary,
  StreamEntry,
  StreamInfo,
  StreamReadResult,
} from '../../core/streams/stream.types';

// RESP2 replies as ioredis hands them over (`call()` with utf8 strings): bulk and simple strings
// are strings, integers numbers, both nil kinds `null`, arrays arrays. Each parser validates the
// shape it expects, so a protocol surprise fails loudly instead of leaking `unknown` upwards.

/** A reply that does not have the shape the command documents (a server that is not Redis 7?). */
export class UnexpectedReplyError extends BrokerError {
  constructor(what: string, reply: unknown) {
    super(
      `Unexpected ${what} reply from Redis: ${JSON.stringify(reply)}. The Redis backend needs ` +
        `Redis 7.0 or later; if the server is, please report this reply.`,
    );
  }
}

export function asString(reply: unknown): string {
  if (typeof reply === 'string') return reply;
  throw new UnexpectedReplyError('string', reply);
}

export function asNullableString(reply: unknown): string | null {
  return reply === null ? null : asString(reply);
}

/** An integer reply; bulk strings holding integers (XPENDING's per-consumer counts) too. */
export function asNumber(reply: unknown): number {
  if (typeof reply === 'number') return reply;
  if (typeof reply === 'string' && /^-?\d+$/.test(reply)) return Number(reply);
  throw new UnexpectedReplyError('integer', reply);
}

export function asNullableNumber(reply: unknown): number | null {
  return reply === null ? null : asNumber(reply);
}

export function asArray(reply: unknown): unknown[] {
  if (Array.isArray(reply)) return reply;
  throw new UnexpectedReplyError('array', reply);
}

export function asStringList(reply: unknown): string[] {
  return asArray(reply).map(asString);
}

export function asNullableStringList(reply: unknown): string[] | null {
  return reply === null ? null : asStringList(reply);
}

export function asOk(reply: unknown): 'OK' {
  if (reply === 'OK') return reply;
  throw new UnexpectedReplyError('OK', reply);
}

/** PING without a message. */
export function asPong(reply: unknown): void {
  if (reply !== 'PONG') throw new UnexpectedReplyError('PONG', reply);
}

/** SET with NX / XX: `OK`, or nil when the condition failed. */
export function asNullableOk(reply: unknown): 'OK' | null {
  return reply === null ? null : asOk(reply);
}

/**
 * TYPE. A key written by another client may hold a type the port does not model (`string`,
 * `hash`, ...): it is passed on as Redis names it, outside the declared union.
 */
export function asKeyType(reply: unknown): RedisKeyType {
  const type = asString(reply);
  if (!KEY_TYPES.has(type)) throw new UnexpectedReplyError('TYPE', reply);
  return type as RedisKeyType;
}

const KEY_TYPES: ReadonlySet<string> = new Set<RedisKeyType>([
  'none',
  'string',
  'list',
  'set',
  'zset',
  'hash',
  'stream',
]);

/**
 * A sorted-set score: Redis sends it as text (`"1.5"`, `"0.10000000000000001"`, `"1e+21"`), and
 * infinities as `inf` / `-inf`, which JavaScript's Number() does not read.
 */
export function asScore(reply: unknown): number {
  const text = asString(reply);
  if (text === 'inf' || text === '+inf') return Infinity;
  if (text === '-inf') return -Infinity;
  const score = text.trim() === '' ? NaN : Number(text);
  if (Number.isNaN(score)) throw new UnexpectedReplyError('score', reply);
  return score;
}

export function asNullableScore(reply: unknown): number | null {
  return reply === null ? null : asScore(reply);
}

/** ZRANGE ... WITHSCORES (RESP2): flat `[member, score, member, score, ...]` → tuples. */
export function asScoredMembers(reply: unknown): ScoredMember[] {
  const flat = asArray(reply);
  if (flat.length % 2 !== 0) throw new UnexpectedReplyError('WITHSCORES', reply);
  const members: ScoredMember[] = [];
  for (let i = 0; i < flat.length; i += 2) members.push([asString(flat[i]), asScore(flat[i + 1])]);
  return members;
}

/** BLPOP / BRPOP: `[key, element]` or nil. */
export function asKeyedElement(reply: unknown): KeyedElement | null {
  if (reply === null) return null;
  const [key, element] = asArray(reply);
  return [asString(key), asString(element)];
}

export function asEntry(reply: unknown): StreamEntry {
  const [id, fields] = asArray(reply);
  return { id: asString(id), fields: asStringList(fields) };
}

export function asNullableEntry(reply: unknown): StreamEntry | null {
  return reply === null ? null : asEntry(reply);
}

export function asEntries(reply: unknown): StreamEntry[] {
  return asArray(reply).map(asEntry);
}

export function asNullableEntries(reply: unknown): StreamEntry[] | null {
  return reply === null ? null : asEntries(reply);
}

/** XCLAIM: entries; nil items (a deleted entry on servers before 7.0) are dropped. */
export function asClaimedEntries(reply: unknown): StreamEntry[] {
  return asArray(reply)
    .filter((item) => item !== null)
    .map(asEntry);
}

/** An XREADGROUP history entry: `fields` is nil for an entry deleted while pending. */
export function asPendingReadEntry(reply: unknown): PendingReadEntry {
  const [id, fields] = asArray(reply);
  return { id: asString(id), fields: asNullableStringList(fields) };
}

/** XREAD / XREADGROUP (RESP2): `[[key, entries], ...]` or nil. */
export function asReadResults<E>(
  reply: unknown,
  entry: (item: unknown) => E,
): StreamReadResult<E>[] | null {
  if (reply === null) return null;
  return asArray(reply).map((stream) => {
    const [key, entries] = asArray(stream);
    return [asString(key), asArray(entries).map(entry)];
  });
}

/** XPENDING summary: `[count, smallest, greatest, [[consumer, "n"], ...]]`, nils when empty. */
export function asPendingSummary(reply: unknown): PendingSummary {
  const [count, smallest, greatest, consumers] = asArray(reply);
  return {
    count: asNumber(count),
    smallestId: asNullableString(smallest),
    greatestId: asNullableString(greatest),
    consumers:
      consumers === null
        ? null
        : asArray(consumers).map((row) => {
            const [name, pending] = asArray(row);
            return { name: asString(name), pending: asNumber(pending) };
          }),
  };
}

/** Extended XPENDING: `[[id, consumer, idle, count], ...]`. */
export function asPendingEntries(reply: unknown): PendingEntry[] {
  return asArray(reply).map((row) => {
    const [id, consumer, idle, count] = asArray(row);
    return {
      id: asString(id),
      consumer: asString(consumer),
      idleMs: asNumber(idle),
      deliveryCount: asNumber(count),
    };
  });
}

/** XAUTOCLAIM (Redis 7): `[next-id, claimed, deleted-ids]`. */
export function asAutoClaim<C>(reply: unknown, claimed: (item: unknown) => C): AutoClaimResult<C> {
  const [nextId, items, deleted] = asArray(reply);
  return {
    nextId: asString(nextId),
    claimed: asArray(items).map(claimed),
    deletedIds: asStringList(deleted),
  };
}

/** A flat `[name, value, name, value, ...]` reply (XINFO) as a lookup. */
function asFields(reply: unknown, what: string): (name: string) => unknown {
  const flat = asArray(reply);
  const values = new Map<string, unknown>();
  for (let i = 0; i + 1 < flat.length; i += 2) values.set(asString(flat[i]), flat[i + 1]);
  return (name) => {
    if (!values.has(name)) throw new UnexpectedReplyError(`${what} (no '${name}')`, reply);
    return values.get(name);
  };
}

export function asStreamInfo(reply: unknown): StreamInfo {
  const field = asFields(reply, 'XINFO STREAM');
  return {
    length: asNumber(field('length')),
    lastGeneratedId: asString(field('last-generated-id')),
    maxDeletedEntryId: asString(field('max-deleted-entry-id')),
    entriesAdded: asNumber(field('entries-added')),
    recordedFirstEntryId: asString(field('recorded-first-entry-id')),
    groups: asNumber(field('groups')),
    firstEntry: asNullableEntry(field('first-entry')),
    lastEntry: asNullableEntry(field('last-entry')),
  };
}

export function asGroupInfos(reply: unknown): GroupInfo[] {
  return asArray(reply).map((row) => {
    const field = asFields(row, 'XINFO GROUPS');
    return {
      name: asString(field('name')),
      consumers: asNumber(field('consumers')),
      pending: asNumber(field('pending')),
      lastDeliveredId: asString(field('last-delivered-id')),
      entriesRead: asNullableNumber(field('entries-read')),
      lag: asNullableNumber(field('lag')),
    };
  });
}

export function asConsumerInfos(reply: unknown): ConsumerInfo[] {
  return asArray(reply).map((row) => {
    const field = asFields(row, 'XINFO CONSUMERS');
    return {
      name: asString(field('name')),
      pending: asNumber(field('pending')),
      idleMs: asNumber(field('idle')),
    };
  });
}

/** PUBSUB NUMSUB / SHARDNUMSUB: flat `[ch, n, ...]` → tuples. */
export function asChannelCounts(reply: unknown): ChannelCount[] {
  const flat = asArray(reply);
  const rows: ChannelCount[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2)
    rows.push([asString(flat[i]), asNumber(flat[i + 1])]);
  return rows;
}

/** PUBSUB CHANNELS / SHARDCHANNELS of several nodes: each name once. */
export function unionOfLists(replies: readonly unknown[]): string[] {
  return [...new Set(replies.flatMap(asStringList))];
}

/** PUBSUB NUMSUB / SHARDNUMSUB of several nodes: counts added per channel, argument order kept. */
export function sumOfChannelCounts(replies: readonly unknown[]): ChannelCount[] {
  const [first = [], ...rest] = replies.map(asChannelCounts);
  return first.map(([channel, count], i) => [
    channel,
    rest.reduce((sum, counts) => sum + (counts[i]?.[1] ?? 0), count),
  ]);
}

/** One client of CLIENT LIST. */
export interface ClientListEntry {
  readonly id: number;
  readonly name: string;
  readonly flags: string;
}

/** CLIENT LIST: one `key=value key=value ...` line per client. */
export function asClientList(reply: unknown): ClientListEntry[] {
  return asString(reply)
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const fields = new Map<string, string>();
      for (const pair of line.trim().split(' ')) {
        const eq = pair.indexOf('=');
        if (eq > 0) fields.set(pair.slice(0, eq), pair.slice(eq + 1));
      }
      return {
        id: Number(fields.get('id')),
        name: fields.get('name') ?? '',
        flags: fields.get('flags') ?? '',
      };
    });
}
