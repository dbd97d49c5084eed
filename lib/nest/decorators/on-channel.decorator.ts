import { BrokerConfigurationError } from '../../core/broker.errors';
import { checkOptionKeys } from '../../runtime/option-checks';
import { namesOf } from '../broker-names';
import { brokerHandler } from './broker-handler.decorator';

/** Options of {@link OnChannel}. */
export interface OnChannelOptions {
  /**
   * A sharded channel (Redis 7 SSUBSCRIBE): on a cluster, messages published with
   * `publish(channel, data, { sharded: true })` reach only the shard owning the channel's slot.
   * @default false
   */
  readonly sharded?: boolean;
}

/**
 * Handles every message published to the channel(s), in every app instance (broadcast, at most
 * once). `@Payload()` is the data, `@Ctx()` a `BrokerContext`; pipes, guards, interceptors and
 * exception filters apply as to any Nest handler.
 *
 * @example
 * ```ts
 * @OnChannel('orders.created')
 * created(@Payload() order: Order, @Ctx() ctx: BrokerContext) {}
 * ```
 */
export function OnChannel(
  channel: string | readonly string[],
  options: OnChannelOptions = {},
): MethodDecorator {
  const names = namesOf(channel, '@OnChannel()', 'channel');
  checkOptionKeys(options, ['sharded'], `@OnChannel(${JSON.stringify(channel)})`);
  if (options.sharded !== undefined && typeof options.sharded !== 'boolean') {
    throw new BrokerConfigurationError(
      `@OnChannel(${JSON.stringify(channel)}).sharded`,
      options.sharded,
      'true or false',
    );
  }
  return brokerHandler({ kind: options.sharded ? 'shard' : 'channel', names });
}
