import { compareNames } from './name-order';
import { PendingList } from './pending-list';
import type { StreamId } from './stream-id';

/**
 * A pending entry (Redis's NACK): delivered to a consumer and not acknowledged yet. The same
 * object sits in the group's PEL and in its owner's PEL (redis-semantics.md §5.1).
 */
export class Nack {
  constructor(
    /** The owner; `null` only transiently, for an entry XCLAIM FORCE is creating. */
    public consumer: Consumer | null,
    /** Unix ms of the last delivery (or the time a claim set). */
    public deliveryTime: number,
    public deliveryCount: number,
  ) {}
}

/** A consumer of a group, with its own pending entries. */
export class Consumer {
  /** This consumer's pending entries: a subset of the group's, same {@link Nack} objects. */
  readonly pel = new PendingList<Nack>();

  constructor(
    readonly name: string,
    /** Unix ms of the last time a command looked this consumer up. */
    public seenTime: number,
  ) {}
}

/**
 * A consumer group of one stream (redis-semantics.md §5.1). Keeps the invariant that every NACK
 * is in the group PEL and in exactly one consumer PEL: all PEL changes go through these methods.
 */
export class ConsumerGroup {
  /** Pending entries of the whole group, by id. */
  readonly pel = new PendingList<Nack>();
  readonly consumers = new Map<string, Consumer>();

  constructor(
    readonly name: string,
    /** last-delivered-id. */
    public lastId: StreamId,
    /** entries-read; `null` where Redis's counter is invalid (shown as nil). */
    public entriesRead: number | null,
  ) {}

  /** The consumer called `name`; a lookup refreshes its seen time when `now` is given. */
  lookupConsumer(name: string, now?: number): Consumer | undefined {
    const consumer = this.consumers.get(name);
    if (consumer && now !== undefined) consumer.seenTime = now;
    return consumer;
  }

  /** Creates the consumer; undefined when it already exists (left untouched). */
  createConsumer(name: string, now: number): Consumer | undefined {
    return this.consumers.has(name) ? undefined : this.addConsumer(name, now);
  }

  /** Looks the consumer up (refreshing its seen time) or creates it. */
  consumerFor(name: string, now: number): Consumer {
    return this.lookupConsumer(name, now) ?? this.addConsumer(name, now);
  }

  /** Deletes the consumer and drops its pending entries from the group; returns how many it had. */
  deleteConsumer(name: string): number {
    const consumer = this.consumers.get(name);
    if (!consumer) return 0;
    for (const { id } of consumer.pel.entries()) this.pel.delete(id);
    this.consumers.delete(name);
    return consumer.pel.size;
  }

  /**
   * Records that `id` was delivered to `consumer` by XREADGROUP `>`. An id already pending (the
   * group's last id was moved back) moves to `consumer` with its count reset to 1 (§5.3).
   */
  deliver(id: StreamId, consumer: Consumer, now: number): void {
    const existing = this.pel.get(id);
    if (!existing) {
      const nack = new Nack(consumer, now, 1);
      this.pel.insert(id, nack);
      consumer.pel.insert(id, nack);
      return;
    }
    this.moveTo(id, existing, consumer);
    existing.deliveryTime = now;
    existing.deliveryCount = 1;
  }

  /**
   * Creates an owner-less NACK delivered once, now (XCLAIM FORCE); the caller assigns it with
   * {@link moveTo}, so a FORCE claim without JUSTID ends at delivery count 2, as in Redis.
   */
  createUnowned(id: StreamId, now: number): Nack {
    const nack = new Nack(null, now, 1);
    this.pel.insert(id, nack);
    return nack;
  }

  /** Makes `consumer` the owner of the pending entry `id`. */
  moveTo(id: StreamId, nack: Nack, consumer: Consumer): void {
    if (nack.consumer === consumer) return;
    nack.consumer?.pel.delete(id);
    consumer.pel.insert(id, nack);
    nack.consumer = consumer;
  }

  /** Removes `id` from the group PEL and its owner's; returns whether it was pending. */
  forget(id: StreamId): boolean {
    const nack = this.pel.delete(id);
    if (!nack) return false;
    nack.consumer?.pel.delete(id);
    return true;
  }

  /** Consumers in name order (Redis's radix-tree order). */
  sortedConsumers(): Consumer[] {
    return [...this.consumers.values()].sort((a, b) => compareNames(a.name, b.name));
  }

  private addConsumer(name: string, now: number): Consumer {
    const consumer = new Consumer(name, now);
    this.consumers.set(name, consumer);
    return consumer;
  }
}
