import { helperKeyPrefix } from '../../runtime/broker-keys';
import { type QueueWorkerOptions, resolveQueueWorkerOptions } from '../../runtime/queue';
import { nameOf } from '../broker-names';
import { brokerHandler } from './broker-handler.decorator';

/**
 * Works a queue: each message pushed with `BrokerPublisher.enqueue(queue, data)` (or `LPUSH queue`
 * from any Redis client) is handled by exactly one worker among every app instance, in FIFO
 * order, with up to `concurrency` handlers at once. Reliable: the message is kept in the worker's
 * in-flight list until the handler resolves; a handler that throws (or a guard or pipe that
 * rejects) is retried after `backoff` up to `attempts`, then the message goes to the queue's dead
 * letter with the error; a worker whose process dies has its messages put back after
 * `visibilityTimeoutMs`. `ctx.getQueue()`, `ctx.getAttempt()` (1 on the first try).
 *
 * @example
 * ```ts
 * @QueueWorker('emails', { concurrency: 4, attempts: 5,
 *   backoff: { type: 'exponential', delayMs: 200, maxDelayMs: 30_000 } })
 * send(@Payload() mail: Mail, @Ctx() ctx: BrokerContext) {}
 * ```
 */
export function QueueWorker(queue: string, options: QueueWorkerOptions = {}): MethodDecorator {
  const name = nameOf(queue, '@QueueWorker()', 'queue');
  // Checked now, when the app's code is loaded, rather than when the server starts.
  helperKeyPrefix(name);
  resolveQueueWorkerOptions(options, `@QueueWorker(${JSON.stringify(name)})`);
  return brokerHandler({ kind: 'queue', names: [name], options });
}
