/** Counters of one queue worker or stream consumer, since the app started. */
export interface DeliveryStats {
  /** Messages whose handler resolved. */
  readonly handled: number;
  /** Handler failures (each failed attempt counts). */
  readonly failed: number;
  /** Failures that were scheduled for another attempt. */
  readonly retried: number;
  /** Messages moved to the dead letter. */
  readonly deadLettered: number;
  /** Messages taken back from a worker or consumer that died. */
  readonly reclaimed: number;
  /** Handlers running now. */
  readonly inFlight: number;
}

/** Mutable counters behind a {@link DeliveryStats} snapshot. */
export class DeliveryCounters {
  handled = 0;
  failed = 0;
  retried = 0;
  deadLettered = 0;
  reclaimed = 0;

  snapshot(inFlight: number): DeliveryStats {
    const { handled, failed, retried, deadLettered, reclaimed } = this;
    return { handled, failed, retried, deadLettered, reclaimed, inFlight };
  }
}
