import type { BlockingConnection } from './blocking-pool';

/**
 * The state of one blocking call in flight. Its deadline counts from the call, whatever it waits
 * for first (a node, a pooled connection, the connection's handshake): when it passes before the
 * command reached the server, the call stops waiting and asks the server without blocking.
 */
export class BlockingCall {
  aborted = false;
  /** Answered or given up: `whenEnded` has resolved, or the running command's reply will be taken. */
  ended = false;
  /** The deadline passed. */
  expired = false;
  /**
   * The command is being answered without blocking: its reply must be taken whatever happens
   * (it may have popped data), so ending the call no longer answers it with `null`.
   */
  answering = false;
  /** The connection the command was sent on, while its reply is awaited. */
  connection: BlockingConnection | undefined;
  readonly whenEnded: Promise<null>;
  private finish: (value: null) => void = () => undefined;
  private readonly stopListeners = new Set<() => void>();

  constructor(
    /** The clock reading when the call was made. */
    readonly startedAt: number,
    /** When it times out (ms on the same clock); undefined = never (0) or Redis refuses the timeout. */
    readonly deadline: number | undefined,
  ) {
    this.whenEnded = new Promise((resolve) => (this.finish = resolve));
  }

  /** Ends the call with the timeout reply, unless it is already being answered. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    if (!this.answering) this.finish(null);
    this.stop();
  }

  /** The deadline passed: stop waiting for a connection (a command already sent is left alone). */
  expire(): void {
    if (this.ended || this.expired) return;
    this.expired = true;
    this.stop();
  }

  /** Runs `listener` when the call ends or expires; returns a function that removes it. */
  onStop(listener: () => void): () => void {
    if (this.ended || this.expired) listener();
    else this.stopListeners.add(listener);
    return () => this.stopListeners.delete(listener);
  }

  private stop(): void {
    for (const listener of [...this.stopListeners]) listener();
    this.stopListeners.clear();
  }
}
