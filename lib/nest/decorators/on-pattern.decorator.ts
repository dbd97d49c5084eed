import { namesOf } from '../broker-names';
import { brokerHandler } from './broker-handler.decorator';

/**
 * Handles every message published to a channel matching the Redis glob(s) (`*`, `?`, `[a-z]`,
 * `\` escapes), in every app instance. `ctx.getChannel()` is the channel, `ctx.getPattern()` the
 * glob. A channel handler and a pattern handler matching the same message both run.
 *
 * @example
 * ```ts
 * @OnPattern('orders.*')
 * any(@Payload() data: unknown, @Ctx() ctx: BrokerContext) {}
 * ```
 */
export function OnPattern(pattern: string | readonly string[]): MethodDecorator {
  return brokerHandler({ kind: 'pattern', names: namesOf(pattern, '@OnPattern()', 'glob') });
}
