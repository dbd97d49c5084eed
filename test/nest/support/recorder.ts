/**
 * Collects what handlers saw, and lets a test wait for it: `await recorder.waitFor(n)` resolves
 * once `n` records exist, or fails after a bound with what was recorded so far.
 */
export class Recorder<T = unknown> {
  readonly records: T[] = [];
  private waiters: Array<() => void> = [];

  record(value: T): void {
    this.records.push(value);
    for (const wake of this.waiters.splice(0)) wake();
  }

  /** Resolves with the records once there are at least `count` matching `filter`. */
  async waitFor(
    count: number,
    filter: (value: T) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<T[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const matching = this.records.filter(filter);
      if (matching.length >= count) return matching;
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(
          `waited ${timeoutMs} ms for ${count} record(s), have ${matching.length}: ` +
            JSON.stringify(this.records, (_k, v: unknown) =>
              typeof v === 'bigint' ? String(v) : v,
            ),
        );
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}
