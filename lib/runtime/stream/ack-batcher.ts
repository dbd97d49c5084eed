/**
 * Collects the ids of entries that are done and acknowledges them with one XACK per flush. The
 * first id schedules a flush on a microtask, so entries that finish together are acknowledged
 * together; while an XACK is on its way new ids wait for the next one (at most one in flight, so
 * under load the batches grow by themselves and the round trips do not).
 */
export class AckBatcher {
  private waiting: string[] = [];
  private sending: Promise<void> | undefined;
  private sendingCount = 0;
  private scheduled = false;

  constructor(
    /** Sends one XACK for `ids`. */
    private readonly send: (ids: string[]) => Promise<unknown>,
    /** Told when an XACK failed: those entries stay pending and are delivered again. */
    private readonly failed: (error: unknown, ids: readonly string[]) => void,
  ) {}

  /** Ids added and not acknowledged yet (waiting or on their way). */
  get size(): number {
    return this.waiting.length + this.sendingCount;
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

  /** Resolves once every id added so far was sent and answered (or reported as failed). */
  async flush(): Promise<void> {
    while (this.sending || this.waiting.length > 0) await this.next();
  }

  private next(): Promise<void> {
    if (this.sending) return this.sending;
    if (this.waiting.length === 0) return Promise.resolve();
    const ids = this.waiting;
    this.waiting = [];
    this.sendingCount = ids.length;
    this.sending = this.send(ids).then(
      () => this.sent(),
      (error: unknown) => {
        this.sent();
        this.failed(error, ids);
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
