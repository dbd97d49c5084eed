import type { CoreContext } from '../core.context';
import { BrokerReplyError } from '../reply-error';
import type { ConsumerGroup } from './consumer-group';
import { deliverNew, readHistory } from './group-delivery';
import { GroupWaiter } from './group-waiter';
import { GroupText } from './group.messages';
import { parseBlockMs, parseCount, rejectMissingStreams } from './stream-args';
import { MAX_ID, parseId, type StreamId } from './stream-id';
import type { StreamLog } from './stream-log';
import type {
  PendingReadEntry,
  StreamOffset,
  StreamReadResult,
  XReadGroupOptions,
} from './stream.types';

type ReadReply = StreamReadResult<PendingReadEntry>[] | null;

/** One STREAMS argument, resolved: `after` is `null` for `>` (new entries). */
interface ReadTarget {
  readonly key: string;
  readonly stream: StreamLog;
  readonly group: ConsumerGroup;
  readonly after: StreamId | null;
}

/**
 * XREADGROUP (redis-semantics.md §5.3–§5.5): validates like Redis (arity, slot, COUNT, BLOCK, then
 * key by key: type, group, id), serves what it can at once, and blocks for `>` when asked to and
 * nothing was served.
 */
export function readGroup(
  ctx: CoreContext,
  groupName: string,
  consumerName: string,
  streams: readonly StreamOffset[],
  options: XReadGroupOptions,
): Promise<ReadReply> {
  if (streams.length === 0) rejectMissingStreams('xreadgroup', options);
  ctx.assertSameSlot(streams.map((s) => s.key));
  const count = parseCount(options.count, 'xreadgroup') ?? 0;
  const blockMs =
    options.blockMs === undefined ? undefined : parseBlockMs(options.blockMs, 'xreadgroup');
  const targets = streams.map((offset) => resolveTarget(ctx, groupName, offset));

  const now = ctx.clock.now();
  const noAck = options.noAck ?? false;
  const reply: StreamReadResult<PendingReadEntry>[] = [];
  for (const { key, stream, group, after } of targets) {
    if (after !== null) {
      const consumer = group.consumerFor(consumerName, now);
      reply.push([key, readHistory(stream, consumer, after, count, now)]);
    } else if (stream.length > 0 && stream.lastLiveId > group.lastId) {
      // In 7.0 the consumer is created only when something is served.
      const consumer = group.consumerFor(consumerName, now);
      reply.push([key, deliverNew(stream, group, consumer, count, noAck, now)]);
    }
  }
  if (reply.length > 0 || blockMs === undefined)
    return Promise.resolve(reply.length > 0 ? reply : null);

  return new Promise<ReadReply>((resolve, reject) => {
    const request = {
      keys: targets.map((t) => t.key),
      group: groupName,
      consumer: consumerName,
      count,
      noAck,
    };
    const waiter = new GroupWaiter(request, ctx.keyspace, ctx.clock, resolve, reject);
    ctx.blocking.block(waiter, blockMs, options.signal);
  });
}

function resolveTarget(ctx: CoreContext, groupName: string, offset: StreamOffset): ReadTarget {
  const { key, id } = offset;
  const stream = ctx.keyspace.lookup<StreamLog>(key, 'stream');
  const group = stream?.groups.get(groupName);
  if (!stream || !group) {
    throw new BrokerReplyError(GroupText.noKeyOrGroupRead(key, groupName), 'xreadgroup');
  }
  if (id === '$') throw new BrokerReplyError(GroupText.dollarInReadGroup, 'xreadgroup');
  if (id === '>') return { key, stream, group, after: null };
  const after = parseId(id, 0n, true);
  // Redis marks `>` internally with the greatest id, so that explicit id reads as `>` too.
  return { key, stream, group, after: after === MAX_ID ? null : after };
}
