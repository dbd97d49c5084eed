import type { ChannelKind } from '../../runtime/channel-subscriptions';
import { BROKER_EXTRAS_KEY } from '../broker.constants';

/** What a broker decorator records on a handler (inside Nest's pattern `extras`). */
export interface ChannelHandlerMetadata {
  readonly kind: ChannelKind;
  /** Channels, globs or shard channels. */
  readonly names: readonly string[];
  /** `Class.method`, for logs. */
  readonly label: string;
}

/** Every kind of broker handler. */
export type BrokerHandlerMetadata = ChannelHandlerMetadata;

/** The broker metadata of a registered Nest handler; undefined for plain Nest handlers. */
export function readBrokerMetadata(
  extras: Record<string, unknown> | undefined,
): BrokerHandlerMetadata | undefined {
  const value = extras?.[BROKER_EXTRAS_KEY];
  return typeof value === 'object' && value !== null ? (value as BrokerHandlerMetadata) : undefined;
}
