import type { ConformanceContext } from './conformance';

// Shared by the stream conformance files.

export const U64 = '18446744073709551615';
export const INVALID_ID = 'ERR Invalid stream ID specified as stream command argument';
export const NOT_GREATER =
  'ERR The ID specified in XADD is equal or smaller than the target stream top item';
export const WRONGTYPE = 'WRONGTYPE Operation against a key holding the wrong kind of value';
export const NOT_INTEGER = 'ERR value is not an integer or out of range';

/** The ids of a reply's entries. */
export const ids = (entries: { id: string }[] | null) => entries?.map((e) => e.id);

/** A fresh key holding a stream with entries `f <id>` at the given explicit ids. */
export async function streamWith(
  ctx: ConformanceContext,
  name: string,
  entryIds: string[],
): Promise<string> {
  const key = ctx.key(name);
  for (const id of entryIds) await ctx.port.xadd(key, id, ['f', id]);
  return key;
}
