import { helperKeyPrefix } from '../../runtime/broker-keys';
import { type StreamConsumerOptions, resolveStreamConsumerOptions } from '../../runtime/stream';
import type { BrokerContext } from '../broker.context';
import { nameOf } from '../broker-names';
import { brokerHandler } from './broker-handler.decorator';

/** Options of {@link StreamConsumer}: the runtime's, with `orderBy` given the payload and context. */
export interface StreamConsumerDecoratorOptions<P = unknown> extends Omit<
  StreamConsumerOptions,
  'orderBy'
> {
  /**
   * The ordering key of an entry, from its payload (and context): entries with the same key are
   * handled one at a time in stream order, other keys in parallel. Order holds within one app
   * instance (see the runtime's `orderBy`).
   * @default undefined (no order)
   */
  readonly orderBy?: (payload: P, ctx: BrokerContext) => string | number | undefined;
}

/**
 * Consumes a stream in a consumer group: every group gets every entry appended with
 * `BrokerPublisher.append(stream, data)` (or `XADD` from any client: a raw entry arrives as its
 * fields), and inside a group each entry goes to one consumer. The group is created on start
 * (from `startId`, `'$'` by default). Entries are acknowledged after the handler resolved; a throw
 * leaves the entry pending and it is delivered again after `backoff`, up to `maxDeliveries`, then
 * written to the dead-letter stream and acknowledged. Entries of a consumer that died are
 * reclaimed after `reclaimIdleMs`. `ctx.getStream()`, `getGroup()`, `getConsumer()`,
 * `getEntryId()`, `getDeliveryCount()`.
 *
 * @example
 * ```ts
 * @StreamConsumer('payments', { group: 'billing', batch: 50, concurrency: 8,
 *   maxDeliveries: 5, orderBy: (p: Payment) => p.accountId })
 * bill(@Payload() p: Payment, @Ctx() ctx: BrokerContext) {}
 * ```
 */
export function StreamConsumer<P = unknown>(
  stream: string,
  options: StreamConsumerDecoratorOptions<P>,
): MethodDecorator {
  const name = nameOf(stream, '@StreamConsumer()', 'stream');
  helperKeyPrefix(name);
  // Checked now, when the app's code is loaded; the runtime's orderBy is built by the server.
  const { orderBy, ...rest } = options ?? ({} as StreamConsumerDecoratorOptions<P>);
  resolveStreamConsumerOptions(
    { ...rest, ...(orderBy !== undefined ? { orderBy: orderBy as never } : {}) },
    `@StreamConsumer(${JSON.stringify(name)})`,
  );
  return brokerHandler({
    kind: 'stream',
    names: [name],
    options: options as StreamConsumerDecoratorOptions,
  });
}
