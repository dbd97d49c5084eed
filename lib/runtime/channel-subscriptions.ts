import { keySlot } from '../core/pubsub/key-slot';
import type { PubSubMessage } from '../core/pubsub/pubsub.types';
import type { BrokerPort } from '../port/broker.port';
import type { SubscriberPort } from '../port/pubsub.port';
import type { BrokerMessage, DeliveryHandler, DeliveryInfo } from './broker-message';
import type { BrokerLogger } from '../core/broker-logger';
import { summarizeError } from './error-summary';
import type { InFlight } from './in-flight';
import type { MessageCodec } from './message-codec';

/** The three pub/sub namespaces a handler can listen on. */
export type ChannelKind = 'channel' | 'pattern' | 'shard';

/** One handler and what it listens to. */
export interface ChannelRoute {
  readonly kind: ChannelKind;
  /** Channels, globs or shard channels. */
  readonly names: readonly string[];
  readonly handler: DeliveryHandler;
  /** Names the handler in logs, e.g. `OrdersController.created`. */
  readonly label: string;
}

/** What the subscriptions run on. */
export interface ChannelSubscriptionsDeps {
  readonly port: BrokerPort;
  readonly codec: MessageCodec;
  readonly logger: BrokerLogger;
  readonly inFlight: InFlight;
}

const FRAME_KIND: Record<PubSubMessage['kind'], ChannelKind> = {
  message: 'channel',
  pmessage: 'pattern',
  smessage: 'shard',
};

/**
 * Pub/sub delivery: one subscriber connection for every channel, pattern and shard channel of the
 * app; each message goes to every handler listening on its channel (and a pattern handler gets
 * its own `pmessage` copy, as Redis sends it). At most once: a handler that fails, or a message
 * that cannot be decoded, is logged and the message is gone.
 */
export class ChannelSubscriptions {
  private readonly routes = new Map<string, ChannelRoute[]>();
  private readonly names: Record<ChannelKind, Set<string>> = {
    channel: new Set(),
    pattern: new Set(),
    shard: new Set(),
  };
  private subscriber: SubscriberPort | undefined;
  private stopping = false;

  constructor(
    private readonly deps: ChannelSubscriptionsDeps,
    routes: readonly ChannelRoute[],
  ) {
    for (const route of routes) {
      for (const name of new Set(route.names)) {
        this.names[route.kind].add(name);
        const key = routeKey(route.kind, name);
        const list = this.routes.get(key);
        if (list) list.push(route);
        else this.routes.set(key, [route]);
      }
    }
  }

  /** Whether any handler listens to anything. */
  get empty(): boolean {
    return this.routes.size === 0;
  }

  /** Opens the subscriber connection and subscribes every name; resolves once Redis confirmed. */
  async start(): Promise<void> {
    if (this.empty || this.subscriber) return;
    const subscriber = await this.deps.port.createSubscriber();
    this.subscriber = subscriber;
    subscriber.onMessage((frame) => this.receive(frame));
    const { channel, pattern, shard } = this.names;
    if (channel.size > 0) await subscriber.subscribe([...channel]);
    if (pattern.size > 0) await subscriber.psubscribe([...pattern]);
    // On a cluster one SSUBSCRIBE may only name channels of one slot.
    for (const group of this.bySlot([...shard])) await subscriber.ssubscribe(group);
  }

  /** Stops taking messages: unsubscribes and closes the connection. Running handlers go on. */
  async stop(): Promise<void> {
    this.stopping = true;
    const subscriber = this.subscriber;
    this.subscriber = undefined;
    await subscriber?.close();
  }

  private receive(frame: PubSubMessage): void {
    if (this.stopping) return;
    const kind = FRAME_KIND[frame.kind];
    const name = frame.kind === 'pmessage' ? frame.pattern : frame.channel;
    const routes = this.routes.get(routeKey(kind, name));
    if (!routes) return;
    const delivery: DeliveryInfo =
      frame.kind === 'pmessage'
        ? { kind, channel: frame.channel, pattern: frame.pattern }
        : { kind, channel: frame.channel };
    let message: BrokerMessage;
    try {
      message = this.deps.codec.decode(frame.payload).message;
    } catch (error) {
      this.deps.logger.error(
        `Dropped a message on ${describe(delivery)}: ${summarizeError(error).message} ` +
          `(pub/sub delivers at most once; nothing is retried).`,
      );
      return;
    }
    for (const route of routes) void this.run(route, message, delivery);
  }

  private async run(
    route: ChannelRoute,
    message: BrokerMessage,
    delivery: DeliveryInfo,
  ): Promise<void> {
    try {
      await this.deps.inFlight.run(() => route.handler(message, delivery));
    } catch (error) {
      const summary = summarizeError(error);
      this.deps.logger.error(
        `${route.label} failed on ${describe(delivery)}, message ${message.id ?? '(raw)'}: ` +
          `${summary.message}`,
        summary.stack,
      );
    }
  }

  private bySlot(channels: readonly string[]): string[][] {
    if (channels.length === 0) return [];
    if (!this.deps.port.clustered) return [[...channels]];
    const groups = new Map<number, string[]>();
    for (const channel of channels) {
      const slot = keySlot(channel);
      const group = groups.get(slot);
      if (group) group.push(channel);
      else groups.set(slot, [channel]);
    }
    return [...groups.values()];
  }
}

function routeKey(kind: ChannelKind, name: string): string {
  return `${kind}\u0000${name}`;
}

function describe(delivery: DeliveryInfo): string {
  if (delivery.kind === 'pattern')
    return `channel "${delivery.channel}" (pattern "${delivery.pattern}")`;
  return `${delivery.kind === 'shard' ? 'shard channel' : 'channel'} "${delivery.channel}"`;
}
