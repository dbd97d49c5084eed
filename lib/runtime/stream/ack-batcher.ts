import type { Clock, TimerHandle } from '../../core/clock';

/** Wait before ids whose XACK failed are sent again, when no other acknowledgement goes first. */
export const ACK_RETRY_MS = 1000;

/**
 * Collects the ids of entries that are done and acknowledges them with one XACK per flush. The
 * first id schedules a flush on a microtask, so entries that finish together are acknowledged
 * together; while an XACK is on its way new ids wait for the next one (at most one in flight, so
 * under load the batches grow by themselves and the round trips do not).
 *
 * An XACK that fails is sent once more: its ids go with the next XACK (other ids done meanwhile,
 * stop()'s last flush, or after {@link ACK_RETRY_MS} when nothing else comes). An entry left
 * unacknowledged is not lost but is delivered again, to a live consumer after reclaimIdleMs, so
 * its handler runs twice — worth one more try for a passing failure (a failover, a timeout).
 */
export class AckBatcher {
  private waiting: string[] = [];
  /** Ids whose XACK failed once: sent again with the next XACK, and not after that. */
  private retrying: string[] = [];
  private retryTimer: TimerHandle | undefined;
  private sending: Promise<void> | undefined;
  private sendingCount = 0;
  private scheduled = false;

  constructor(
    /** Sends one XACK for `ids`. */
    private readonly send: (ids: string[]) => Promise<unknown>,
    /**
     * Told when an XACK failed: `willRetry` when those ids are sent once more, else they stay
     * pending and are delivered again.
     */
    private readonly failed: (error: unknown, ids: readonly string[], willRetry: boolean) => void,
    private readonly clock: Clock,
  ) {}

  /** Ids added and not acknowledged yet (waiting, to be sent again, or on their way). */
  get size(): number {
    return this.waiting.length + this.retrying.length + this.sendingCount;
  }

  add(id: string): void {
    this.waiting.push(id);
    if (this.scheduled || this.sending) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      void this.next();
    });
  }

  /** Resolves once every id added so far was sent and answered, or failed twice. */
  async flush(): Promise<void> {
    while (this.sending || this.waiting.length > 0 || this.retrying.length > 0) await this.next();
  }

  /** Cancels the timer of a retry (stopping); ids not sent by then stay pending. */
  cancel(): void {
    this.retryTimer?.cancel();
    this.retryTimer = undefined;
  }

  private next(): Promise<void> {
    if (this.sending) return this.sending;
    if (this.waiting.length === 0 && this.retrying.length === 0) return Promise.resolve();
    this.cancel();
    const again = this.retrying;
    const fresh = this.waiting;
    this.retrying = [];
    this.waiting = [];
    const ids = [...again, ...fresh];
    this.sendingCount = ids.length;
    this.sending = this.send(ids).then(
      () => this.sent(),
      (error: unknown) => {
        if (fresh.length > 0) {
          this.retrying = fresh;
          this.retryTimer = this.clock.setTimer(ACK_RETRY_MS, () => {
            this.retryTimer = undefined;
            void this.next();
          });
        }
        this.sent();
        if (again.length > 0) this.failed(error, again, false);
        if (fresh.length > 0) this.failed(error, fresh, true);
      },
    );
    return this.sending;
  }

  private sent(): void {
    this.sending = undefined;
    this.sendingCount = 0;
    if (this.waiting.length > 0) void this.next();
  }
}
