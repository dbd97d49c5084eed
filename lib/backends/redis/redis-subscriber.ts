import { BrokerReplyError, ReplyText } from '../../core/reply-error';
import type { PubSubListener, PubSubMessage } from '../../core/pubsub/pubsub.types';
import type { SubscriberPort } from '../../port/pubsub.port';
import type { CommandClient } from './redis-connections';
import { toBrokerError } from './redis-errors';
import { asNumber } from './reply-parsers';

/** How a subscriber reaches Redis. */
export interface SubscriberLinks {
  /** Channels and patterns (in cluster mode: the ioredis Cluster, which also routes shard channels). */
  readonly classic: CommandClient;
  /** Opens the connection for shard channels; undefined when `classic` handles them (cluster). */
  readonly openShard?: () => CommandClient;
  /** Cluster mode: groups shard channels by slot (SSUBSCRIBE / SUNSUBSCRIBE must stay in one). */
  readonly slotOf?: (channel: string) => number;
}

const noop = (): void => undefined;

/**
 * A subscriber over ioredis. Standalone, shard channels get a connection of their own (opened on
 * the first SSUBSCRIBE): Redis counts them apart from channels + patterns, and ioredis leaves
 * subscriber mode when the count of one kind reaches 0, which would drop the other kind's messages
 * on a shared connection. ioredis resubscribes every channel, pattern and shard channel after a
 * reconnect (`autoResubscribe`).
 */
export class RedisSubscriber implements SubscriberPort {
  private readonly listeners = new Set<PubSubListener>();
  private shard: CommandClient | undefined;
  // What this subscriber holds. ioredis resolves an argument-less (P|S)UNSUBSCRIBE only once the
  // count reaches 0, which never happens while the other kind is held: such calls are sent with
  // these names instead, and without any name held, the count Redis would answer is known here.
  private readonly channels = new Set<string>();
  private readonly patterns = new Set<string>();
  private readonly shardChannels = new Set<string>();

  private closing: Promise<void> | undefined;

  constructor(
    private readonly links: SubscriberLinks,
    private readonly onClose: () => void = noop,
  ) {
    this.listen(links.classic);
    if (!links.openShard) this.shard = links.classic;
  }

  async subscribe(channels: string[]): Promise<number> {
    if (channels.length === 0) throw new BrokerReplyError(ReplyText.arity('subscribe'));
    const count = await this.count('subscribe', this.links.classic.subscribe(...channels));
    for (const channel of channels) this.channels.add(channel);
    return count;
  }

  async unsubscribe(channels: string[] = []): Promise<number> {
    const names = channels.length > 0 ? channels : [...this.channels];
    if (names.length === 0) return this.patterns.size;
    const count = await this.count('unsubscribe', this.links.classic.unsubscribe(...names));
    for (const channel of names) this.channels.delete(channel);
    return count;
  }

  async psubscribe(patterns: string[]): Promise<number> {
    if (patterns.length === 0) throw new BrokerReplyError(ReplyText.arity('psubscribe'));
    const count = await this.count('psubscribe', this.links.classic.psubscribe(...patterns));
    for (const pattern of patterns) this.patterns.add(pattern);
    return count;
  }

  async punsubscribe(patterns: string[] = []): Promise<number> {
    const names = patterns.length > 0 ? patterns : [...this.patterns];
    if (names.length === 0) return this.channels.size;
    const count = await this.count('punsubscribe', this.links.classic.punsubscribe(...names));
    for (const pattern of names) this.patterns.delete(pattern);
    return count;
  }

  async ssubscribe(channels: string[]): Promise<number> {
    if (channels.length === 0) throw new BrokerReplyError(ReplyText.arity('ssubscribe'));
    this.assertOneSlot(channels);
    const count = await this.count('ssubscribe', this.shardClient().ssubscribe(...channels));
    for (const channel of channels) this.shardChannels.add(channel);
    return count;
  }

  async sunsubscribe(channels: string[] = []): Promise<number> {
    if (channels.length > 0) this.assertOneSlot(channels);
    const groups = channels.length > 0 ? [channels] : this.bySlot([...this.shardChannels]);
    if (!this.shard || groups.length === 0) return 0; // no shard channel held: Redis answers 0
    // In a cluster, one SUNSUBSCRIBE per slot, each sent to the slot's owner.
    let count = 0;
    for (const group of groups) {
      count = await this.count('sunsubscribe', this.shard.sunsubscribe(...group));
      for (const channel of group) this.shardChannels.delete(channel);
    }
    return count;
  }

  onMessage(listener: PubSubListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Unsubscribes everything (so PUBSUB counts are updated when this resolves), then disconnects. */
  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    this.listeners.clear();
    await Promise.all([this.unsubscribe(), this.punsubscribe(), this.sunsubscribe()]).catch(noop);
    // Once per connection: a second ioredis disconnect() leaves a 2 s timer behind.
    this.links.classic.disconnect();
    if (this.shard && this.shard !== this.links.classic) this.shard.disconnect();
    this.onClose();
  }

  private shardClient(): CommandClient {
    if (!this.shard && this.links.openShard) {
      this.shard = this.links.openShard();
      this.listen(this.shard);
    }
    if (!this.shard) throw new Error('no shard channel connection');
    return this.shard;
  }

  private listen(client: CommandClient): void {
    client.on('error', noop); // failures surface through the commands
    client.on('message', (channel: string, payload: string) =>
      this.deliver({ kind: 'message', channel, payload }),
    );
    client.on('pmessage', (pattern: string, channel: string, payload: string) =>
      this.deliver({ kind: 'pmessage', pattern, channel, payload }),
    );
    client.on('smessage', (channel: string, payload: string) =>
      this.deliver({ kind: 'smessage', channel, payload }),
    );
  }

  private deliver(message: PubSubMessage): void {
    for (const listener of this.listeners) listener(message);
  }

  private async count(command: string, reply: Promise<unknown>): Promise<number> {
    try {
      return asNumber(await reply);
    } catch (error) {
      throw toBrokerError(error, command);
    }
  }

  private assertOneSlot(channels: readonly string[]): void {
    if (this.bySlot(channels).length > 1) throw new BrokerReplyError(ReplyText.crossSlot);
  }

  private bySlot(channels: readonly string[]): string[][] {
    const slotOf = this.links.slotOf;
    if (!slotOf) return channels.length > 0 ? [[...channels]] : [];
    const groups = new Map<number, string[]>();
    for (const channel of channels) {
      const slot = slotOf(channel);
      groups.set(slot, [...(groups.get(slot) ?? []), channel]);
    }
    return [...groups.values()];
  }
}
