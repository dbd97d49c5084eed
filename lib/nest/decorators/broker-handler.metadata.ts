import type { QueueWorkerOptions } from '../../runtime/queue';
import type { ChannelKind } from '../../runtime/channel-subscriptions';
import { BROKER_EXTRAS_KEY } from '../broker.constants';
import type { StreamConsumerDecoratorOptions } from './stream-consumer.decorator';

/** What every broker decorator records on a handler (inside Nest's pattern `extras`). */
interface HandlerMetadataBase {
  /** `Class.method`, for logs. */
  readonly label: string;
}

/** `@OnChannel` / `@OnPattern`: channels, globs or shard channels. */
export interface ChannelHandlerMetadata extends HandlerMetadataBase {
  readonly kind: ChannelKind;
  readonly names: readonly string[];
}

/** `@QueueWorker`. */
export interface QueueHandlerMetadata extends HandlerMetadataBase {
  readonly kind: 'queue';
  readonly names: readonly [queue: string];
  readonly options: QueueWorkerOptions;
}

/** `@StreamConsumer`. */
export interface StreamHandlerMetadata extends HandlerMetadataBase {
  readonly kind: 'stream';
  readonly names: readonly [stream: string];
  readonly options: StreamConsumerDecoratorOptions;
}

/** Every kind of broker handler. */
export type BrokerHandlerMetadata =
  ChannelHandlerMetadata | QueueHandlerMetadata | StreamHandlerMetadata;

/** The broker metadata of a registered Nest handler; undefined for plain Nest handlers. */
export function readBrokerMetadata(
  extras: Record<string, unknown> | undefined,
): BrokerHandlerMetadata | undefined {
  const value = extras?.[BROKER_EXTRAS_KEY];
  return typeof value === 'object' && value !== null ? (value as BrokerHandlerMetadata) : undefined;
}
