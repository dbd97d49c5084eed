// Public API of nestjs-broker. Everything not exported here is internal.

// The Nest layer.
export { BrokerModule } from './nest/broker.module';
export {
  BROKER_MODULE_DEFAULTS,
  type BrokerModuleOptions,
  type BrokerModuleOptionsFactory,
} from './nest/broker-module.options';
export {
  BrokerServer,
  type BrokerServerEvents,
  type BrokerServerStatus,
} from './nest/broker.server';
export { BrokerClient, type BrokerClientStatus } from './nest/broker.client';
export {
  BrokerPublisher,
  type DeadLetterKind,
  type EnqueueOptions,
  type PublishOptions,
} from './nest/broker.publisher';
export { BrokerIdleTimeoutError } from './nest/broker-idle.error';
export { BrokerContext, type BrokerContextArgs } from './nest/broker.context';
export { OnChannel, type OnChannelOptions } from './nest/decorators/on-channel.decorator';
export { OnPattern } from './nest/decorators/on-pattern.decorator';
export { QueueWorker } from './nest/decorators/queue-worker.decorator';
export {
  StreamConsumer,
  type StreamConsumerDecoratorOptions,
} from './nest/decorators/stream-consumer.decorator';
export { BROKER_PORT, BROKER_TRANSPORT } from './nest/broker.constants';

// Messages, codecs and the errors they raise.
export type {
  BrokerHeaders,
  BrokerMessage,
  DeliveryInfo,
  DeliveryKind,
} from './runtime/broker-message';
export { JsonCodec, type BrokerCodec } from './runtime/codec';
export { BACKOFF_DEFAULTS, type BackoffOptions } from './runtime/retry-policy';
export { DeadLetterError } from './runtime/handler-failure';
export type {
  DeadLetter,
  DeadLetterListOptions,
  DeadLetterReplayOptions,
} from './runtime/dead-letter.types';
export type { DeadLetterReason } from './runtime/envelope';
export type { DeliveryStats } from './runtime/delivery-stats';
export { QUEUE_WORKER_DEFAULTS, type QueueWorkerOptions } from './runtime/queue';
export {
  STREAM_CONSUMER_DEFAULTS,
  type AppendOptions,
  type ReadRangeOptions,
  type StreamConsumerOptions,
  type StreamMessage,
} from './runtime/stream';
export {
  BrokerDecodeError,
  BrokerEncodeError,
  BrokerNoResponderError,
  BrokerPayloadTooLargeError,
  BrokerRequestTimeoutError,
} from './runtime/runtime.errors';

// Backends behind the broker port.
export { MemoryBackend, type MemoryBackendOptions } from './backends/memory/memory.backend';
export { RedisBackend } from './backends/redis/redis.backend';
export type { BlockingDiagnostics } from './backends/redis/blocking-pool';
export { BROKER_WARNING, processWarningLogger } from './backends/broker-logger';
export type { BrokerLogger, LogMessage } from './core/broker-logger';
export type {
  ClusterNodeAddress,
  RedisBackendCommonOptions,
  RedisBackendOptions,
  RedisClusterBackendOptions,
  RedisServerOptions,
} from './backends/redis/redis-backend.options';

// The port.
export type {
  BrokerConnectionStatus,
  BrokerPort,
  BrokerStatusListener,
  ConnectionPort,
  KeyPort,
  ListPort,
  PubSubPort,
  RedisKeyType,
  SortedSetPort,
  StreamPort,
  SubscriberErrorListener,
  StringPort,
  SubscriberPort,
} from './port';

// The in-process core, for direct use and for tests that control time.
export { BrokerCore, type BrokerCoreOptions } from './core/broker-core';
export {
  ManualClock,
  SystemClock,
  type Clock,
  type TimerHandle,
  type TimerOptions,
} from './core/clock';
export { BrokerReplyError } from './core/reply-error';
export {
  BrokerArgumentError,
  BrokerClosedError,
  BrokerConfigurationError,
  BrokerConnectionError,
  BrokerError,
} from './core/broker.errors';
export { keySlot, slotRanges, CLUSTER_SLOTS, type SlotRange } from './core/pubsub/key-slot';
export type { KeyType } from './core/keyspace';
export type { BlockingOptions, KeyedElement, ListEnd } from './core/lists/list.types';
export type { ScoredMember, ScoreRangeLimit } from './core/sorted-sets/sorted-set.types';
export type { SetOptions } from './core/strings/string.types';
export type {
  ChannelCount,
  NodeStats,
  PubSubListener,
  PubSubMessage,
} from './core/pubsub/pubsub.types';
export type {
  AutoClaimResult,
  ConsumerInfo,
  GroupInfo,
  PendingEntry,
  PendingRangeQuery,
  PendingReadEntry,
  PendingSummary,
  StreamEntry,
  StreamInfo,
  StreamOffset,
  StreamReadResult,
  StreamTrim,
  XAddOptions,
  XAutoClaimOptions,
  XClaimOptions,
  XGroupCreateOptions,
  XReadGroupOptions,
  XReadOptions,
} from './core/streams/stream.types';
