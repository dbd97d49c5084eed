/** The queue worker's user-facing log texts, kept apart from its logic. */

/** What stop() was doing when the broker stopped answering. */
export type QueueStopStep =
  | 'waiting for its last take and maintenance pass'
  | 'putting unfinished messages back in the queue'
  | 'removing its lease';

/** stop() gave up on the bookkeeping after the drain: the broker did not answer in time. */
export function stopGaveUpMessage(
  label: string,
  where: { readonly queue: string; readonly inflight: string },
  waitedMs: number,
  step: QueueStopStep,
  visibilityTimeoutMs: number,
): string {
  const left =
    step === 'removing its lease'
      ? `Nothing is left in its in-flight list; its lease expires by itself within ` +
        `${visibilityTimeoutMs} ms.`
      : `Whatever it still held stays in its in-flight list "${where.inflight}": once its lease ` +
        `expires (within visibilityTimeoutMs, ${visibilityTimeoutMs} ms) another worker puts ` +
        `those messages back in queue "${where.queue}", each counted as a failed attempt.`;
  return (
    `${label}: stop() gave up after ${waitedMs} ms: the broker did not answer while the worker ` +
    `was ${step} (is it reachable?). ${left}`
  );
}

/** At start, the lease of this worker's instance name was held by a live worker. */
export function nameInUseMessage(queue: string, instance: string, leaseLeftMs: number): string {
  return (
    `Queue "${queue}": another live worker already uses the instance name "${instance}" (its ` +
    `lease runs for ${leaseLeftMs} ms more). Instances with one name share one in-flight list ` +
    `and put back each other's running messages, which then run twice: give each instance its ` +
    `own name (consumerName; e.g. add the hostname or pod name). The messages in that list are ` +
    `left alone. If this instance merely restarted right after a crash, they go back to the ` +
    `queue when it stops.`
  );
}
