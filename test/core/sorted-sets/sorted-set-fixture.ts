import type { KeyValue } from '../../../lib/core/keyspace';
import { SortedSetCommands } from '../../../lib/core/sorted-sets/sorted-set.commands';
import { createTestContext } from '../core-context.fixture';

export { replyError } from '../reply-error.fixture';

export const WRONGTYPE = 'WRONGTYPE Operation against a key holding the wrong kind of value';

/** Sorted-set commands over a fresh standalone context on a manual clock. */
export function createSortedSets() {
  const ctx = createTestContext();
  const zsets = new SortedSetCommands(ctx);
  /** Stores a minimal list value: enough for the WRONGTYPE rule. */
  const setList = (key: string): void => ctx.keyspace.set(key, { type: 'list' } as KeyValue);
  /** Every member with its score, in order. */
  const contents = (key: string) => zsets.zrangeByScore(key, -Infinity, Infinity);
  return { ctx, zsets, setList, contents };
}

/**
 * Redis's member order: by score, then by the members' UTF-8 bytes. The model sorts with
 * Buffer.compare on the encoded members, independently of the core's code-point comparison.
 */
export function redisOrder(a: [string, number], b: [string, number]): number {
  if (a[1] !== b[1]) return a[1] < b[1] ? -1 : 1;
  return Buffer.compare(Buffer.from(a[0], 'utf8'), Buffer.from(b[0], 'utf8'));
}
