// The stream consumer runtime, as the Nest layer uses it.
export {
  STREAM_CONSUMER_DEFAULTS,
  resolveStreamConsumerOptions,
  type ResolvedStreamConsumerOptions,
  type StreamConsumerOptions,
  type StreamOrderBy,
} from './stream-consumer.options';
export { StreamConsumerRunner, type StreamConsumerSpec } from './stream-consumer.runner';
export {
  appendToStream,
  readStreamRange,
  type AppendOptions,
  type ReadRangeOptions,
  type StreamMessage,
} from './stream-append';
export { StreamDeadLetters, deadLetterStream } from './stream-dead-letters';
export { StreamDeliveriesExhaustedError } from './stream.errors';
