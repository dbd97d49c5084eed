import { BrokerCore } from '../../../lib/core/broker-core';
import { ManualClock } from '../../../lib/core/clock';
import type { ConsumerGroup } from '../../../lib/core/streams/consumer-group';
import { parseId } from '../../../lib/core/streams/stream-id';
import type { StreamLog } from '../../../lib/core/streams/stream-log';

export { replyError, rejection } from '../reply-error.fixture';

/** A standalone core on a manual clock (starts at 1,700,000,000,000), for consumer-group specs. */
export function createGroupCore(shards = 0) {
  const clock = new ManualClock();
  const core = new BrokerCore({ clock, shards });
  const { streams, groups } = core;

  /** Adds entries `f <ms>` at the given explicit ids (`1-0`, `2-0`, ...). */
  const add = (key: string, ...ids: string[]) => {
    for (const id of ids) streams.xadd(key, id, ['f', id]);
  };
  /** Adds entries `1-0` .. `n-0`. */
  const addRange = (key: string, n: number, from = 1) => {
    for (let i = from; i < from + n; i++) streams.xadd(key, `${i}-0`, ['f', `${i}-0`]);
  };
  /** The group's state object, for invariant checks. */
  const groupState = (key: string, name: string): ConsumerGroup => {
    const stream = core.keyspace.get(key) as StreamLog;
    const group = stream.groups.get(name);
    if (!group) throw new Error(`no group ${name}`);
    return group;
  };
  /** A `>` read returning the ids delivered for `key` (empty when nothing). */
  const readNew = async (key: string, group: string, consumer: string, count?: number) => {
    const reply = await groups.xreadgroup(group, consumer, [{ key, id: '>' }], { count });
    return reply?.[0][1].map((e) => e.id) ?? [];
  };
  /** [id, consumer, count] rows of the extended XPENDING over the whole PEL. */
  const pendingRows = (key: string, group: string) =>
    groups
      .xpendingRange(key, group, { start: '-', end: '+', count: 1_000_000 })
      .map((p) => [p.id, p.consumer, p.deliveryCount]);

  return { clock, core, streams, groups, add, addRange, groupState, readNew, pendingRows };
}

/** Packed id of `text` (for looking into PEL structures). */
export const id = (text: string) => parseId(text);

export const INVALID_ID = 'ERR Invalid stream ID specified as stream command argument';
export const WRONGTYPE = 'WRONGTYPE Operation against a key holding the wrong kind of value';
export const NOT_INTEGER = 'ERR value is not an integer or out of range';
export const KEY_REQUIRED =
  'ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically.';
