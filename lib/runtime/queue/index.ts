export { enqueue, type EnqueueOptions } from './enqueue';
export { QueueDeadLetters } from './queue-dead-letters';
export { queueKeys, type QueueKeys } from './queue-keys';
export { QueueWorkerRunner, type QueueWorkerSpec } from './queue-worker.runner';
export {
  QUEUE_WORKER_DEFAULTS,
  type QueueWorkerOptions,
  type ResolvedQueueWorkerOptions,
  resolveQueueWorkerOptions,
} from './queue-worker.options';
export { QueueWorkerLostError } from './queue.errors';
