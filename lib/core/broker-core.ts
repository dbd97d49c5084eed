import { BlockingRegistry } from './blocking/blocking-registry';
import { type Clock, SystemClock } from './clock';
import type { CoreContext } from './core.context';
import { type KeyType, Keyspace } from './keyspace';
import { ListCommands } from './lists/list.commands';
import { keySlot } from './pubsub/key-slot';
import { PubSubEngine } from './pubsub/pubsub.engine';
import { BrokerReplyError, ReplyText } from './reply-error';
import { GroupCommands } from './streams/group.commands';
import { StreamCommands } from './streams/stream.commands';

export interface BrokerCoreOptions {
  /** Time source. Default: the system clock. */
  readonly clock?: Clock;
  /**
   * Simulate a Redis Cluster of this many master nodes, each owning an equal range of the 16384
   * slots: classic publish reaches every node, sharded publish only the slot owner, and multi-key
   * commands must stay in one slot. Default: 0 (standalone).
   */
  readonly shards?: number;
}

/**
 * The in-process broker: Redis 7.0 lists, streams with consumer groups, and pub/sub (classic,
 * pattern, sharded), with blocking calls. Pure data structures, no I/O; every write serves the
 * clients it unblocks before returning, as Redis does after each command.
 */
export class BrokerCore {
  readonly clock: Clock;
  readonly keyspace = new Keyspace();
  readonly blocking: BlockingRegistry;
  readonly lists: ListCommands;
  readonly streams: StreamCommands;
  readonly groups: GroupCommands;
  readonly pubsub: PubSubEngine;
  readonly clustered: boolean;

  constructor(options: BrokerCoreOptions = {}) {
    this.clock = options.clock ?? new SystemClock();
    this.blocking = new BlockingRegistry(this.clock);
    this.clustered = (options.shards ?? 0) > 0;
    const context: CoreContext = {
      keyspace: this.keyspace,
      blocking: this.blocking,
      clock: this.clock,
      assertSameSlot: (keys) => this.assertSameSlot(keys),
    };
    this.lists = new ListCommands(context);
    this.streams = new StreamCommands(context);
    this.groups = new GroupCommands(context);
    this.pubsub = new PubSubEngine({ shards: options.shards ?? 0 });
  }

  /** DEL: removes the keys; clients blocked on a removed stream are answered as Redis 7.0 does. */
  del(keys: string[]): number {
    if (keys.length === 0) throw new BrokerReplyError(ReplyText.arity('del'));
    this.assertSameSlot(keys);
    let removed = 0;
    for (const key of keys) {
      if (this.keyspace.delete(key)) {
        removed++;
        this.blocking.signal(key);
      }
    }
    this.blocking.handleReady();
    return removed;
  }

  /** EXISTS: how many of the keys exist, counting repeats. */
  exists(keys: string[]): number {
    if (keys.length === 0) throw new BrokerReplyError(ReplyText.arity('exists'));
    this.assertSameSlot(keys);
    return keys.reduce((n, key) => n + (this.keyspace.has(key) ? 1 : 0), 0);
  }

  type(key: string): KeyType | 'none' {
    return this.keyspace.typeOf(key);
  }

  /** Ends every blocked call with its timeout reply and drops every subscriber. */
  close(): void {
    this.blocking.expireAll();
    this.pubsub.closeAll();
  }

  private assertSameSlot(keys: readonly string[]): void {
    if (!this.clustered || keys.length < 2) return;
    const slot = keySlot(keys[0]);
    for (let i = 1; i < keys.length; i++) {
      if (keySlot(keys[i]) !== slot) throw new BrokerReplyError(ReplyText.crossSlot);
    }
  }
}
