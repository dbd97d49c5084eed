import { BrokerClosedError } from '../../core/broker.errors';
import type { PubSubClient } from '../../core/pubsub/pubsub.client';
import type { PubSubListener, PubSubMessage } from '../../core/pubsub/pubsub.types';
import type { SubscriberErrorListener, SubscriberPort } from '../../port/pubsub.port';
import type { BrokerLogger } from '../../core/broker-logger';
import { SubscriberListeners } from '../subscriber-listeners';
import { wellFormed } from './well-formed';

/**
 * A subscriber connection to the in-process core. Messages are handed to listeners on a later
 * microtask, in publish order — like a socket, a publisher never runs its subscribers' code inside
 * its own `publish` call.
 */
export class MemorySubscriber implements SubscriberPort {
  private readonly listeners: SubscriberListeners;
  private readonly inbox: PubSubMessage[] = [];
  private flushScheduled = false;

  constructor(
    private readonly client: PubSubClient,
    logger: BrokerLogger,
  ) {
    this.listeners = new SubscriberListeners(logger);
    client.setSink((message) => this.receive(message));
  }

  async subscribe(channels: string[]): Promise<number> {
    return this.open.subscribe(wellFormed(channels));
  }

  async unsubscribe(channels?: string[]): Promise<number> {
    return this.open.unsubscribe(wellFormed(channels));
  }

  async psubscribe(patterns: string[]): Promise<number> {
    return this.open.psubscribe(wellFormed(patterns));
  }

  async punsubscribe(patterns?: string[]): Promise<number> {
    return this.open.punsubscribe(wellFormed(patterns));
  }

  async ssubscribe(channels: string[]): Promise<number> {
    return this.open.ssubscribe(wellFormed(channels));
  }

  async sunsubscribe(channels?: string[]): Promise<number> {
    return this.open.sunsubscribe(wellFormed(channels));
  }

  onMessage(listener: PubSubListener): () => void {
    return this.listeners.onMessage(listener);
  }

  onError(listener: SubscriberErrorListener): () => void {
    return this.listeners.onError(listener);
  }

  async close(): Promise<void> {
    this.client.close();
    this.listeners.clear();
  }

  /**
   * The core client, for a call made while open; {@link BrokerClosedError} after close(), this
   * subscriber's or the backend's (which closes every client).
   */
  private get open(): PubSubClient {
    if (this.client.closed) throw new BrokerClosedError('MemorySubscriber');
    return this.client;
  }

  private receive(message: PubSubMessage): void {
    this.inbox.push(message);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    queueMicrotask(() => this.flush());
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.inbox.splice(0);
    for (const message of batch) this.listeners.deliver(message);
  }
}
