import type { GroupCommands } from '../../core/streams/group.commands';
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
import { wellFormed } from './well-formed';

/**
 * Consumer-group commands of the port over the in-process core. Every string argument goes through
 * {@link wellFormed} here, so the core sees the bytes Redis would: a method added here must do the
 * same.
 */
export class MemoryGroupCommands implements GroupFamily {
  /**
   * @param groups returns the core's consumer-group commands; throws `BrokerClosedError` after
   * close()
   */
  constructor(private readonly groups: () => GroupCommands) {}

  async xgroupCreate(
    key: string,
    group: string,
    id: string,
    options?: XGroupCreateOptions,
  ): Promise<'OK'> {
    return this.groups().xgroupCreate(
      wellFormed(key),
      wellFormed(group),
      wellFormed(id),
      wellFormed(options),
    );
  }

  async xgroupSetId(key: string, group: string, id: string, entriesRead?: number): Promise<'OK'> {
    return this.groups().xgroupSetId(
      wellFormed(key),
      wellFormed(group),
      wellFormed(id),
      entriesRead,
    );
  }

  async xgroupDestroy(key: string, group: string): Promise<number> {
    return this.groups().xgroupDestroy(wellFormed(key), wellFormed(group));
  }

  async xgroupCreateConsumer(key: string, group: string, consumer: string): Promise<number> {
    return this.groups().xgroupCreateConsumer(
      wellFormed(key),
      wellFormed(group),
      wellFormed(consumer),
    );
  }

  async xgroupDelConsumer(key: string, group: string, consumer: string): Promise<number> {
    return this.groups().xgroupDelConsumer(
      wellFormed(key),
      wellFormed(group),
      wellFormed(consumer),
    );
  }

  async xreadgroup(
    group: string,
    consumer: string,
    streams: StreamOffset[],
    options?: XReadGroupOptions,
  ): Promise<StreamReadResult<PendingReadEntry>[] | null> {
    return this.groups().xreadgroup(
      wellFormed(group),
      wellFormed(consumer),
      wellFormed(streams),
      wellFormed(options),
    );
  }

  async xack(key: string, group: string, ids: string[]): Promise<number> {
    return this.groups().xack(wellFormed(key), wellFormed(group), wellFormed(ids));
  }

  async xpending(key: string, group: string): Promise<PendingSummary> {
    return this.groups().xpending(wellFormed(key), wellFormed(group));
  }

  async xpendingRange(
    key: string,
    group: string,
    query: PendingRangeQuery,
  ): Promise<PendingEntry[]> {
    return this.groups().xpendingRange(wellFormed(key), wellFormed(group), wellFormed(query));
  }

  async xclaim(
    key: string,
    group: string,
    consumer: string,
    minIdleMs: number,
    ids: string[],
    options?: XClaimOptions,
  ): Promise<StreamEntry[]> {
    return this.groups().xclaim(
      wellFormed(key),
      wellFormed(group),
      wellFormed(consumer),
      minIdleMs,
      wellFormed(ids),
      wellFormed(options),
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
    return this.groups().xclaimJustId(
      wellFormed(key),
      wellFormed(group),
      wellFormed(consumer),
      minIdleMs,
      wellFormed(ids),
      wellFormed(options),
    );
  }

  async xautoclaim(
    key: string,
    group: string,
    consumer: string,
    minIdleMs: number,
    start: string,
    options?: XAutoClaimOptions,
  ): Promise<AutoClaimResult<StreamEntry>> {
    return this.groups().xautoclaim(
      wellFormed(key),
      wellFormed(group),
      wellFormed(consumer),
      minIdleMs,
      wellFormed(start),
      wellFormed(options),
    );
  }

  async xautoclaimJustId(
    key: string,
    group: string,
    consumer: string,
    minIdleMs: number,
    start: string,
    options?: XAutoClaimOptions,
  ): Promise<AutoClaimResult<string>> {
    return this.groups().xautoclaimJustId(
      wellFormed(key),
      wellFormed(group),
      wellFormed(consumer),
      minIdleMs,
      wellFormed(start),
      wellFormed(options),
    );
  }

  async xinfoGroups(key: string): Promise<GroupInfo[]> {
    return this.groups().xinfoGroups(wellFormed(key));
  }

  async xinfoConsumers(key: string, group: string): Promise<ConsumerInfo[]> {
    return this.groups().xinfoConsumers(wellFormed(key), wellFormed(group));
  }
}
