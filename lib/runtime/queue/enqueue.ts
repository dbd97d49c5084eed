import type { BrokerHeaders } from '../broker-message';
import { helperKeyPrefix } from '../broker-keys';
import type { RuntimeDeps } from '../delivery-runner';

/** Options of `enqueue()`. */
export interface EnqueueOptions {
  /** Headers to carry (string values): a correlation id, `traceparent`, ... */
  readonly headers?: BrokerHeaders;
}

/**
 * Adds `data` to `queue` in an envelope (LPUSH: workers take from the other end, so the queue is
 * FIFO). Resolves the queue's length after the push. Throws before anything is sent when the data
 * cannot be encoded, is too large, or the name cannot be a queue's.
 */
export async function enqueue(
  deps: Pick<RuntimeDeps, 'port' | 'codec'>,
  queue: string,
  data: unknown,
  options: EnqueueOptions = {},
): Promise<number> {
  // A worker could not take from it: its helper keys need a slot the name shares.
  helperKeyPrefix(queue);
  const { text } = deps.codec.encode(data, { headers: options.headers });
  return deps.port.lpush(queue, [text]);
}
