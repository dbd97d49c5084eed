import { requireArguments } from '../arg-checks';
import { BrokerError } from '../broker.errors';
import type { PubSubNode, Subscriber, SubscriptionKind } from './pubsub-node';
import type { PubSubListener, PubSubMessage } from './pubsub.types';

/** What a client needs from the engine that created it. */
export interface PubSubClientHost {
  /**
   * The node owning the slot of these shard channels. In cluster mode they must all hash to one
   * slot, else CROSSSLOT (named after `command`); standalone, the one node.
   */
  shardNode(channels: readonly string[], command: string): PubSubNode;
  /** Forgets a closed client. */
  release(client: PubSubClient): void;
}

const ignore: PubSubListener = () => undefined;

/**
 * One subscriber connection, attached to one node for SUBSCRIBE / PSUBSCRIBE; its shard channels
 * live on the node owning their slot, as a cluster client's per-node sharded connections do.
 * Every method returns Redis's count after its last argument: channels + patterns for the classic
 * commands; for the S ones, the shard channels held on the node that took the command (in a
 * cluster the slot owner, as a real per-node connection reports). Messages reach the sink
 * synchronously, inside the publish.
 */
export class PubSubClient implements Subscriber {
  private sink: PubSubListener = ignore;
  private readonly channels = new Set<string>();
  private readonly patterns = new Set<string>();
  /** Shard channel → the node it is registered on. */
  private readonly shardChannels = new Map<string, PubSubNode>();
  private isClosed = false;

  constructor(
    private readonly node: PubSubNode,
    private readonly host: PubSubClientHost,
  ) {
    node.attach();
  }

  /** Whether {@link close} was called (by the owner, or by the engine closing every client). */
  get closed(): boolean {
    return this.isClosed;
  }

  /** Where delivered messages go (one sink; a later call replaces it). */
  setSink(sink: PubSubListener): void {
    this.sink = sink;
  }

  /** Called by a node for every message this client receives. */
  deliver(message: PubSubMessage): void {
    this.sink(message);
  }

  /** SUBSCRIBE: at least one channel; duplicates are ignored. */
  subscribe(channels: readonly string[]): number {
    this.addAll('subscribe', 'channel', this.channels, channels);
    return this.classicCount();
  }

  /** UNSUBSCRIBE: the given channels, or all of them when none (or `[]`) are given. */
  unsubscribe(channels?: readonly string[]): number {
    this.deleteAll('channel', this.channels, channels);
    return this.classicCount();
  }

  /** PSUBSCRIBE: at least one glob pattern. */
  psubscribe(patterns: readonly string[]): number {
    this.addAll('psubscribe', 'pattern', this.patterns, patterns);
    return this.classicCount();
  }

  /** PUNSUBSCRIBE: the given patterns (compared as strings, not matched), or all of them. */
  punsubscribe(patterns?: readonly string[]): number {
    this.deleteAll('pattern', this.patterns, patterns);
    return this.classicCount();
  }

  /** SSUBSCRIBE: at least one shard channel; in cluster mode all in one slot (else CROSSSLOT). */
  ssubscribe(channels: readonly string[]): number {
    this.requireArguments('ssubscribe', channels);
    const owner = this.host.shardNode(channels, 'ssubscribe');
    for (const channel of channels) {
      if (this.shardChannels.has(channel)) continue;
      this.shardChannels.set(channel, owner);
      owner.add('shard', channel, this);
    }
    return this.shardCountOn(owner);
  }

  /** SUNSUBSCRIBE: the given shard channels (in cluster mode, of one slot), or all of them. */
  sunsubscribe(channels?: readonly string[]): number {
    this.assertOpen();
    if (!channels?.length) {
      for (const [channel, node] of this.shardChannels) node.delete('shard', channel, this);
      this.shardChannels.clear();
      return 0;
    }
    const owner = this.host.shardNode(channels, 'sunsubscribe');
    for (const channel of channels) {
      this.shardChannels.get(channel)?.delete('shard', channel, this);
      this.shardChannels.delete(channel);
    }
    return this.shardCountOn(owner);
  }

  /** Drops every subscription and detaches from the engine; later calls throw. */
  close(): void {
    if (this.isClosed) return;
    this.unsubscribe();
    this.punsubscribe();
    this.sunsubscribe();
    this.isClosed = true;
    this.sink = ignore;
    this.node.detach();
    this.host.release(this);
  }

  private classicCount(): number {
    return this.channels.size + this.patterns.size;
  }

  /** Shard channels this client holds on one node. */
  private shardCountOn(node: PubSubNode): number {
    let count = 0;
    for (const owner of this.shardChannels.values()) if (owner === node) count++;
    return count;
  }

  private addAll(
    command: string,
    kind: SubscriptionKind,
    held: Set<string>,
    names: readonly string[],
  ): void {
    this.requireArguments(command, names);
    for (const name of names) {
      if (held.has(name)) continue;
      held.add(name);
      this.node.add(kind, name, this);
    }
  }

  private deleteAll(kind: SubscriptionKind, held: Set<string>, names?: readonly string[]): void {
    this.assertOpen();
    for (const name of names?.length ? names : Array.from(held)) {
      if (held.delete(name)) this.node.delete(kind, name, this);
    }
  }

  /** Open connection, and at least one name: Redis's arity error otherwise. */
  private requireArguments(command: string, names: readonly string[]): void {
    this.assertOpen();
    requireArguments(names, command);
  }

  private assertOpen(): void {
    if (this.isClosed) {
      throw new BrokerError(
        'Connection is closed. A closed client stays closed: connect a new one.',
      );
    }
  }
}
