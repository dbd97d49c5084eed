import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { ClientProxy, type ReadPacket, type WritePacket } from '@nestjs/microservices';
import { BrokerClosedError } from '../core/broker.errors';
import type { BrokerPort } from '../port/broker.port';
import type { SubscriberPort } from '../port/pubsub.port';
import { summarizeError } from '../runtime/error-summary';
import { BrokerNoResponderError, BrokerRequestTimeoutError } from '../runtime/runtime.errors';
import { BROKER_RESOLVED_OPTIONS } from './broker.constants';
import { BrokerConnection, type ResolvedBrokerOptions } from './broker-connection';
import { BrokerPublisher } from './broker.publisher';
import { decodeReply, replyChannel, requestChannel } from './request-reply.protocol';

/** Connection status of the client's reply subscription. */
export type BrokerClientStatus = 'connected' | 'disconnected';

/**
 * The broker as a Nest `ClientProxy`. `emit(channel, data)` publishes like
 * `BrokerPublisher.publish` (the observable gives the receiver count); `send(pattern, data)` is
 * request–reply with `@MessagePattern(pattern)` handlers of any app on the same broker, failing
 * with a `BrokerRequestTimeoutError` (name `TimeoutError`) after `requestTimeoutMs`. Replies come
 * back on a channel of this client's own, subscribed on the first `send()`.
 */
@Injectable()
export class BrokerClient
  extends ClientProxy<Record<never, never>, BrokerClientStatus>
  implements OnApplicationShutdown
{
  /** This client's reply channel. */
  readonly replyChannel = replyChannel(randomUUID());
  private readonly logger = new Logger('BrokerClient');
  private replies: Promise<SubscriberPort> | undefined;
  /** Which server answers each pending request: the first to reply; the others are ignored. */
  private readonly responders = new Map<string, string>();
  private closed = false;

  constructor(
    private readonly connection: BrokerConnection,
    private readonly publisher: BrokerPublisher,
    @Inject(BROKER_RESOLVED_OPTIONS) private readonly options: ResolvedBrokerOptions,
  ) {
    super();
    this.initializeSerializer({});
    this.initializeDeserializer({});
  }

  /** Nothing to open up front: the module's backend is already connected. */
  async connect(): Promise<void> {
    if (this.closed) throw new BrokerClosedError('BrokerClient');
  }

  /** Drops the reply subscription; requests still waiting fail as timed out would. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const replies = this.replies;
    this.replies = undefined;
    await replies?.then((subscriber) => subscriber.close()).catch(() => undefined);
    this._status$.next('disconnected');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }

  /** Requests sent and still waiting for their reply. */
  get pendingRequests(): number {
    return this.routingMap.size;
  }

  /** The backend (`BrokerPort`) the client runs on. */
  unwrap<T = BrokerPort>(): T {
    return this.connection.port as unknown as T;
  }

  protected publish(packet: ReadPacket, callback: (packet: WritePacket) => void): () => void {
    const { id } = this.assignPacketId(packet);
    const pattern = this.normalizePattern(packet.pattern);
    this.routingMap.set(id, callback);
    const fail = (err: unknown): void => {
      if (this.routingMap.delete(id)) callback({ err, isDisposed: true });
      this.responders.delete(id);
    };
    const timer = this.options.clock.setTimer(this.options.requestTimeoutMs, () =>
      fail(new BrokerRequestTimeoutError(pattern, this.options.requestTimeoutMs)),
    );
    this.sendRequest(id, pattern, packet.data).then(
      (receivers) => {
        // PUBLISH counts every subscriber of a standalone server; a cluster counts one node only.
        if (receivers === 0 && !this.connection.port.clustered) {
          fail(new BrokerNoResponderError(pattern));
        }
      },
      (error: unknown) => fail(error),
    );
    return () => {
      timer.cancel();
      this.routingMap.delete(id);
      this.responders.delete(id);
    };
  }

  /** `emit()`: publishes to the channel; the observable gives Redis's receiver count. */
  protected async dispatchEvent<T = number>(packet: ReadPacket): Promise<T> {
    const receivers = await this.publisher.publish(
      this.normalizePattern(packet.pattern),
      packet.data,
    );
    return receivers as unknown as T;
  }

  private async sendRequest(id: string, pattern: string, data: unknown): Promise<number> {
    await this.subscribeReplies();
    const { text } = this.options.codec.encode(data, { id, replyTo: this.replyChannel });
    return this.connection.port.publish(requestChannel(pattern), text);
  }

  private subscribeReplies(): Promise<SubscriberPort> {
    if (this.closed) return Promise.reject(new BrokerClosedError('BrokerClient'));
    this.replies ??= (async () => {
      const subscriber = await this.connection.port.createSubscriber();
      subscriber.onMessage((frame) => this.receive(frame.payload));
      await subscriber.subscribe([this.replyChannel]);
      this._status$.next('connected');
      return subscriber;
    })();
    this.replies.catch(() => (this.replies = undefined));
    return this.replies;
  }

  private receive(text: string): void {
    let packet;
    try {
      packet = decodeReply(this.options.codec, text);
    } catch (error) {
      this.logger.warn(`Dropped an unreadable reply: ${summarizeError(error).message}`);
      return;
    }
    if (!packet) return;
    const callback = this.routingMap.get(packet.id);
    if (!callback) return; // answered already or timed out
    // Every subscribed instance answers; follow the first one only.
    const responder = this.responders.get(packet.id);
    if (responder === undefined) this.responders.set(packet.id, packet.responder);
    else if (responder !== packet.responder) return;
    if (packet.isDisposed || packet.err !== undefined) {
      this.routingMap.delete(packet.id);
      this.responders.delete(packet.id);
    }
    callback(packet);
  }
}
