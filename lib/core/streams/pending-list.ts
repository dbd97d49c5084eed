import type { StreamId } from './stream-id';

/** Largest chunk before it splits in two; small enough that a splice inside one stays cheap. */
const CHUNK_MAX = 256;
/** A chunk this small is merged into its neighbour when both fit in one. */
const CHUNK_MERGE = CHUNK_MAX / 4;

interface Chunk<V> {
  ids: StreamId[];
  values: V[];
}

/** One entry of a {@link PendingList}. */
export interface PendingSlot<V> {
  readonly id: StreamId;
  readonly value: V;
}

/**
 * A map from stream id to value, ordered by id: the pending entries list of a group or a consumer
 * (Redis keeps these in a radix tree). Stored as a list of sorted chunks, so appending a new id is
 * O(1) and inserting, deleting or seeking anywhere is O(log n + chunk size) — acks and claims in
 * the middle of a 100k-entry list stay cheap.
 */
export class PendingList<V> {
  private chunks: Chunk<V>[] = [];
  private count = 0;

  /** Number of entries. */
  get size(): number {
    return this.count;
  }

  /** The value stored for `id`, if any. */
  get(id: StreamId): V | undefined {
    const chunk = this.chunks[this.chunkFor(id)];
    if (!chunk) return undefined;
    const at = indexOf(chunk.ids, id);
    return at < chunk.ids.length && chunk.ids[at] === id ? chunk.values[at] : undefined;
  }

  /** Adds `id` → `value` unless `id` is present; returns whether it was added. */
  insert(id: StreamId, value: V): boolean {
    const lastChunk = this.chunks[this.chunks.length - 1];
    if (!lastChunk) {
      this.chunks.push({ ids: [id], values: [value] });
      this.count++;
      return true;
    }
    // Ids mostly arrive in order (deliveries of new entries): append without searching.
    if (id > lastChunk.ids[lastChunk.ids.length - 1]) {
      lastChunk.ids.push(id);
      lastChunk.values.push(value);
      this.count++;
      if (lastChunk.ids.length > CHUNK_MAX) this.split(this.chunks.length - 1);
      return true;
    }
    const index = this.chunkFor(id);
    const chunk = this.chunks[index];
    const at = indexOf(chunk.ids, id);
    if (at < chunk.ids.length && chunk.ids[at] === id) return false;
    chunk.ids.splice(at, 0, id);
    chunk.values.splice(at, 0, value);
    this.count++;
    if (chunk.ids.length > CHUNK_MAX) this.split(index);
    return true;
  }

  /** Removes `id`; returns the value it had, or undefined when absent. */
  delete(id: StreamId): V | undefined {
    const index = this.chunkFor(id);
    const chunk = this.chunks[index];
    if (!chunk) return undefined;
    const at = indexOf(chunk.ids, id);
    if (at >= chunk.ids.length || chunk.ids[at] !== id) return undefined;
    const value = chunk.values[at];
    chunk.ids.splice(at, 1);
    chunk.values.splice(at, 1);
    this.count--;
    if (chunk.ids.length === 0) this.chunks.splice(index, 1);
    else if (chunk.ids.length < CHUNK_MERGE) this.mergeSmall(index);
    return value;
  }

  /** The entry with the smallest id. */
  first(): PendingSlot<V> | undefined {
    const chunk = this.chunks[0];
    return chunk && { id: chunk.ids[0], value: chunk.values[0] };
  }

  /** The entry with the greatest id. */
  last(): PendingSlot<V> | undefined {
    const chunk = this.chunks[this.chunks.length - 1];
    if (!chunk) return undefined;
    const at = chunk.ids.length - 1;
    return { id: chunk.ids[at], value: chunk.values[at] };
  }

  /** The first entry with id ≥ `id` (a seek; safe to call between mutations). */
  ceiling(id: StreamId): PendingSlot<V> | undefined {
    let index = this.chunkFor(id);
    const chunk = this.chunks[index];
    if (!chunk) return undefined;
    const at = indexOf(chunk.ids, id);
    if (at < chunk.ids.length) return { id: chunk.ids[at], value: chunk.values[at] };
    index++;
    const next = this.chunks[index];
    return next && { id: next.ids[0], value: next.values[0] };
  }

  /** Entries with id ≥ `from`, in id order. The list must not change while iterating. */
  *entries(from: StreamId = 0n): IterableIterator<PendingSlot<V>> {
    let index = this.chunkFor(from);
    let at = this.chunks[index] ? indexOf(this.chunks[index].ids, from) : 0;
    for (; index < this.chunks.length; index++, at = 0) {
      const chunk = this.chunks[index];
      for (; at < chunk.ids.length; at++) yield { id: chunk.ids[at], value: chunk.values[at] };
    }
  }

  /** Index of the last chunk whose first id is ≤ `id` (0 when `id` precedes all). */
  private chunkFor(id: StreamId): number {
    let lo = 0;
    let hi = this.chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.chunks[mid].ids[0] <= id) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  private split(index: number): void {
    const chunk = this.chunks[index];
    const half = chunk.ids.length >> 1;
    const right: Chunk<V> = { ids: chunk.ids.splice(half), values: chunk.values.splice(half) };
    this.chunks.splice(index + 1, 0, right);
  }

  /** Keeps deletions in the middle from leaving many near-empty chunks behind. */
  private mergeSmall(index: number): void {
    const chunk = this.chunks[index];
    const next = this.chunks[index + 1];
    if (next && chunk.ids.length + next.ids.length <= CHUNK_MAX / 2) {
      chunk.ids.push(...next.ids);
      chunk.values.push(...next.values);
      this.chunks.splice(index + 1, 1);
      return;
    }
    const previous = this.chunks[index - 1];
    if (previous && chunk.ids.length + previous.ids.length <= CHUNK_MAX / 2) {
      previous.ids.push(...chunk.ids);
      previous.values.push(...chunk.values);
      this.chunks.splice(index, 1);
    }
  }
}

/** Position of the first id ≥ `id` in a sorted array. */
function indexOf(ids: readonly StreamId[], id: StreamId): number {
  let lo = 0;
  let hi = ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ids[mid] < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
