export { queueKeys, type QueueKeys } from './queue-keys';
export {
  QUEUE_WORKER_DEFAULTS,
  type QueueWorkerOptions,
  type ResolvedQueueWorkerOptions,
  resolveQueueWorkerOptions,
} from './queue-worker.options';
