import type { BrokerConnectionStatus, BrokerStatusListener } from '../port/connection.port';

/** What happens to an error thrown by a status listener. */
export type ListenerErrorHandler = (error: unknown) => void;

/** Rethrows on a later tick: an uncaught exception, as from any event listener — not swallowed. */
const rethrowLater: ListenerErrorHandler = (error) =>
  queueMicrotask(() => {
    throw error;
  });

/**
 * A backend's connection status and its listeners (both backends share it). Only changes are
 * reported; `connecting` is only the initial status (a lost connection is `reconnecting`), and
 * `disconnected` is final, so events that arrive after close() change nothing. A listener that
 * throws does not keep the others from being told, nor break the connection code that reported
 * the change: its error goes to `onListenerError`.
 */
export class ConnectionStatus {
  private current: BrokerConnectionStatus;
  private readonly listeners = new Set<BrokerStatusListener>();

  constructor(
    initial: 'connecting' | 'connected',
    /** @default rethrows the error on a later tick (an uncaught exception) */
    private readonly onListenerError: ListenerErrorHandler = rethrowLater,
  ) {
    this.current = initial;
  }

  get value(): BrokerConnectionStatus {
    return this.current;
  }

  /** Moves to `next` and tells the listeners, unless it is the status already or it is final. */
  set(next: Exclude<BrokerConnectionStatus, 'connecting'>): void {
    if (next === this.current || this.current === 'disconnected') return;
    this.current = next;
    for (const listener of [...this.listeners]) {
      try {
        listener(next);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  /** Adds a listener; returns a function that removes it. */
  subscribe(listener: BrokerStatusListener): () => void {
    const own = (status: BrokerConnectionStatus): void => listener(status);
    this.listeners.add(own);
    return () => this.listeners.delete(own);
  }
}
