import type { ConsumerGroup } from './consumer-group';
import { MAX_ID, type StreamId, ZERO_ID } from './stream-id';
import { toIdWords } from './stream-id-words';
import type { StoredEntry, StreamLog } from './stream-log';
import { measureEntry, StreamNode } from './stream-node';

/** Macro-node limits, Redis's `stream-node-max-entries` / `stream-node-max-bytes`. */
export interface StreamNodeLimits {
  /** Entries (live + deleted) per node; 0 = no limit. Default 100. */
  readonly maxEntries?: number;
  /** Estimated listpack bytes per node; 0 = Redis's hard cap (1 GiB). Default 4096. */
  readonly maxBytes?: number;
}

/** Redis's STREAM_LISTPACK_MAX_SIZE: the byte cap when `stream-node-max-bytes` is 0 or larger. */
const LISTPACK_MAX_SIZE = 1 << 30;

/** Builds one reply entry from slot `slot` of `node`. */
export type EntryReader<T> = (node: StreamNode, slot: number) => T;

/** Reads a stored entry with a packed id (what consumer groups use). */
export const readStoredEntry: EntryReader<StoredEntry> = (node, slot) => ({
  id: node.idAt(slot),
  fields: node.fieldsAt(slot),
});

/**
 * A stream value (redis-semantics.md §4, §5.1): entries in macro nodes ordered by id, plus the
 * metadata XINFO shows and the consumer groups. Lookups binary-search the nodes and then the node,
 * so reads by id or time cost O(log n + k); appends go to the tail node.
 */
export class StreamValue implements StreamLog {
  readonly type = 'stream' as const;
  readonly groups = new Map<string, ConsumerGroup>();
  /** Entries per node; 0 = unlimited (trimming's default LIMIT derives from it). */
  readonly nodeMaxEntries: number;
  private readonly nodeMaxBytes: number;
  private readonly nodes: StreamNode[] = [];
  private liveCount = 0;
  private last: StreamId = ZERO_ID;
  private added = 0;
  private maxDeleted: StreamId = ZERO_ID;
  private first: StreamId = ZERO_ID;

  constructor(limits: StreamNodeLimits = {}) {
    this.nodeMaxEntries = Math.max(0, limits.maxEntries ?? 100);
    const maxBytes = limits.maxBytes ?? 4096;
    this.nodeMaxBytes =
      maxBytes <= 0 || maxBytes > LISTPACK_MAX_SIZE ? LISTPACK_MAX_SIZE : maxBytes;
  }

  get length(): number {
    return this.liveCount;
  }

  get lastId(): StreamId {
    return this.last;
  }

  get entriesAdded(): number {
    return this.added;
  }

  get maxDeletedId(): StreamId {
    return this.maxDeleted;
  }

  get firstId(): StreamId {
    return this.first;
  }

  get lastLiveId(): StreamId {
    for (let n = this.nodes.length - 1; n >= 0; n--) {
      const node = this.nodes[n];
      const slot = node.live > 0 ? node.prevLive(node.size - 1) : -1;
      if (slot >= 0) return node.idAt(slot);
    }
    return ZERO_ID;
  }

  /** Number of macro nodes (XINFO's radix-tree-keys). */
  get nodeCount(): number {
    return this.nodes.length;
  }

  /**
   * Appends an entry; the caller has checked that `id` is greater than {@link lastId}. A new node
   * starts when the tail node would reach the byte limit or holds `maxEntries` slots (as Redis).
   */
  append(id: StreamId, fields: readonly string[]): void {
    const size = measureEntry(fields);
    let tail = this.nodes.length > 0 ? this.nodes[this.nodes.length - 1] : undefined;
    if (
      tail &&
      (tail.bytes + size.raw >= this.nodeMaxBytes ||
        (this.nodeMaxEntries > 0 && tail.size >= this.nodeMaxEntries))
    ) {
      tail.seal();
      tail = undefined;
    }
    if (!tail) {
      const master: string[] = [];
      for (let i = 0; i < fields.length; i += 2) master.push(fields[i]);
      tail = new StreamNode(master, size, this.nodeMaxEntries);
      this.nodes.push(tail);
    }
    tail.append(id, fields, size);
    this.liveCount++;
    this.added++;
    this.last = id;
    if (this.liveCount === 1) this.first = id;
  }

  /** The fields of a live entry, or undefined. */
  get(id: StreamId): string[] | undefined {
    const key = toIdWords(id);
    const n = this.findNode(key);
    if (n < 0) return undefined;
    const slot = this.nodes[n].indexOf(key);
    return slot < 0 || this.nodes[n].isDeleted(slot) ? undefined : this.nodes[n].fieldsAt(slot);
  }

  /** Live entries with id > `after`, in id order, at most `count` (≤ 0 = all). */
  entriesAfter(after: StreamId, count: number): StoredEntry[] {
    if (after >= MAX_ID) return [];
    return this.range(after + 1n, MAX_ID, count, false, readStoredEntry);
  }

  /**
   * Live entries with `start ≤ id ≤ end`, at most `count` (≤ 0 = all), oldest first or (`reverse`)
   * newest first, each built by `read`.
   */
  range<T>(
    start: StreamId,
    end: StreamId,
    count: number,
    reverse: boolean,
    read: EntryReader<T>,
  ): T[] {
    const out: T[] = [];
    if (start > end || this.liveCount === 0) return out;
    const limit = count > 0 ? count : Number.POSITIVE_INFINITY;
    const startKey = toIdWords(start);
    const endKey = toIdWords(end);
    if (reverse) {
      let n = this.findNode(endKey);
      let slot = n >= 0 ? this.nodes[n].upperBound(endKey) - 1 : -1;
      for (; n >= 0 && out.length < limit; n--, slot = n >= 0 ? this.nodes[n].size - 1 : -1) {
        const node = this.nodes[n];
        for (; slot >= 0 && out.length < limit; slot--) {
          if (node.compareAt(slot, startKey) < 0) return out;
          if (!node.isDeleted(slot)) out.push(read(node, slot));
        }
      }
      return out;
    }
    let n = Math.max(0, this.findNode(startKey));
    let slot = this.nodes[n].lowerBound(startKey);
    for (; n < this.nodes.length && out.length < limit; n++, slot = 0) {
      const node = this.nodes[n];
      for (; slot < node.size && out.length < limit; slot++) {
        if (node.compareAt(slot, endKey) > 0) return out;
        if (!node.isDeleted(slot)) out.push(read(node, slot));
      }
    }
    return out;
  }

  /** The first or last live entry, built by `read`; undefined when empty. */
  edge<T>(which: 'first' | 'last', read: EntryReader<T>): T | undefined {
    const found = this.range(ZERO_ID, MAX_ID, 1, which === 'last', read);
    return found[0];
  }

  /**
   * XDEL of one id: marks it deleted, drops its node when no live entry is left, and records it
   * as max-deleted-entry-id. False when there was no such live entry.
   */
  delete(id: StreamId): boolean {
    const key = toIdWords(id);
    const n = this.findNode(key);
    if (n < 0) return false;
    const node = this.nodes[n];
    const slot = node.indexOf(key);
    if (slot < 0 || !node.markDeleted(slot)) return false;
    this.liveCount--;
    if (node.live === 0) this.nodes.splice(n, 1);
    if (id > this.maxDeleted) this.maxDeleted = id;
    if (id === this.first) this.refreshFirstId();
    return true;
  }

  /** The nodes, oldest first; for trimming, which works node by node. */
  nodeAt(index: number): StreamNode {
    return this.nodes[index];
  }

  /** Removes the oldest node (trimming); its live entries leave the stream. */
  dropFirstNode(): void {
    const node = this.nodes.shift();
    if (node) this.liveCount -= node.live;
  }

  /** Marks slot `slot` of the oldest node deleted (exact trimming inside a node). */
  trimSlot(node: StreamNode, slot: number): boolean {
    if (!node.markDeleted(slot)) return false;
    this.liveCount--;
    return true;
  }

  /** Recomputes recorded-first-entry-id: the first live entry, 0-0 when empty. */
  refreshFirstId(): void {
    this.first =
      this.liveCount === 0
        ? ZERO_ID
        : (this.edge('first', (node, slot) => node.idAt(slot)) ?? ZERO_ID);
  }

  /** Index of the last node whose first slot id is ≤ `key`, or -1. */
  private findNode(key: Uint32Array): number {
    let lo = 0;
    let hi = this.nodes.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.nodes[mid].compareAt(0, key) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }
}
