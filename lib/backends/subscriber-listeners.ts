import type { PubSubListener, PubSubMessage } from '../core/pubsub/pubsub.types';
import type { SubscriberErrorListener } from '../port/pubsub.port';
import type { BrokerLogger } from '../core/broker-logger';
import { errorListenerFailed, listenerFailed } from './broker.messages';

/**
 * The listeners of one subscriber, shared by both backends so a failing listener is handled the
 * same way: its error (a throw, or the rejection of the promise it returned) goes to the `onError`
 * listeners — or, without any, to the backend's logger — and delivery to the other listeners and
 * of the next messages goes on. Nothing a listener does can escape into the transport.
 */
export class SubscriberListeners {
  private readonly messageListeners = new Set<PubSubListener>();
  private readonly errorListeners = new Set<SubscriberErrorListener>();

  constructor(private readonly logger: BrokerLogger) {}

  onMessage(listener: PubSubListener): () => void {
    this.messageListeners.add(listener);
    return () => this.messageListeners.delete(listener);
  }

  onError(listener: SubscriberErrorListener): () => void {
    this.errorListeners.add(listener);
    return () => this.errorListeners.delete(listener);
  }

  /** Hands `message` to every message listener in turn. */
  deliver(message: PubSubMessage): void {
    for (const listener of this.messageListeners) {
      try {
        // Typed as returning void, but an async listener returns a promise: watch it too.
        const result: unknown = listener(message);
        if (isThenable(result)) result.then(undefined, (error) => this.report(error, message));
      } catch (error) {
        this.report(error, message);
      }
    }
  }

  clear(): void {
    this.messageListeners.clear();
    this.errorListeners.clear();
  }

  private report(error: unknown, message: PubSubMessage): void {
    if (this.errorListeners.size === 0) {
      this.log(listenerFailed(error, message));
      return;
    }
    for (const listener of this.errorListeners) {
      try {
        listener(error, message);
      } catch (failure) {
        this.log(errorListenerFailed(failure, message));
      }
    }
  }

  /** The last resort: a logger that throws too is not allowed to reach the transport. */
  private log(text: string): void {
    try {
      this.logger.error(text);
    } catch {
      // Nowhere left to report to.
    }
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof Reflect.get(value, 'then') === 'function'
  );
}
