import type { TimerHandle } from '../../core/clock';
import type { StreamEntry } from '../../core/streams/stream.types';
import { KeyLanes } from './key-ordering';
import type { DecodedEntry } from './stream-entry.codec';

/**
 * Where a held entry stands: behind its key (`waiting`), due to run (`ready`), `running`, in its
 * backoff, or being claimed back for its retry.
 */
export type HeldPhase = 'waiting' | 'ready' | 'running' | 'backoff' | 'claiming';

/** An entry delivered to this consumer and not done with yet. */
export interface HeldEntry {
  readonly entry: StreamEntry;
  readonly decoded: DecodedEntry;
  readonly key: string | undefined;
  deliveryCount: number;
  phase: HeldPhase;
  retry?: TimerHandle;
}

/**
 * The entries one consumer holds, by phase: a ready queue for free slots, and per-key lanes
 * (`orderBy`) where a key's later entries wait while an earlier one runs or waits to retry.
 */
export class HeldEntries {
  private readonly byId = new Map<string, HeldEntry>();
  private readonly lanes = new KeyLanes<HeldEntry>();
  private readonly readyQueue: HeldEntry[] = [];

  get(id: string): HeldEntry | undefined {
    return this.byId.get(id);
  }

  /** Entries due to run, waiting for a slot. */
  get ready(): number {
    return this.readyQueue.length;
  }

  /** Entries waiting behind their key. */
  get waiting(): number {
    return this.lanes.waiting;
  }

  /** Holds a new entry: ready when its key is free (or it has none), else behind its key. */
  add(held: HeldEntry): void {
    this.byId.set(held.entry.id, held);
    if (this.lanes.admit(held.key, held)) this.makeReady(held);
    else held.phase = 'waiting';
  }

  /** Queues a held entry to run (its retry is due, or its key came free). */
  makeReady(held: HeldEntry): void {
    held.phase = 'ready';
    this.readyQueue.push(held);
  }

  /** The next entry to run, if any. */
  next(): HeldEntry | undefined {
    return this.readyQueue.shift();
  }

  /** Done with `held`: the next entry of its key becomes ready. */
  release(held: HeldEntry): void {
    if (!this.byId.delete(held.entry.id)) return; // dropped at stop, or released already
    const next = this.lanes.release(held.key);
    if (next) this.makeReady(next);
  }

  /** Ids to keep fresh (every held entry except those waiting for their backoff). */
  freshIds(): string[] {
    const ids: string[] = [];
    for (const [id, held] of this.byId) if (held.phase !== 'backoff') ids.push(id);
    return ids;
  }

  /** Forgets every entry that is not running (they stay pending in the group). */
  dropUnstarted(): void {
    for (const [id, held] of this.byId) if (held.phase !== 'running') this.byId.delete(id);
    this.readyQueue.length = 0;
    this.lanes.clear();
  }
}
