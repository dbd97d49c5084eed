import { toByteString } from './byte-string';
import { GlobPattern } from './glob';
import type { SlotRange } from './key-slot';
import type { NodeStats, PubSubMessage } from './pubsub.types';

/** Whatever a node delivers to: a subscriber connection. */
export interface Subscriber {
  deliver(message: PubSubMessage): void;
}

/** The three independent namespaces of Redis pub/sub. */
export type SubscriptionKind = 'channel' | 'pattern' | 'shard';

/**
 * One Redis server (a cluster master, or the standalone server): who subscribes to what, and its
 * counters. Each namespace maps a name to its subscribers in subscription order; names without
 * subscribers are removed. Delivery looks the channel up by name and tests each distinct pattern
 * once, so it costs O(subscribers of the channel + patterns), however many other channels exist.
 */
export class PubSubNode {
  private readonly subscriptions: Record<SubscriptionKind, Map<string, Set<Subscriber>>> = {
    channel: new Map(),
    pattern: new Map(),
    shard: new Map(),
  };
  /** Compiled once per distinct pattern, while anyone on this node holds it. */
  private readonly globs = new Map<string, GlobPattern>();
  private clients = 0;
  private published = 0;
  private shardPublished = 0;
  private delivered = 0;

  constructor(
    readonly index: number,
    readonly slots: SlotRange,
  ) {}

  attach(): void {
    this.clients++;
  }

  detach(): void {
    this.clients--;
  }

  add(kind: SubscriptionKind, name: string, subscriber: Subscriber): void {
    const map = this.subscriptions[kind];
    const subscribers = map.get(name);
    if (subscribers) return void subscribers.add(subscriber);
    map.set(name, new Set([subscriber]));
    if (kind === 'pattern') this.globs.set(name, new GlobPattern(name));
  }

  delete(kind: SubscriptionKind, name: string, subscriber: Subscriber): void {
    const map = this.subscriptions[kind];
    const subscribers = map.get(name);
    if (!subscribers?.delete(subscriber) || subscribers.size > 0) return;
    map.delete(name);
    if (kind === 'pattern') this.globs.delete(name);
  }

  /** Subscribers of one name (PUBSUB NUMSUB / SHARDNUMSUB). */
  count(kind: SubscriptionKind, name: string): number {
    return this.subscriptions[kind].get(name)?.size ?? 0;
  }

  /** Distinct names with subscribers (PUBSUB NUMPAT for patterns). */
  size(kind: SubscriptionKind): number {
    return this.subscriptions[kind].size;
  }

  /** PUBSUB CHANNELS / SHARDCHANNELS: names with subscribers, filtered by a glob when given. */
  names(kind: SubscriptionKind, pattern?: string): string[] {
    const names = Array.from(this.subscriptions[kind].keys());
    if (pattern === undefined) return names;
    const glob = new GlobPattern(pattern);
    return names.filter((name) => glob.matches(name));
  }

  /**
   * PUBLISH as this node runs it (taken from a client or propagated over the cluster bus): the
   * channel's subscribers get `message`, then each matching (client, pattern) pair a `pmessage`,
   * so one client sees its `message` before its `pmessage`s. Returns the number of deliveries.
   */
  publish(channel: string, payload: string): number {
    this.published++;
    let count = this.deliver('channel', channel, { kind: 'message', channel, payload });
    if (this.globs.size > 0) {
      const subject = toByteString(channel);
      for (const [pattern, glob] of this.globs) {
        if (!glob.matchesBytes(subject)) continue;
        count += this.deliver('pattern', pattern, { kind: 'pmessage', pattern, channel, payload });
      }
    }
    return count;
  }

  /** SPUBLISH on the slot owner: the shard channel's subscribers get `smessage`. */
  spublish(channel: string, payload: string): number {
    this.shardPublished++;
    return this.deliver('shard', channel, { kind: 'smessage', channel, payload });
  }

  stats(): NodeStats {
    return {
      node: this.index,
      slots: this.slots,
      published: this.published,
      shardPublished: this.shardPublished,
      delivered: this.delivered,
      clients: this.clients,
      channels: this.size('channel'),
      patterns: this.size('pattern'),
      shardChannels: this.size('shard'),
    };
  }

  /**
   * Hands one message to every subscriber of `name`. Iterates a snapshot, so a subscriber that
   * (un)subscribes while being delivered to changes the next publish, not this one.
   */
  private deliver(kind: SubscriptionKind, name: string, message: PubSubMessage): number {
    const subscribers = this.subscriptions[kind].get(name);
    if (!subscribers) return 0;
    const snapshot = Array.from(subscribers);
    for (const subscriber of snapshot) subscriber.deliver(message);
    this.delivered += snapshot.length;
    return snapshot.length;
  }
}
