import { requireArguments } from './arg-checks';
import { BlockingRegistry } from './blocking/blocking-registry';
import { type Clock, SystemClock } from './clock';
import type { CoreContext } from './core.context';
import { type KeyType, Keyspace } from './keyspace';
import { ListCommands } from './lists/list.commands';
import { keySlot } from './pubsub/key-slot';
import { PubSubEngine } from './pubsub/pubsub.engine';
import { BrokerReplyError, ReplyText } from './reply-error';
import { SortedSetCommands } from './sorted-sets/sorted-set.commands';
import { GroupCommands } from './streams/group.commands';
import { StreamCommands } from './streams/stream.commands';

/** Options of the in-process broker core (and of the memory backend built on it). */
export interface BrokerCoreOptions {
  /**
   * Time source for idle times, `*` stream ids and blocking timeouts; tests pass a
   * `ManualClock` to move time explicitly.
   * @default new SystemClock()
   */
  readonly clock?: Clock;
  /**
   * Simulate a Redis Cluster of this many master nodes, each owning an equal range of the 16384
   * slots: classic publish reaches every node, sharded publish only the slot owner, and multi-key
   * commands must stay in one slot. A whole number; 0 is a standalone server.
   * @default 0
   */
  readonly shards?: number;
}

/**
 * The in-process broker: Redis 7.0 lists, streams with consumer groups, sorted sets, and pub/sub
 * (classic, pattern, sharded), with blocking calls. Pure data structures, no I/O; every write
 * serves the clients it unblocks before returning, as Redis does after each command.
 */
export class BrokerCore {
  /** The time source every command reads. */
  readonly clock: Clock;
  /** Every stored key and its value. */
  readonly keyspace = new Keyspace();
  /** Clients blocked in BLPOP, BRPOP, BLMOVE, XREAD BLOCK and XREADGROUP BLOCK. */
  readonly blocking: BlockingRegistry;
  /** List commands (queues). */
  readonly lists: ListCommands;
  /** Stream commands without consumer groups. */
  readonly streams: StreamCommands;
  /** Consumer-group commands. */
  readonly groups: GroupCommands;
  /** Sorted-set commands (delayed retries by due time, leases by expiry). */
  readonly sortedSets: SortedSetCommands;
  /** Pub/sub: channels, patterns and shard channels, with the simulated cluster's nodes. */
  readonly pubsub: PubSubEngine;
  /** Whether the core simulates a cluster (`shards` > 0): multi-key calls must share a slot. */
  readonly clustered: boolean;

  constructor(options: BrokerCoreOptions = {}) {
    // First, so an invalid `shards` is reported before anything else is built.
    this.pubsub = new PubSubEngine({ shards: options.shards ?? 0 });
    this.clustered = this.pubsub.clustered;
    this.clock = options.clock ?? new SystemClock();
    this.blocking = new BlockingRegistry(this.clock);
    const context: CoreContext = {
      keyspace: this.keyspace,
      blocking: this.blocking,
      clock: this.clock,
      assertSameSlot: (keys) => this.assertSameSlot(keys),
    };
    this.lists = new ListCommands(context);
    this.streams = new StreamCommands(context);
    this.groups = new GroupCommands(context);
    this.sortedSets = new SortedSetCommands(context);
  }

  /** DEL: removes the keys; clients blocked on a removed stream are answered as Redis 7.0 does. */
  del(keys: string[]): number {
    requireArguments(keys, 'del');
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
    requireArguments(keys, 'exists');
    this.assertSameSlot(keys);
    return keys.reduce((n, key) => n + (this.keyspace.has(key) ? 1 : 0), 0);
  }

  /** TYPE: the kind of value at `key`, `none` when missing. */
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
