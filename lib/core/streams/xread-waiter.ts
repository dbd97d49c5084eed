import { ServeResult, type Waiter } from '../blocking/blocking-registry';
import type { Keyspace } from '../keyspace';
import { MAX_ID, type StreamId } from './stream-id';
import type { StreamEntry, StreamReadResult } from './stream.types';
import { type EntryReader, StreamValue } from './stream.value';

/** Redis's XREAD_BLOCKED_DEFAULT_COUNT: what a blocked XREAD or XREADGROUP without COUNT gets at most. */
export const XREAD_BLOCKED_DEFAULT_COUNT = 1000;

/** Reads a reply entry (`ms-seq` text id). */
export const readStreamEntry: EntryReader<StreamEntry> = (node, slot) => ({
  id: node.idTextAt(slot),
  fields: node.fieldsAt(slot),
});

/**
 * A client blocked in XREAD (redis-semantics.md §4.6). XREAD consumes nothing, so every waiter on
 * a key whose stream's last id moved past its own id is served (never `Stop`). As in Redis 7.0 the
 * test is on last-generated-id, so an entry added and deleted in the same command still wakes the
 * client, with an empty list. A deleted key or another type leaves it blocked.
 */
export class XReadWaiter implements Waiter {
  readonly keys: readonly string[];

  constructor(
    private readonly keyspace: Keyspace,
    /** Distinct keys and the id to read after (the first one given for a repeated key). */
    private readonly after: ReadonlyMap<string, StreamId>,
    private readonly count: number,
    private readonly resolve: (reply: StreamReadResult[] | null) => void,
  ) {
    this.keys = [...after.keys()];
  }

  tryServe(key: string): ServeResult {
    const value = this.keyspace.get(key);
    const after = this.after.get(key);
    if (!(value instanceof StreamValue) || after === undefined || value.lastId <= after)
      return ServeResult.Skip;
    const limit = this.count > 0 ? this.count : XREAD_BLOCKED_DEFAULT_COUNT;
    this.resolve([[key, value.range(after + 1n, MAX_ID, limit, false, readStreamEntry)]]);
    return ServeResult.Served;
  }

  expire(): void {
    this.resolve(null);
  }
}
