/**
 * Calls in flight that `close()` must settle itself: ioredis's `Cluster`, disconnected while it
 * waits to reconnect (every node lost), stays `disconnecting` and keeps its queued commands pending
 * forever. A standalone connection needs none of this (see disconnectNow).
 */
export class PendingCalls {
  private readonly rejections = new Set<(error: Error) => void>();

  /** `work`, which `rejectAll` can end early. */
  track<T>(work: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.rejections.add(reject);
      work.then(
        (value) => {
          this.rejections.delete(reject);
          resolve(value);
        },
        (error: unknown) => {
          this.rejections.delete(reject);
          reject(error);
        },
      );
    });
  }

  /** Rejects every tracked call still pending with `error`. */
  rejectAll(error: Error): void {
    for (const reject of this.rejections) reject(error);
    this.rejections.clear();
  }
}
