import { ServeResult, type Waiter } from '../blocking/blocking-registry';
import type { Clock } from '../clock';
import type { Keyspace } from '../keyspace';
import { BrokerReplyError } from '../reply-error';
import { deliverNew } from './group-delivery';
import { GroupText } from './group.messages';
import type { StreamLog } from './stream-log';
import type { PendingReadEntry, StreamReadResult } from './stream.types';
import { XREAD_BLOCKED_DEFAULT_COUNT } from './xread-waiter';

/** What a blocked XREADGROUP asked for. */
export interface GroupWaitRequest {
  readonly keys: readonly string[];
  readonly group: string;
  readonly consumer: string;
  /** COUNT as given; ≤ 0 = the blocked default. */
  readonly count: number;
  readonly noAck: boolean;
}

type Reply = StreamReadResult<PendingReadEntry>[] | null;

/**
 * An XREADGROUP blocked for `>` (redis-semantics.md §5.5). Offered a ready key, it re-reads the
 * group's last id — an earlier waiter of the same group may just have taken the new entries — and
 * is served like a synchronous `>` read. A destroyed group or a deleted key ends it with an error.
 */
export class GroupWaiter implements Waiter {
  readonly keys: readonly string[];

  constructor(
    private readonly request: GroupWaitRequest,
    private readonly keyspace: Keyspace,
    private readonly clock: Clock,
    private readonly resolve: (reply: Reply) => void,
    private readonly reject: (error: BrokerReplyError) => void,
  ) {
    this.keys = [...new Set(request.keys)];
  }

  tryServe(key: string): ServeResult {
    const value = this.keyspace.get(key);
    if (value?.type !== 'stream') {
      // 7.0 answers both a deleted key and one overwritten by another type this way.
      this.reject(new BrokerReplyError(GroupText.keyDeleted, 'xreadgroup'));
      return ServeResult.Served;
    }
    const stream = value as StreamLog;
    const group = stream.groups.get(this.request.group);
    if (!group) {
      this.reject(new BrokerReplyError(GroupText.groupDestroyed, 'xreadgroup'));
      return ServeResult.Served;
    }
    // Redis compares with the last generated id, not the last live one: an entry added and then
    // deleted in the same command still wakes the reader, with an empty list (7.0 quirk, §4.6).
    if (stream.lastId <= group.lastId) return ServeResult.Skip;
    const now = this.clock.now();
    const consumer = group.consumerFor(this.request.consumer, now);
    const count = this.request.count > 0 ? this.request.count : XREAD_BLOCKED_DEFAULT_COUNT;
    const entries = deliverNew(stream, group, consumer, count, this.request.noAck, now);
    this.resolve([[key, entries]]);
    return ServeResult.Served;
  }

  expire(): void {
    this.resolve(null);
  }
}
