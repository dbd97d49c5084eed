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
import * as args from './command-args';
import type { Arg } from './command-args';
import type { RedisCommandRunner } from './redis-command-runner';
import * as reply from './reply-parsers';

/** Consumer-group commands of the port over Redis. */
export class RedisGroupCommands {
  constructor(private readonly redis: RedisCommandRunner) {}

  async xgroupCreate(
    key: string,
    group: string,
    id: string,
    options: XGroupCreateOptions = {},
  ): Promise<'OK'> {
    const extra: Arg[] = [
      ...(options.mkStream ? ['MKSTREAM'] : []),
      ...(options.entriesRead === undefined ? [] : ['ENTRIESREAD', options.entriesRead]),
    ];
    return reply.asOk(await this.redis.run('XGROUP', 'CREATE', key, group, id, ...extra));
  }

  async xgroupSetId(key: string, group: string, id: string, entriesRead?: number): Promise<'OK'> {
    const extra: Arg[] = entriesRead === undefined ? [] : ['ENTRIESREAD', entriesRead];
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

  /** XREADGROUP; with `blockMs` on a blocking connection (re-issued with `>` after a reconnect). */
  async xreadgroup(
    group: string,
    consumer: string,
    streams: StreamOffset[],
    options: XReadGroupOptions = {},
  ): Promise<StreamReadResult<PendingReadEntry>[] | null> {
    const { blockMs } = options;
    const result =
      blockMs === undefined
        ? await this.redis.run(
            'XREADGROUP',
            ...args.xreadgroupArgs(group, consumer, streams, options),
          )
        : await this.redis.blocking({
            command: 'XREADGROUP',
            routingKey: streams[0]?.key ?? '',
            timeoutMs: blockMs,
            args: (left) => args.xreadgroupArgs(group, consumer, streams, options, left ?? blockMs),
            signal: options.signal,
          });
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
    const tail = args.xclaimOptionArgs(options);
    return reply.asClaimedEntries(
      await this.redis.run('XCLAIM', key, group, consumer, minIdleMs, ...ids, ...tail),
    );
  }

  async xclaimJustId(
    key: string,
    group: string,
    consumer: string,
    minIdleMs: number,
    ids: string[],
    options?: XClaimOptions,
  ): Promise<string[]> {
    const tail = args.xclaimOptionArgs(options, true);
    return reply.asStringList(
      await this.redis.run('XCLAIM', key, group, consumer, minIdleMs, ...ids, ...tail),
    );
  }

  async xautoclaim(
    key: string,
    group: string,
    consumer: string,
    minIdleMs: number,
    start: string,
    options: XAutoClaimOptions = {},
  ): Promise<AutoClaimResult<StreamEntry>> {
    const tail = args.countArgs(options.count);
    const result = await this.redis.run(
      'XAUTOCLAIM',
      key,
      group,
      consumer,
      minIdleMs,
      start,
      ...tail,
    );
    return reply.asAutoClaim(result, reply.asEntry);
  }

  async xautoclaimJustId(
    key: string,
    group: string,
    consumer: string,
    minIdleMs: number,
    start: string,
    options: XAutoClaimOptions = {},
  ): Promise<AutoClaimResult<string>> {
    const tail = [...args.countArgs(options.count), 'JUSTID'];
    const result = await this.redis.run(
      'XAUTOCLAIM',
      key,
      group,
      consumer,
      minIdleMs,
      start,
      ...tail,
    );
    return reply.asAutoClaim(result, reply.asString);
  }

  async xinfoGroups(key: string): Promise<GroupInfo[]> {
    return reply.asGroupInfos(await this.redis.run('XINFO', 'GROUPS', key));
  }

  async xinfoConsumers(key: string, group: string): Promise<ConsumerInfo[]> {
    return reply.asConsumerInfos(await this.redis.run('XINFO', 'CONSUMERS', key, group));
  }
}
