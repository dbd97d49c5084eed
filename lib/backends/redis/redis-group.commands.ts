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
} from '../../core/streams/stream.types';
import type { GroupFamily } from '../command-families';
import * as args from './command-args';
import type { RedisCommandRunner } from './redis-command-runner';
import * as reply from './reply-parsers';

/** Consumer-group commands of the port over Redis. */
export class RedisGroupCommands implements GroupFamily {
  constructor(private readonly redis: RedisCommandRunner) {}

  async xgroupCreate(
    key: string,
    group: string,
    id: string,
    options: XGroupCreateOptions = {},
  ): Promise<'OK'> {
    return reply.asOk(
      await this.redis.run('XGROUP', ...args.xgroupCreateArgs(key, group, id, options)),
    );
  }

  async xgroupSetId(key: string, group: string, id: string, entriesRead?: number): Promise<'OK'> {
    const extra = args.entriesReadArgs(entriesRead);
    return reply.asOk(await this.redis.run('XGROUP', 'SETID', key, group, id, ...extra));
  }

  async xgroupDestroy(key: string, group: string): Promise<number> {
    return reply.asNumber(await this.redis.run('XGROUP', 'DESTROY', key, group));
  }

  async xgroupCreateConsumer(key: string, group: string, consumer: string): Promise<number> {
    return reply.asNumber(await this.redis.run('XGROUP', 'CREATECONSUMER', key, group, consumer));
  }

  async xgroupDelConsumer(key: string, group: string, consumer: string): Promise<number> {
    return reply.asNumber(await this.redis.run('XGROUP', 'DELCONSUMER', key, group, consumer));
  }

  /** XREADGROUP; with `blockMs` on a blocking connection (re-issued after a reconnect). */
  async xreadgroup(
    group: string,
    consumer: string,
    streams: StreamOffset[],
    options: XReadGroupOptions = {},
  ): Promise<StreamReadResult<PendingReadEntry>[] | null> {
    const result = await this.redis.readStreams('XREADGROUP', streams, options, (blockMs) =>
      args.xreadgroupArgs(group, consumer, streams, options, blockMs),
    );
    return reply.asReadResults(result, reply.asPendingReadEntry);
  }

  async xack(key: string, group: string, ids: string[]): Promise<number> {
    return reply.asNumber(await this.redis.run('XACK', key, group, ...ids));
  }

  async xpending(key: string, group: string): Promise<PendingSummary> {
    return reply.asPendingSummary(await this.redis.run('XPENDING', key, group));
  }

  async xpendingRange(
    key: string,
    group: string,
    query: PendingRangeQuery,
  ): Promise<PendingEntry[]> {
    return reply.asPendingEntries(
      await this.redis.run('XPENDING', ...args.xpendingRangeArgs(key, group, query)),
    );
  }

  async xclaim(
    key: string,
    group: string,
    consumer: string,
    minIdleMs: number,
    ids: string[],
    options?: XClaimOptions,
  ): Promise<StreamEntry[]> {
    const claimArgs = args.xclaimArgs(key, group, consumer, minIdleMs, ids, options);
    return reply.asClaimedEntries(await this.redis.run('XCLAIM', ...claimArgs));
  }

  async xclaimJustId(
    key: string,
    group: string,
    consumer: string,
    minIdleMs: number,
    ids: string[],
    options?: XClaimOptions,
  ): Promise<string[]> {
    const claimArgs = args.xclaimArgs(key, group, consumer, minIdleMs, ids, options, true);
    return reply.asStringList(await this.redis.run('XCLAIM', ...claimArgs));
  }

  async xautoclaim(
    key: string,
    group: string,
    consumer: string,
    minIdleMs: number,
    start: string,
    options?: XAutoClaimOptions,
  ): Promise<AutoClaimResult<StreamEntry>> {
    const claimArgs = args.xautoclaimArgs(key, group, consumer, minIdleMs, start, options);
    return reply.asAutoClaim(await this.redis.run('XAUTOCLAIM', ...claimArgs), reply.asEntry);
  }

  async xautoclaimJustId(
    key: string,
    group: string,
    consumer: string,
    minIdleMs: number,
    start: string,
    options?: XAutoClaimOptions,
  ): Promise<AutoClaimResult<string>> {
    const claimArgs = args.xautoclaimArgs(key, group, consumer, minIdleMs, start, options, true);
    return reply.asAutoClaim(await this.redis.run('XAUTOCLAIM', ...claimArgs), reply.asString);
  }

  async xinfoGroups(key: string): Promise<GroupInfo[]> {
    return reply.asGroupInfos(await this.redis.run('XINFO', 'GROUPS', key));
  }

  async xinfoConsumers(key: string, group: string): Promise<ConsumerInfo[]> {
    return reply.asConsumerInfos(await this.redis.run('XINFO', 'CONSUMERS', key, group));
  }
}
