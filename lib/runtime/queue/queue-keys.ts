import { helperKey } from '../broker-keys';

/**
 * The keys of one queue. All of them share the queue's cluster slot (see `helperKey`), so BLMOVE /
 * LMOVE between them never fail with CROSSSLOT:
 *
 * | key | type | holds |
 * |---|---|---|
 * | `emails` | list | waiting messages: producers LPUSH, workers take from the right (FIFO) |
 * | `{emails}:inflight:<instance>` | list | what that instance's worker took and has not settled |
 * | `{emails}:workers` | sorted set | leases: member = instance, score = lease expiry (ms) |
 * | `{emails}:delayed` | sorted set | retries: member = the message with its attempt count, score = due (ms) |
 * | `{emails}:dead` | list | dead letters, newest on the left |
 * | `{emails}:lock` | string | held (SET NX PX) while one instance runs a maintenance pass |
 */
export interface QueueKeys {
  readonly queue: string;
  readonly workers: string;
  readonly delayed: string;
  readonly dead: string;
  readonly lock: string;
  /** The in-flight list of the worker of `instance`. */
  inflight(instance: string): string;
}

/** The keys of queue `queue`; throws `BrokerConfigurationError` for a name no slot can hold. */
export function queueKeys(queue: string): QueueKeys {
  return {
    queue,
    workers: helperKey(queue, 'workers'),
    delayed: helperKey(queue, 'delayed'),
    dead: helperKey(queue, 'dead'),
    lock: helperKey(queue, 'lock'),
    inflight: (instance) => helperKey(queue, 'inflight', instance),
  };
}
