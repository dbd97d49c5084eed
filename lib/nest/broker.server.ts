import { Inject, Injectable, Logger } from '@nestjs/common';
import { type CustomTransportStrategy, type MessageHandler, Server } from '@nestjs/microservices';
import { type Observable, lastValueFrom, throwError } from 'rxjs';
import { BrokerConfigurationError } from '../core/broker.errors';
import type { BrokerPort } from '../port/broker.port';
import type { BrokerConnectionStatus } from '../port/connection.port';
import type { BrokerMessage, DeliveryHandler, DeliveryInfo } from '../runtime/broker-message';
import { type ChannelRoute, ChannelSubscriptions } from '../runtime/channel-subscriptions';
import type { DeliveryRunner, RuntimeDeps } from '../runtime/delivery-runner';
import type { DeliveryStats } from '../runtime/delivery-stats';
import { InFlight } from '../runtime/in-flight';
import { BROKER_RESOLVED_OPTIONS, BROKER_TRANSPORT } from './broker.constants';
import { BrokerConnection, type ResolvedBrokerOptions } from './broker-connection';
import { BrokerContext } from './broker.context';
import { BrokerIdleTimeoutError } from './broker-idle.error';
import { createRunners, type StoredRoute } from './broker-runners';
import { readBrokerMetadata } from './decorators/broker-handler.metadata';
import { describeHandlerError, takeHandlerError } from './handler-errors';
import { listeningMessage } from './broker-server.messages';
import { encodeReply, requestChannel } from './request-reply.protocol';

/** Connection status the server reports through `status` (Nest's observable). */
export type BrokerServerStatus = 'connected' | 'reconnecting' | 'disconnected';

/** Events of {@link BrokerServer.on}. */
export type BrokerServerEvents = {
  /** The connection status changed (the same values as the `status` observable). */
  status: (status: BrokerServerStatus) => void;
};

type Lifecycle = 'idle' | 'listening' | 'closed';

/** How often whenIdle() looks again. */
const IDLE_POLL_MS = 10;

const SERVER_STATUS: Record<BrokerConnectionStatus, BrokerServerStatus> = {
  connecting: 'reconnecting',
  connected: 'connected',
  reconnecting: 'reconnecting',
  disconnected: 'disconnected',
};

/**
 * The broker's Nest transport strategy. Connect it to a hybrid app with
 * `app.connectMicroservice({ strategy: app.get(BrokerServer) }, { inheritAppConfig: true })`, or
 * start a standalone microservice with `{ inject: [BrokerServer], useFactory: (s) => ({ strategy: s }) }`.
 * It finds the app's broker handlers (`@OnChannel`, `@OnPattern`, plain `@EventPattern` as a
 * channel, `@MessagePattern` for `BrokerClient.send()`), runs each message through Nest's pipeline
 * (pipes, guards, interceptors, filters), and on close stops taking messages and lets running
 * handlers finish within `shutdownTimeoutMs`. The backend itself belongs to the module.
 */
@Injectable()
export class BrokerServer
  extends Server<BrokerServerEvents, BrokerServerStatus>
  implements CustomTransportStrategy
{
  override transportId = BROKER_TRANSPORT;
  protected override readonly logger = new Logger('BrokerServer');
  private readonly inFlight = new InFlight();
  private subscriptions: ChannelSubscriptions | undefined;
  private runners: DeliveryRunner[] = [];
  private lifecycle: Lifecycle = 'idle';
  private stopWatchingStatus: (() => void) | undefined;

  constructor(
    private readonly connection: BrokerConnection,
    @Inject(BROKER_RESOLVED_OPTIONS) private readonly options: ResolvedBrokerOptions,
  ) {
    super();
    this.initializeSerializer({});
    this.initializeDeserializer({});
    // Nest 12: failures are the server's to report (it awaits every handler), so Nest need not
    // log RpcExceptions a second time. Set this way because Nest 11 has no such member.
    (this as { propagatesEventHandlerErrors?: boolean }).propagatesEventHandlerErrors = true;
  }

  /** Subscribes every handler; `callback` gets the error when that fails. */
  listen(callback: (error?: unknown) => void): void {
    this.start().then(
      () => callback(),
      (error: unknown) => callback(error),
    );
  }

  /** Stops taking messages, then waits up to `shutdownTimeoutMs` for running handlers. */
  async close(): Promise<void> {
    if (this.lifecycle === 'closed') return;
    const wasListening = this.lifecycle === 'listening';
    this.lifecycle = 'closed';
    if (!wasListening) return; // app.init() + close() without listen(): nothing started
    this.stopWatchingStatus?.();
    const timeoutMs = this.options.shutdownTimeoutMs;
    this.logger.log(`Stopping: no new messages; running handlers get up to ${timeoutMs} ms.`);
    // Every runner stops taking messages at once and drains in parallel with pub/sub.
    await Promise.all([
      this.drainChannels(timeoutMs),
      ...this.runners.map((r) => r.stop(timeoutMs)),
    ]);
    this._status$.next('disconnected');
  }

  /**
   * For tests: resolves once nothing is left to do — no handler running, every worked queue empty
   * (no message waiting, in flight or scheduled for a retry) and every consumed group with nothing
   * pending and no lag. Rejects with {@link BrokerIdleTimeoutError}, saying what is still busy,
   * after `timeoutMs` (default 5000). A pub/sub message still on its way is not seen: wait for
   * what its handler does instead. Retries wait on the runtime's clock: with a `ManualClock`,
   * advance it.
   */
  async whenIdle(options: { readonly timeoutMs?: number } = {}): Promise<void> {
    const timeoutMs = options.timeoutMs ?? 5000;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      // Lets in-process deliveries already queued (microtasks, timers due) start first.
      await new Promise<void>((resolve) => setImmediate(resolve));
      const busy = await this.busy();
      if (busy.length === 0) return;
      if (Date.now() >= deadline) throw new BrokerIdleTimeoutError(timeoutMs, busy);
      await new Promise<void>((resolve) => setTimeout(resolve, IDLE_POLL_MS));
    }
  }

  /** Counters of every queue worker and stream consumer, by their label. */
  stats(): Record<string, DeliveryStats> {
    return Object.fromEntries(this.runners.map((runner) => [runner.label, runner.stats()]));
  }

  /**
   * Listens to the server's events (see {@link BrokerServerEvents}): `on('status', cb)` is told of
   * every status change, as the `status` observable reports them. Failures of handlers and of the
   * runtime are logged through Nest's `Logger` (context `BrokerServer`).
   */
  on<K extends keyof BrokerServerEvents>(event: K, callback: BrokerServerEvents[K]): void {
    if (event !== 'status') {
      throw new BrokerConfigurationError('event', event, "'status' (BrokerServer.on)");
    }
    this.status.subscribe((status) => callback(status));
  }

  /** The backend (`BrokerPort`) the server runs on. */
  unwrap<T = BrokerPort>(): T {
    return this.connection.port as unknown as T;
  }

  private async start(): Promise<void> {
    if (this.lifecycle !== 'idle') return;
    this.lifecycle = 'listening';
    const port = this.connection.port;
    const { channels, stored } = this.routes();
    this.subscriptions = new ChannelSubscriptions(
      { port, codec: this.options.codec, logger: this.logger, inFlight: this.inFlight },
      channels,
    );
    const deps: RuntimeDeps = {
      port,
      codec: this.options.codec,
      logger: this.logger,
      clock: this.options.clock,
      instance: this.options.consumerName,
    };
    this.runners = createRunners(stored, deps);
    await this.subscriptions.start();
    await Promise.all(this.runners.map((runner) => runner.start()));
    this._status$.next('connected');
    this.logger.log(listeningMessage(port.backend, channels, this.runners));
    // The backend reconnects and resubscribes by itself; the server reports what it goes through.
    this.stopWatchingStatus = port.onStatusChange((status) => {
      this._status$.next(SERVER_STATUS[status]);
      if (status === 'reconnecting')
        this.logger.warn(`Lost the ${port.backend} backend; reconnecting.`);
      if (status === 'connected') this.logger.log(`Reconnected to the ${port.backend} backend.`);
    });
  }

  /** The app's handlers by kind: pub/sub routes, and the queue and stream handlers. */
  private routes(): { channels: ChannelRoute[]; stored: StoredRoute[] } {
    const routes: ChannelRoute[] = [];
    const stored: StoredRoute[] = [];
    for (const [pattern, handler] of this.getHandlers()) {
      const metadata = readBrokerMetadata(handler.extras);
      if (metadata?.kind === 'queue' || metadata?.kind === 'stream') {
        stored.push({ metadata, handler: this.deliver(handler) });
      } else if (metadata) {
        routes.push({ ...metadata, handler: this.deliver(handler) });
      } else if (handler.isEventHandler) {
        // A plain @EventPattern('orders.created') listens on that channel.
        routes.push({
          kind: 'channel',
          names: [pattern],
          label: `@EventPattern(${pattern})`,
          handler: this.deliver(handler),
        });
      } else {
        routes.push({
          kind: 'channel',
          names: [requestChannel(pattern)],
          label: `@MessagePattern(${pattern})`,
          handler: this.answer(handler, pattern),
        });
      }
    }
    return { channels: routes, stored };
  }

  private async drainChannels(timeoutMs: number): Promise<void> {
    await this.subscriptions?.stop();
    if (await this.inFlight.drain(timeoutMs, this.options.clock)) return;
    this.logger.warn(
      `${this.inFlight.size} handler(s) still running after shutdownTimeoutMs ` +
        `(${timeoutMs} ms); closing without them.`,
    );
  }

  /** What is still busy, for whenIdle(). */
  private async busy(): Promise<string[]> {
    const busy: string[] = [];
    if (this.inFlight.size > 0) busy.push(`${this.inFlight.size} pub/sub handler(s) running`);
    for (const reason of await Promise.all(this.runners.map((runner) => runner.busy()))) {
      if (reason) busy.push(reason);
    }
    return busy;
  }

  /** A runtime handler running `handler` through Nest's pipeline; rejects with what it threw. */
  private deliver(handler: MessageHandler): DeliveryHandler {
    return async (message, delivery) => {
      const context = new BrokerContext([delivery, message]);
      try {
        const result: unknown = await handler(message.data, context);
        await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
      } catch (failure) {
        throw describeHandlerError(takeHandlerError(context) ?? failure);
      }
    };
  }

  /** A runtime handler answering requests: every value of the result is published as a reply. */
  private answer(handler: MessageHandler, pattern: string): DeliveryHandler {
    return async (message, delivery) => {
      const { id, replyTo } = message;
      if (id === undefined || replyTo === undefined) {
        this.logger.warn(
          `Ignored a message on ${requestChannel(pattern)}: it is not a request (no reply channel).`,
        );
        return;
      }
      const response$ = await this.respond(handler, message, delivery);
      await new Promise<void>((resolve) => {
        this.send(response$, async (packet) => {
          try {
            await this.connection.port.publish(
              replyTo,
              encodeReply(this.options.codec, {
                ...packet,
                id,
                responder: this.options.consumerName,
              }),
            );
          } catch (error) {
            this.logger.error(`Could not reply to request ${id} (${pattern}): ${String(error)}`);
          }
          if (packet.isDisposed) resolve();
        });
      });
    };
  }

  private async respond(
    handler: MessageHandler,
    message: BrokerMessage,
    delivery: DeliveryInfo,
  ): Promise<Observable<unknown>> {
    try {
      const result: unknown = await handler(message.data, new BrokerContext([delivery, message]));
      return this.transformToObservable(result);
    } catch (error) {
      return throwError(() => error);
    }
  }
}
