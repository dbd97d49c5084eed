/** The stream consumer's user-facing log texts, kept apart from its logic. */

import { summarizeError } from '../error-summary';

/** What happens to an entry whose handler failed. */
export type FailureOutcome =
  | { readonly next: 'dead-letter' }
  | { readonly next: 'retry'; readonly waitMs: number }
  | { readonly next: 'left-pending' };

/** A handler failed on an entry. */
export function handlerFailedMessage(
  label: string,
  stream: string,
  entryId: string,
  delivery: { readonly count: number; readonly max: number },
  error: string,
  outcome: FailureOutcome,
): string {
  const next =
    outcome.next === 'dead-letter'
      ? 'it goes to the dead letter.'
      : outcome.next === 'retry'
        ? `it is delivered again in ${outcome.waitMs} ms.`
        : 'stopping, so it stays pending for another consumer.';
  return (
    `${label} failed on entry ${entryId} of "${stream}" (delivery ${delivery.count} of ` +
    `${delivery.max}): ${error}; ${next}`
  );
}

/** The backend was closed while the consumer ran. */
export function closedUnderConsumerMessage(label: string, reclaimIdleMs: number): string {
  return (
    `${label} stopped: the broker connection was closed while it was running. Its pending ` +
    `entries are reclaimed by live consumers after ${reclaimIdleMs} ms; stop consumers before ` +
    `closing the backend.`
  );
}

/** stop() gave up waiting for some handlers. */
export function unfinishedAtStopMessage(
  label: string,
  unfinished: number,
  timeoutMs: number,
  reclaimIdleMs: number,
): string {
  return (
    `${label}: ${unfinished} handlers did not finish within ${timeoutMs} ms; their entries stay ` +
    `pending and are delivered to a live consumer after ${reclaimIdleMs} ms.`
  );
}

/** What a consumer still has to do, for busy() / whenIdle(). */
export function busyMessage(
  stream: string,
  group: string,
  local: {
    readonly running: number;
    readonly queued: number;
    readonly retrying: number;
    readonly acks: number;
  },
  backlog: string | undefined,
): string | undefined {
  const parts: string[] = [];
  if (local.running > 0) parts.push(`${local.running} running`);
  if (local.queued > 0) parts.push(`${local.queued} waiting for a slot or their key`);
  if (local.retrying > 0) parts.push(`${local.retrying} waiting to be retried`);
  if (local.acks > 0) parts.push(`${local.acks} acks not sent yet`);
  if (backlog) parts.push(backlog);
  return parts.length > 0 ? `stream ${stream} group ${group}: ${parts.join(', ')}` : undefined;
}

/** What stop() was doing when the broker stopped answering. */
export type StreamStopStep =
  'ending its read' | 'sending its last acknowledgements' | 'leaving the group';

/** stop() gave up on the bookkeeping after the drain: the broker did not answer in time. */
export function stopGaveUpMessage(
  label: string,
  group: string,
  waitedMs: number,
  step: StreamStopStep,
  unacknowledged: number,
  reclaimIdleMs: number,
): string {
  const left =
    step === 'leaving the group'
      ? `Everything it handled is acknowledged; it stays listed as a consumer of group ` +
        `"${group}" (harmless; XGROUP DELCONSUMER removes it).`
      : unacknowledged > 0
        ? `${unacknowledged} entries that were handled are not acknowledged: they stay pending in ` +
          `group "${group}" and are delivered again to a live consumer after reclaimIdleMs ` +
          `(${reclaimIdleMs} ms), so their handlers run a second time.`
        : `Entries it still has pending in group "${group}" are delivered again to a live consumer ` +
          `after reclaimIdleMs (${reclaimIdleMs} ms).`;
  return (
    `${label}: stop() gave up after ${waitedMs} ms: the broker did not answer while the consumer ` +
    `was ${step} (is it reachable?). ${left}`
  );
}

/** At start, XINFO CONSUMERS showed this consumer's name busy: another instance seems to use it. */
export function consumerNameInUseMessage(
  label: string,
  seat: { readonly group: string; readonly consumer: string },
  found: { readonly pending: number; readonly idleMs: number },
  reclaimIdleMs: number,
): string {
  return (
    `${label}: consumer "${seat.consumer}" of group "${seat.group}" already has ` +
    `${found.pending} entries pending and was active ${found.idleMs} ms ago (less than ` +
    `reclaimIdleMs, ${reclaimIdleMs} ms): another live instance seems to use the same consumer ` +
    `name. Instances sharing a name share one pending list and take each other's entries for ` +
    `their own: give each instance its own name (consumerName or the consumer option; e.g. add ` +
    `the hostname or pod name). This one will not delete the consumer when it stops. If this ` +
    `instance merely restarted right after a crash, ignore this.`
  );
}

/** A reclaim pass took entries over from consumers that stopped touching them. */
export function reclaimedMessage(
  label: string,
  group: string,
  taken: readonly { readonly deliveryCount: number; readonly from: string | undefined }[],
  maxDeliveries: number,
  reclaimIdleMs: number,
): string {
  const byOwner = new Map<string | undefined, number>();
  for (const { from } of taken) byOwner.set(from, (byOwner.get(from) ?? 0) + 1);
  const owners = [...byOwner]
    .map(([owner, count]) => `${owner === undefined ? 'unknown' : `"${owner}"`} (${count})`)
    .join(', ');
  const dead = taken.filter((t) => t.deliveryCount > maxDeliveries).length;
  return (
    `${label}: reclaimed ${taken.length} entries of group "${group}" idle for over ` +
    `reclaimIdleMs (${reclaimIdleMs} ms), from consumer ${owners}, which died or stalled; each ` +
    `counts as a delivery: ${taken.length - dead} taken on here, ${dead} dead-lettered ` +
    `(delivered more than maxDeliveries times).`
  );
}

/** An XACK failed: sent once more, or given up (the entries stay pending). */
export function ackFailedMessage(
  label: string,
  count: number,
  failure: unknown,
  retry: { readonly willRetry: boolean; readonly inMs: number },
  reclaimIdleMs: number,
): string {
  const error = summarizeError(failure).message;
  return retry.willRetry
    ? `${label}: acknowledging ${count} entries (XACK) failed: ${error}; sending it once more ` +
        `with the next acknowledgement (within ${retry.inMs} ms).`
    : `${label}: acknowledging ${count} entries (XACK) failed again: ${error}; they stay ` +
        `pending and are delivered again to a live consumer after reclaimIdleMs ` +
        `(${reclaimIdleMs} ms), so their handlers run a second time.`;
}
