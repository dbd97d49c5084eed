import { requireArguments } from './arg-checks';
import { BlockingRegistry } from './blocking/blocking-registry';
import { type Clock, SystemClock } from './clock';
import type { CoreContext } from './core.context';
import { pexpireDeadline } from './expiry/expire-time';
import { type KeyType, Keyspace } from './keyspace';
import { ListCommands } from './lists/list.commands';
import { keySlot } from './pubsub/key-slot';
import { PubSubEngine } from './pubsub/pubsub.engine';
import { BrokerReplyError, ReplyText } from './reply-error';
import { SortedSetCommands } from './sorted-sets/sorted-set.commands';
import { GroupCommands } from './streams/group.commands';
import { StreamCommands } from './streams/stream.commands';
import { StringCommands } from './strings/string.commands';

/** Options of the in-process broker core (and of the memory backend built on it). */
export interface BrokerCoreOptions {
  /**
   * Time source for idle times, `*` stream ids, blocking timeouts and key expiry; tests pass a
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
  /** Every stored key and its value, with their TTLs. */
  readonly keyspace: Keyspace;
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
  /** String commands (locks and leases with a TTL). */
  readonly strings: StringCommands;
  /** Pub/sub: channels, patterns and shard channels, with the simulated cluster's nodes. */
  readonly pubsub: PubSubEngine;
  /** Whether the core simulates a cluster (`shards` > 0): multi-key calls must share a slot. */
  readonly clustered: boolean;
  private readyPassQueued = false;

  constructor(options: BrokerCoreOptions = {}) {
    // First, so an invalid `shards` is reported before anything else is built.
    this.pubsub = new PubSubEngine({ shards: options.shards ?? 0 });
    this.clustered = this.pubsub.clustered;
    this.clock = options.clock ?? new SystemClock();
    this.blocking = new BlockingRegistry(this.clock);
    this.keyspace = new Keyspace(this.clock, { expired: (key) => this.keyExpired(key) });
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
    this.strings = new StringCommands(context);
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

  /**
   * PEXPIRE key ms: 1 when the key exists and now has the deadline `now + ms`, 0 when it is
   * missing. Any type expires. A deadline not in the future deletes the key at once (clients
   * blocked on a deleted stream are answered as after DEL).
   */
  pexpire(key: string, ms: number): number {
    const now = this.clock.now();
    const deadline = pexpireDeadline(ms, now);
    if (!this.keyspace.has(key)) return 0;
    if (deadline > now) {
      this.keyspace.expireAt(key, deadline);
      return 1;
    }
    this.keyspace.delete(key);
    this.blocking.signal(key);
    this.blocking.handleReady();
    return 1;
  }

  /** PTTL: milliseconds left; -1 when the key has no TTL, -2 when it is missing. */
  pttl(key: string): number {
    const deadline = this.keyspace.deadlineOf(key);
    if (deadline !== undefined) return Math.max(0, deadline - this.clock.now());
    return this.keyspace.has(key) ? -1 : -2;
  }

  /**
   * Ends every blocked call with its timeout reply, drops every subscriber and stops the expiry
   * timer.
   */
  close(): void {
    this.blocking.expireAll();
    this.pubsub.closeAll();
    this.keyspace.close();
  }

  /**
   * A key expired: clients blocked on it are looked at once the running command (or timer) is
   * done — a blocked XREADGROUP on an expired stream is answered as after DEL, as in Redis 7.0.
   * Reads do not serve blocked clients themselves, so a microtask runs the pass for them.
   */
  private keyExpired(key: string): void {
    this.blocking.signal(key);
    if (this.readyPassQueued) return;
    this.readyPassQueued = true;
    queueMicrotask(() => {
      this.readyPassQueued = false;
      this.blocking.handleReady();
    });
  }

  private assertSameSlot(keys: readonly string[]): void {
    if (!this.clustered || keys.length < 2) return;
    const slot = keySlot(keys[0]);
    for (let i = 1; i < keys.length; i++) {
      if (keySlot(keys[i]) !== slot) throw new BrokerReplyError(ReplyText.crossSlot);
    }
  }
}
