import type { BlockingOptions, KeyedElement, ListEnd } from '../core/lists/list.types';
import type { ChannelCount } from '../core/pubsub/pubsub.types';
import type { ScoredMember, ScoreRangeLimit } from '../core/sorted-sets/sorted-set.types';
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
import type { SetOptions } from '../core/strings/string.types';
import type { KeyPort, RedisKeyType } from '../port/broker.port';
import type { ListPort } from '../port/list.port';
import type { SortedSetPort } from '../port/sorted-set.port';
import type { StreamPort } from '../port/stream.port';
import type { StringPort } from '../port/string.port';
import type { CommandFamilies, PublishFamily } from './command-families';

/**
 * The commands of the port, written once for both backends: each call is forwarded unchanged to
 * the object of its family (see {@link CommandFamilies}), which runs it on the backend. A backend
 * extends this class, sets `families` in its constructor and adds what is its own: the
 * connection status, PING, close() and subscribers. A command added to the port is forwarded here
 * and implemented in each backend's family.
 */
export abstract class BackendFacade
  implements KeyPort, StringPort, ListPort, StreamPort, SortedSetPort, PublishFamily
{
  /** The objects that run the commands, one per family. */
  protected abstract readonly families: CommandFamilies;

  // keys
  del(keys: string[]): Promise<number> {
    return this.families.keys.del(keys);
  }
  exists(keys: string[]): Promise<number> {
    return this.families.keys.exists(keys);
  }
  type(key: string): Promise<RedisKeyType> {
    return this.families.keys.type(key);
  }
  pexpire(key: string, ms: number): Promise<number> {
    return this.families.keys.pexpire(key, ms);
  }
  pttl(key: string): Promise<number> {
    return this.families.keys.pttl(key);
  }

  // strings
  set(key: string, value: string, options?: SetOptions): Promise<'OK' | null> {
    return this.families.strings.set(key, value, options);
  }
  get(key: string): Promise<string | null> {
    return this.families.strings.get(key);
  }

  // lists
  lpush(key: string, elements: string[]): Promise<number> {
    return this.families.lists.lpush(key, elements);
  }
  rpush(key: string, elements: string[]): Promise<number> {
    return this.families.lists.rpush(key, elements);
  }
  lpop(key: string): Promise<string | null> {
    return this.families.lists.lpop(key);
  }
  rpop(key: string): Promise<string | null> {
    return this.families.lists.rpop(key);
  }
  lpopCount(key: string, count: number): Promise<string[] | null> {
    return this.families.lists.lpopCount(key, count);
  }
  rpopCount(key: string, count: number): Promise<string[] | null> {
    return this.families.lists.rpopCount(key, count);
  }
  llen(key: string): Promise<number> {
    return this.families.lists.llen(key);
  }
  lrange(key: string, start: number, stop: number): Promise<string[]> {
    return this.families.lists.lrange(key, start, stop);
  }
  lrem(key: string, count: number, element: string): Promise<number> {
    return this.families.lists.lrem(key, count, element);
  }
  lmove(source: string, destination: string, from: ListEnd, to: ListEnd): Promise<string | null> {
    return this.families.lists.lmove(source, destination, from, to);
  }
  blpop(
    keys: string[],
    timeoutSec: number,
    options?: BlockingOptions,
  ): Promise<KeyedElement | null> {
    return this.families.lists.blpop(keys, timeoutSec, options);
  }
  brpop(
    keys: string[],
    timeoutSec: number,
    options?: BlockingOptions,
  ): Promise<KeyedElement | null> {
    return this.families.lists.brpop(keys, timeoutSec, options);
  }
  blmove(
    source: string,
    destination: string,
    from: ListEnd,
    to: ListEnd,
    timeoutSec: number,
    options?: BlockingOptions,
  ): Promise<string | null> {
    return this.families.lists.blmove(source, destination, from, to, timeoutSec, options);
  }

  // streams
  xadd(key: string, id: string, fields: string[], options?: XAddOptions): Promise<string | null> {
    return this.families.streams.xadd(key, id, fields, options);
  }
  xlen(key: string): Promise<number> {
    return this.families.streams.xlen(key);
  }
  xrange(key: string, start: string, end: string, count?: number): Promise<StreamEntry[] | null> {
    return this.families.streams.xrange(key, start, end, count);
  }
  xrevrange(
    key: string,
    end: string,
    start: string,
    count?: number,
  ): Promise<StreamEntry[] | null> {
    return this.families.streams.xrevrange(key, end, start, count);
  }
  xrangeByTime(key: string, fromMs: number, toMs: number, count?: number): Promise<StreamEntry[]> {
    return this.families.streams.xrangeByTime(key, fromMs, toMs, count);
  }
  xdel(key: string, ids: string[]): Promise<number> {
    return this.families.streams.xdel(key, ids);
  }
  xtrim(key: string, trim: StreamTrim): Promise<number> {
    return this.families.streams.xtrim(key, trim);
  }
  xread(streams: StreamOffset[], options?: XReadOptions): Promise<StreamReadResult[] | null> {
    return this.families.streams.xread(streams, options);
  }
  xinfoStream(key: string): Promise<StreamInfo> {
    return this.families.streams.xinfoStream(key);
  }

  // consumer groups
  xgroupCreate(
    key: string,
    group: string,
    id: string,
    options?: XGroupCreateOptions,
  ): Promise<'OK'> {
    return this.families.groups.xgroupCreate(key, group, id, options);
  }
  xgroupSetId(key: string, group: string, id: string, entriesRead?: number): Promise<'OK'> {
    return this.families.groups.xgroupSetId(key, group, id, entriesRead);
  }
  xgroupDestroy(key: string, group: string): Promise<number> {
    return this.families.groups.xgroupDestroy(key, group);
  }
  xgroupCreateConsumer(key: string, group: string, consumer: string): Promise<number> {
    return this.families.groups.xgroupCreateConsumer(key, group, consumer);
  }
  xgroupDelConsumer(key: string, group: string, consumer: string): Promise<number> {
    return this.families.groups.xgroupDelConsumer(key, group, consumer);
  }
  xreadgroup(
    group: string,
    consumer: string,
    streams: StreamOffset[],
    options?: XReadGroupOptions,
  ): Promise<StreamReadResult<PendingReadEntry>[] | null> {
    return this.families.groups.xreadgroup(group, consumer, streams, options);
  }
  xack(key: string, group: string, ids: string[]): Promise<number> {
    return this.families.groups.xack(key, group, ids);
  }
  xpending(key: string, group: string): Promise<PendingSummary> {
    return this.families.groups.xpending(key, group);
  }
  xpendingRange(key: string, group: string, query: PendingRangeQuery): Promise<PendingEntry[]> {
    return this.families.groups.xpendingRange(key, group, query);
  }
  xclaim(
    key: string,
    group: string,
    consumer: string,
    minIdleMs: number,
    ids: string[],
    options?: XClaimOptions,
  ): Promise<StreamEntry[]> {
    return this.families.groups.xclaim(key, group, consumer, minIdleMs, ids, options);
  }
  xclaimJustId(
    key: string,
    group: string,
    consumer: string,
    minIdleMs: number,
    ids: string[],
    options?: XClaimOptions,
  ): Promise<string[]> {
    return this.families.groups.xclaimJustId(key, group, consumer, minIdleMs, ids, options);
  }
  xautoclaim(
    key: string,
    group: string,
    consumer: string,
    minIdleMs: number,
    start: string,
    options?: XAutoClaimOptions,
  ): Promise<AutoClaimResult<StreamEntry>> {
    return this.families.groups.xautoclaim(key, group, consumer, minIdleMs, start, options);
  }
  xautoclaimJustId(
    key: string,
    group: string,
    consumer: string,
    minIdleMs: number,
    start: string,
    options?: XAutoClaimOptions,
  ): Promise<AutoClaimResult<string>> {
    return this.families.groups.xautoclaimJustId(key, group, consumer, minIdleMs, start, options);
  }
  xinfoGroups(key: string): Promise<GroupInfo[]> {
    return this.families.groups.xinfoGroups(key);
  }
  xinfoConsumers(key: string, group: string): Promise<ConsumerInfo[]> {
    return this.families.groups.xinfoConsumers(key, group);
  }

  // sorted sets
  zadd(key: string, members: ScoredMember[]): Promise<number> {
    return this.families.sortedSets.zadd(key, members);
  }
  zrem(key: string, members: string[]): Promise<number> {
    return this.families.sortedSets.zrem(key, members);
  }
  zcard(key: string): Promise<number> {
    return this.families.sortedSets.zcard(key);
  }
  zscore(key: string, member: string): Promise<number | null> {
    return this.families.sortedSets.zscore(key, member);
  }
  zrangeByScore(
    key: string,
    min: number,
    max: number,
    options?: ScoreRangeLimit,
  ): Promise<ScoredMember[]> {
    return this.families.sortedSets.zrangeByScore(key, min, max, options);
  }

  // pub/sub
  publish(channel: string, message: string): Promise<number> {
    return this.families.pubsub.publish(channel, message);
  }
  spublish(channel: string, message: string): Promise<number> {
    return this.families.pubsub.spublish(channel, message);
  }
  pubsubChannels(pattern?: string): Promise<string[]> {
    return this.families.pubsub.pubsubChannels(pattern);
  }
  pubsubNumsub(channels: string[]): Promise<ChannelCount[]> {
    return this.families.pubsub.pubsubNumsub(channels);
  }
  pubsubNumpat(): Promise<number> {
    return this.families.pubsub.pubsubNumpat();
  }
  pubsubShardChannels(pattern?: string): Promise<string[]> {
    return this.families.pubsub.pubsubShardChannels(pattern);
  }
  pubsubShardNumsub(channels: string[]): Promise<ChannelCount[]> {
    return this.families.pubsub.pubsubShardNumsub(channels);
  }
}
