import type { StreamId } from './stream-id';
import { toIdWords } from './stream-id-words';
import type { StreamValue } from './stream.value';

/** Validated MAXLEN / MINID arguments of XADD or XTRIM. */
export interface TrimArgs {
  readonly strategy: 'MAXLEN' | 'MINID';
  /** MAXLEN: keep at most this many entries. */
  readonly maxLen: number;
  /** MINID: remove entries with a smaller id. */
  readonly minId: StreamId;
  /** `~`: only whole macro nodes are removed. */
  readonly approximate: boolean;
  /** Given LIMIT (only with `~`); undefined = Redis's default for the stream's node size. */
  readonly limit?: number;
}

/** Default LIMIT of `~` trimming: 100 nodes' worth, within Redis's bounds (t_stream.c). */
export function defaultTrimLimit(nodeMaxEntries: number): number {
  const limit = 100 * nodeMaxEntries;
  if (limit <= 0) return 10_000;
  return Math.min(limit, 1_000_000);
}

/**
 * Trims `stream` as Redis's streamTrim (redis-semantics.md §4.3): walks nodes from the head,
 * removes a whole node when it lies entirely beyond the threshold and the work LIMIT allows; the
 * exact form then marks single entries deleted inside the first node it cannot drop; `~` stops
 * there instead. Does not touch max-deleted-entry-id. Returns the number of entries removed.
 */
export function trimStream(stream: StreamValue, args: TrimArgs): number {
  const limit = args.approximate ? (args.limit ?? defaultTrimLimit(stream.nodeMaxEntries)) : 0;
  const minKey = toIdWords(args.minId);
  const maxLenReached = (): boolean => args.strategy === 'MAXLEN' && stream.length <= args.maxLen;
  let removed = 0;
  while (stream.nodeCount > 0 && !maxLenReached()) {
    const node = stream.nodeAt(0);
    const entries = node.live;
    if (limit > 0 && removed + entries > limit) break;
    const wholeNode =
      args.strategy === 'MAXLEN'
        ? stream.length - entries >= args.maxLen
        : node.compareAt(node.size - 1, minKey) < 0; // the node's last id, deleted or not
    if (wholeNode) {
      stream.dropFirstNode();
      removed += entries;
      continue;
    }
    if (args.approximate) break;
    for (let slot = 0; slot < node.size; slot++) {
      const stop = args.strategy === 'MAXLEN' ? maxLenReached() : node.compareAt(slot, minKey) >= 0;
      if (stop) break;
      if (stream.trimSlot(node, slot)) removed++;
    }
    break; // the threshold lies inside this node
  }
  if (removed > 0) stream.refreshFirstId();
  return removed;
}
