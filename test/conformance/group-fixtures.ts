import type { ConformanceContext } from './conformance';
import { streamWith } from './stream-fixtures';

// Shared by the consumer-group conformance files (redis-semantics.md §5).

export const KEY_REQUIRED =
  'ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically.';
export const noGroupForKey = (group: string, key: string) =>
  `NOGROUP No such consumer group '${group}' for key name '${key}'`;
export const noKeyOrGroup = (key: string, group: string) =>
  `NOGROUP No such key '${key}' or consumer group '${group}'`;
export const noKeyOrGroupRead = (key: string, group: string) =>
  `NOGROUP No such key '${key}' or consumer group '${group}' in XREADGROUP with GROUP option`;

/** A stream with entries at `entryIds` and a group `g` created at `from`. */
export async function groupOn(
  ctx: ConformanceContext,
  entryIds: string[],
  from = '0',
): Promise<string> {
  const key = await streamWith(ctx, 's', entryIds);
  await ctx.port.xgroupCreate(key, 'g', from);
  return key;
}

/** XREADGROUP `>` of group `g`: the ids delivered (empty when the reply is null). */
export async function readNew(
  ctx: ConformanceContext,
  key: string,
  consumer: string,
  count?: number,
): Promise<string[]> {
  const reply = await ctx.port.xreadgroup('g', consumer, [{ key, id: '>' }], { count });
  return reply?.[0][1].map((e) => e.id) ?? [];
}

/** `[id, consumer, delivery count]` of every pending entry of group `g`. */
export async function pendingRows(
  ctx: ConformanceContext,
  key: string,
): Promise<[string, string, number][]> {
  const rows = await ctx.port.xpendingRange(key, 'g', { start: '-', end: '+', count: 1000 });
  return rows.map((r) => [r.id, r.consumer, r.deliveryCount]);
}
