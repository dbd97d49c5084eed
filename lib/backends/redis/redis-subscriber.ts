import { requireArguments } from '../../core/arg-checks';
import { BrokerClosedError } from '../../core/broker.errors';
import { BrokerReplyError, ReplyText } from '../../core/reply-error';
import type { PubSubListener, PubSubMessage } from '../../core/pubsub/pubsub.types';
import type { SubscriberErrorListener, SubscriberPort } from '../../port/pubsub.port';
import type { BrokerLogger } from '../../core/broker-logger';
import { processWarningLogger } from '../broker-logger';
import { SubscriberListeners } from '../subscriber-listeners';
import type { CommandClient } from './redis-connections';
import { CLOSE_REPLY_TIMEOUT_MS, disconnectNow, within } from './redis-connection-end';
import { isConnectionLost, toBrokerError } from './redis-errors';
import { asNumber } from './reply-parsers';

/** How a subscriber reaches Redis. */
export interface SubscriberLinks {
  /** Channels and patterns (in cluster mode: the ioredis Cluster, which also routes shard channels). */
  readonly classic: CommandClient;
  /** Opens the connection for shard channels; undefined when `classic` handles them (cluster). */
  readonly openShard?: () => CommandClient;
  /** Cluster mode: groups shard channels by slot (SSUBSCRIBE / SUNSUBSCRIBE must stay in one). */
  readonly slotOf?: (channel: string) => number;
  /** Where listener errors go when the subscriber has no `onError` listener. */
  readonly logger?: BrokerLogger;
  /** Why every call must fail, once the server refused the database (see DatabaseCheck). */
  readonly refused?: () => Promise<Error> | undefined;
}

/** Sends one (un)subscribe command for `names`; resolves with Redis's count. */
type Send = (names: string[]) => Promise<unknown>;

const noop = (): void => undefined;

/**
 * A subscriber over ioredis. Standalone, shard channels get a connection of their own (opened on
 * the first SSUBSCRIBE): Redis counts them apart from channels + patterns, and ioredis leaves
 * subscriber mode when the count of one kind reaches 0, which would drop the other kind's messages
 * on a shared connection. ioredis resubscribes every channel, pattern and shard channel after a
 * reconnect (`autoResubscribe`).
 */
export class RedisSubscriber implements SubscriberPort {
  private readonly listeners: SubscriberListeners;
  private shard: CommandClient | undefined;
  // What this subscriber holds once every command sent so far is processed (updated when a
  // command is sent, not when it answers: one connection processes them in order). ioredis
  // resolves an argument-less (P|S)UNSUBSCRIBE only once the count reaches 0, which never happens
  // while the other kind is held: such calls are sent with these names instead, and without any
  // name held, the count Redis would answer is known here.
  private readonly channels = new Set<string>();
  private readonly patterns = new Set<string>();
  private readonly shardChannels = new Set<string>();

  private closing: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly links: SubscriberLinks,
    private readonly onClose: () => void = noop,
  ) {
    this.listeners = new SubscriberListeners(links.logger ?? processWarningLogger);
    this.listen(links.classic);
    if (!links.openShard) this.shard = links.classic;
  }

  subscribe(channels: string[]): Promise<number> {
    return this.hold('subscribe', this.channels, channels, (names) =>
      this.links.classic.subscribe(...names),
    );
  }

  unsubscribe(channels: string[] = []): Promise<number> {
    return this.release('unsubscribe', this.channels, channels, this.patterns.size, (names) =>
      this.links.classic.unsubscribe(...names),
    );
  }

  psubscribe(patterns: string[]): Promise<number> {
    return this.hold('psubscribe', this.patterns, patterns, (names) =>
      this.links.classic.psubscribe(...names),
    );
  }

  punsubscribe(patterns: string[] = []): Promise<number> {
    return this.release('punsubscribe', this.patterns, patterns, this.channels.size, (names) =>
      this.links.classic.punsubscribe(...names),
    );
  }

  ssubscribe(channels: string[]): Promise<number> {
    return this.hold('ssubscribe', this.shardChannels, channels, (names) => {
      this.assertOneSlot(names, 'ssubscribe');
      return this.shardClient().ssubscribe(...names);
    });
  }

  async sunsubscribe(channels: string[] = []): Promise<number> {
    this.assertOpen();
    if (channels.length > 0) this.assertOneSlot(channels, 'sunsubscribe');
    const groups = channels.length > 0 ? [channels] : this.bySlot([...this.shardChannels]);
    if (!this.shard || groups.length === 0) return 0; // no shard channel held: Redis answers 0
    // In a cluster, one SUNSUBSCRIBE per slot, each sent to the slot's owner.
    let count = 0;
    for (const group of groups) {
      const reply = this.shard.sunsubscribe(...group);
      for (const channel of group) this.shardChannels.delete(channel);
      count = await this.count('sunsubscribe', reply);
    }
    return count;
  }

  onMessage(listener: PubSubListener): () => void {
    return this.listeners.onMessage(listener);
  }

  onError(listener: SubscriberErrorListener): () => void {
    return this.listeners.onError(listener);
  }

  /**
   * Unsubscribes everything, then disconnects; later calls reject with {@link BrokerClosedError}.
   * Finishes promptly whatever the server does: a connection that is not ready is not asked to
   * unsubscribe (ioredis would queue the commands until it reconnects, forever while Redis is
   * down), and a ready one is given {@link CLOSE_REPLY_TIMEOUT_MS} to answer. PUBSUB counts are up
   * to date when this resolves if the server answered; otherwise the server drops the closed
   * connection's subscriptions itself. Calls still pending reject with BrokerClosedError.
   */
  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    this.listeners.clear();
    const drops: Array<Promise<number>> = [];
    if (this.links.classic.status === 'ready') drops.push(this.unsubscribe(), this.punsubscribe());
    if (this.shard?.status === 'ready') drops.push(this.sunsubscribe());
    await within(Promise.all(drops), CLOSE_REPLY_TIMEOUT_MS, []).catch(noop);
    disconnectNow(this.links.classic);
    if (this.shard && this.shard !== this.links.classic) disconnectNow(this.shard);
    this.closed = true;
    this.onClose();
  }

  /**
   * (P|S)SUBSCRIBE: at least one name; `held` records them as the command is sent, so an
   * unsubscribe sent before the reply includes them. If Redis refuses the command, the names it
   * added are dropped again.
   */
  private async hold(
    command: string,
    held: Set<string>,
    names: string[],
    send: Send,
  ): Promise<number> {
    this.assertOpen();
    requireArguments(names, command);
    const reply = send(names);
    const added = names.filter((name) => !held.has(name));
    for (const name of added) held.add(name);
    try {
      return await this.count(command, reply);
    } catch (error) {
      for (const name of added) held.delete(name);
      throw error;
    }
  }

  /**
   * (P)UNSUBSCRIBE: the given names, or every held one. With nothing to send, Redis would answer
   * the count of the other kind (`otherKind`), which is known here.
   */
  private async release(
    command: string,
    held: Set<string>,
    names: string[],
    otherKind: number,
    send: Send,
  ): Promise<number> {
    this.assertOpen();
    const targets = names.length > 0 ? names : [...held];
    if (targets.length === 0) return otherKind;
    const reply = send(targets);
    for (const name of targets) held.delete(name);
    return this.count(command, reply);
  }

  private assertOpen(): void {
    if (this.closed) throw new BrokerClosedError('RedisSubscriber');
  }

  /** The shard channel connection; standalone, opened on the first SSUBSCRIBE. */
  private shardClient(): CommandClient {
    if (this.shard) return this.shard;
    // Internal invariant: without `openShard` the constructor already set `shard` to `classic`.
    if (!this.links.openShard) throw new Error('RedisSubscriber: no shard channel connection');
    this.shard = this.links.openShard();
    this.listen(this.shard);
    return this.shard;
  }

  private listen(client: CommandClient): void {
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
    this.listeners.deliver(message);
  }

  private async count(command: string, reply: Promise<unknown>): Promise<number> {
    try {
      return asNumber(await reply);
    } catch (error) {
      // Cut by close(): say so, rather than ioredis's "Connection is closed.".
      if (this.closing && isConnectionLost(error)) throw new BrokerClosedError('RedisSubscriber');
      throw (await this.links.refused?.()) ?? toBrokerError(error, command);
    }
  }

  private assertOneSlot(channels: readonly string[], command: string): void {
    if (this.bySlot(channels).length > 1) {
      throw new BrokerReplyError(ReplyText.crossSlot, command);
    }
  }

  /** Shard channels grouped by slot (cluster), or one group (standalone); none for none. */
  private bySlot(channels: readonly string[]): string[][] {
    const slotOf = this.links.slotOf;
    if (!slotOf) return channels.length > 0 ? [[...channels]] : [];
    const groups = new Map<number, string[]>();
    for (const channel of channels) {
      const slot = slotOf(channel);
      const group = groups.get(slot);
      if (group) group.push(channel);
      else groups.set(slot, [channel]);
    }
    return [...groups.values()];
  }
}
