import { StreamCommands } from '../../../lib/core/streams/stream.commands';
import type { StreamNodeLimits } from '../../../lib/core/streams/stream.value';
import { createTestContext } from '../core-context.fixture';

export { replyError } from '../reply-error.fixture';

/** Stream commands over a fresh standalone context on a manual clock (starts at 1,700,000,000,000). */
export function createStreams(limits?: StreamNodeLimits) {
  const ctx = createTestContext();
  return { ctx, streams: new StreamCommands(ctx, limits) };
}

/** Adds `n` entries `f <i>` with ids `1-0`, `2-0`, ... `n-0` (or starting at `from`). */
export function addSequential(streams: StreamCommands, key: string, n: number, from = 1): string[] {
  const ids: string[] = [];
  for (let i = from; i < from + n; i++)
    ids.push(streams.xadd(key, `${i}-0`, ['f', String(i)]) as string);
  return ids;
}

export const INVALID_ID = 'ERR Invalid stream ID specified as stream command argument';
export const U64 = '18446744073709551615';
