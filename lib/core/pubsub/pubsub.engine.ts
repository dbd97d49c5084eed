import { BrokerConfigurationError } from '../broker.errors';
import { BrokerReplyError, ReplyText } from '../reply-error';
import { keySlot, slotRanges } from './key-slot';
import { PubSubClient, type PubSubClientHost } from './pubsub.client';
import { PubSubNode } from './pubsub-node';
import type { ChannelCount, NodeStats } from './pubsub.types';

export interface PubSubEngineOptions {
  /**
   * 0: one standalone server. N ≥ 1: a simulated Redis Cluster of N masters, owning the slot
   * ranges `redis-cli --cluster create` would give them (see `slotRanges`).
   */
  readonly shards: number;
}

/**
 * Redis 7.0 pub/sub (redis-semantics.md §2): channels, glob patterns and shard channels, on one
 * server or on a simulated cluster. As in Redis Cluster, a classic PUBLISH reaches every node, and
 * each node delivers to its own subscribers, while SPUBLISH reaches only the node owning the
 * channel's slot. Per-node counters ({@link nodes}) make the difference visible.
 */
export class PubSubEngine {
  readonly clustered: boolean;
  private readonly nodeList: readonly PubSubNode[];
  private readonly clients = new Set<PubSubClient>();
  private readonly host: PubSubClientHost = {
    shardNode: (channels, command) => this.shardNode(channels, command),
    release: (client) => this.clients.delete(client),
  };
  private nextNode = 0;

  constructor(options: PubSubEngineOptions) {
    const { shards } = options;
    if (!Number.isInteger(shards) || shards < 0) {
      throw new BrokerConfigurationError('shards', shards, 'a whole number ≥ 0 (0 = standalone)');
    }
    this.clustered = shards > 0;
    this.nodeList = slotRanges(Math.max(shards, 1)).map((slots, i) => new PubSubNode(i, slots));
  }

  /** A new subscriber connection on `node`; by default the nodes take turns. */
  connect(node?: number): PubSubClient {
    const home =
      node === undefined ? this.nodeList[this.nextNode++ % this.nodeList.length] : this.node(node);
    const client = new PubSubClient(home, this.host);
    this.clients.add(client);
    return client;
  }

  /**
   * PUBLISH taken by `node`: delivered there first, then (cluster) on every other node. Returns the
   * deliveries on the taking node only, as Redis Cluster does.
   */
  publish(channel: string, message: string, node = 0): number {
    const taker = this.node(node);
    const local = taker.publish(channel, message);
    for (const other of this.nodeList) if (other !== taker) other.publish(channel, message);
    return local;
  }

  /** SPUBLISH: delivered by the node owning the channel's slot only. */
  spublish(channel: string, message: string): number {
    return this.owner(channel).spublish(channel, message);
  }

  // Introspection answers for the whole deployment, as a cluster-aware client gets by asking every
  // node (the Redis backend does exactly that): one node's view would depend on where subscribers
  // happened to connect. On a standalone server this is Redis's own answer.

  /** PUBSUB CHANNELS [pattern]: channels with a subscriber on any node. */
  channels(pattern?: string): string[] {
    const names = new Set<string>();
    for (const node of this.nodeList)
      for (const name of node.names('channel', pattern)) names.add(name);
    return [...names];
  }

  /** PUBSUB NUMSUB: channel subscribers summed over the nodes (pattern subscriptions not counted). */
  numsub(channels: readonly string[]): ChannelCount[] {
    return channels.map((channel) => [
      channel,
      this.nodeList.reduce((sum, node) => sum + node.count('channel', channel), 0),
    ]);
  }

  /** PUBSUB NUMPAT: each node's distinct patterns, summed over the nodes. */
  numpat(): number {
    return this.nodeList.reduce((sum, node) => sum + node.size('pattern'), 0);
  }

  /** PUBSUB SHARDCHANNELS [pattern]: every shard channel, as its slot owner reports it. */
  shardChannels(pattern?: string): string[] {
    return this.nodeList.flatMap((node) => node.names('shard', pattern));
  }

  /** PUBSUB SHARDNUMSUB: each channel's subscribers on its slot owner. */
  shardNumsub(channels: readonly string[]): ChannelCount[] {
    return channels.map((channel) => [channel, this.owner(channel).count('shard', channel)]);
  }

  /** Closes every client (their subscriptions go with them). */
  closeAll(): void {
    for (const client of Array.from(this.clients)) client.close();
  }

  /** Per-node counters and subscription counts, in node order. */
  nodes(): NodeStats[] {
    return this.nodeList.map((node) => node.stats());
  }

  private node(index: number): PubSubNode {
    const node = this.nodeList[index];
    if (!node) throw new RangeError(`no node ${index}: the engine has ${this.nodeList.length}`);
    return node;
  }

  /** The node whose slot range holds the channel's slot (binary search over the ranges). */
  private owner(channel: string): PubSubNode {
    const slot = keySlot(channel);
    let low = 0;
    let high = this.nodeList.length - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (slot > this.nodeList[mid].slots.end) low = mid + 1;
      else high = mid;
    }
    return this.nodeList[low];
  }

  private shardNode(channels: readonly string[], command: string): PubSubNode {
    if (this.clustered) {
      const slot = keySlot(channels[0]);
      if (channels.some((channel) => keySlot(channel) !== slot)) {
        throw new BrokerReplyError(ReplyText.crossSlot, command);
      }
    }
    return this.owner(channels[0]);
  }
}
