import { isInt64 } from '../arg-checks';
import { BrokerReplyError } from '../reply-error';
import type { Consumer, ConsumerGroup } from './consumer-group';
import { GroupText } from './group.messages';
import { parseId, parseRangeBound, ZERO_ID, type StreamId } from './stream-id';
import type { StoredEntry, StreamLog } from './stream-log';
import type { XAutoClaimOptions, XClaimOptions } from './stream.types';

/** Entries XAUTOCLAIM claims by default. */
const AUTOCLAIM_DEFAULT_COUNT = 100;
/** XAUTOCLAIM looks at up to this many pending entries per entry it may claim. */
const AUTOCLAIM_ATTEMPTS_FACTOR = 10;
/** COUNT above LONG_MAX / 16 is rejected (Redis guards its allocation with this bound). */
const AUTOCLAIM_COUNT_LIMIT = 2 ** 59;

/** XCLAIM's arguments, validated: ids parsed, delivery time resolved. */
export interface ClaimPlan {
  readonly minIdle: number;
  readonly ids: readonly StreamId[];
  readonly deliveryTime: number;
  readonly retryCount: number | null;
  readonly force: boolean;
  readonly lastId: StreamId | null;
}

/**
 * Parses XCLAIM's arguments in Redis's order (redis-semantics.md §5.8). Ids are read until the
 * first one that is not an id, which Redis would then take for an unknown option.
 */
export function planClaim(
  minIdleMs: number,
  ids: readonly string[],
  options: XClaimOptions,
  now: number,
): ClaimPlan {
  if (!isInt64(minIdleMs)) throw new BrokerReplyError(GroupText.claimMinIdle, 'xclaim');
  const parsed = ids.map((text) => {
    try {
      return parseId(text, 0n, true);
    } catch {
      throw new BrokerReplyError(GroupText.claimUnrecognized(text), 'xclaim');
    }
  });
  let deliveryTime = now;
  if (options.idleMs !== undefined) {
    if (!isInt64(options.idleMs)) throw new BrokerReplyError(GroupText.claimIdle, 'xclaim');
    deliveryTime = now - options.idleMs;
  }
  // TIME follows IDLE on the command line, so it wins when both are given.
  if (options.timeMs !== undefined) {
    if (!isInt64(options.timeMs)) throw new BrokerReplyError(GroupText.claimTime, 'xclaim');
    deliveryTime = options.timeMs;
  }
  const retryCount = options.retryCount;
  if (retryCount !== undefined && !isInt64(retryCount)) {
    throw new BrokerReplyError(GroupText.claimRetryCount, 'xclaim');
  }
  const lastId = options.lastId === undefined ? null : parseId(options.lastId, 0n, true);
  // A bogus time is clamped rather than refused: clients compute it from their own clocks.
  if (deliveryTime < 0 || deliveryTime > now) deliveryTime = now;
  return {
    minIdle: Math.max(0, minIdleMs),
    ids: parsed,
    deliveryTime,
    retryCount: retryCount !== undefined && retryCount >= 0 ? retryCount : null,
    force: options.force ?? false,
    lastId,
  };
}

/**
 * XCLAIM (§5.8): ids in argument order; a pending id whose entry is gone is dropped whatever its
 * idle time; the claiming consumer is created only when something is claimed. Returns the
 * claimed entries (JUSTID callers use only the ids).
 */
export function claim(
  stream: StreamLog,
  group: ConsumerGroup,
  consumerName: string,
  plan: ClaimPlan,
  justId: boolean,
  now: number,
): StoredEntry[] {
  if (plan.lastId !== null && plan.lastId > group.lastId) group.lastId = plan.lastId;
  const claimed: StoredEntry[] = [];
  let consumer: Consumer | undefined;
  for (const id of plan.ids) {
    let nack = group.pel.get(id);
    const fields = stream.get(id);
    if (fields === undefined) {
      if (nack) group.forget(id);
      continue;
    }
    if (!nack) {
      if (!plan.force) continue;
      nack = group.createUnowned(id, now);
    }
    if (nack.consumer && plan.minIdle > 0 && now - nack.deliveryTime < plan.minIdle) continue;
    consumer ??= group.consumerFor(consumerName, now);
    group.moveTo(id, nack, consumer);
    nack.deliveryTime = plan.deliveryTime;
    if (plan.retryCount !== null) nack.deliveryCount = plan.retryCount;
    else if (!justId) nack.deliveryCount++;
    claimed.push({ id, fields });
  }
  return claimed;
}

/** XAUTOCLAIM's arguments, validated. */
export interface AutoClaimPlan {
  readonly minIdle: number;
  readonly start: StreamId;
  readonly count: number;
}

/** Parses XAUTOCLAIM's arguments; Redis checks them all before looking at the key. */
export function planAutoClaim(
  minIdleMs: number,
  start: string,
  options: XAutoClaimOptions,
): AutoClaimPlan {
  if (!isInt64(minIdleMs)) throw new BrokerReplyError(GroupText.autoClaimMinIdle, 'xautoclaim');
  const startId = parseRangeBound(start, 'start');
  const count = options.count ?? AUTOCLAIM_DEFAULT_COUNT;
  if (!Number.isInteger(count) || count < 1 || count >= AUTOCLAIM_COUNT_LIMIT) {
    throw new BrokerReplyError(GroupText.autoClaimCount, 'xautoclaim');
  }
  return { minIdle: Math.max(0, minIdleMs), start: startId, count };
}

/** What XAUTOCLAIM did, before formatting. */
export interface AutoClaimOutcome {
  readonly nextId: StreamId;
  readonly claimed: StoredEntry[];
  readonly deletedIds: StreamId[];
}

/**
 * XAUTOCLAIM (§5.9): scans the group PEL from `start`, looking at no more than COUNT × 10
 * entries. An entry gone from the stream is dropped and reported, using up COUNT like a claim,
 * before its idle time is even looked at. The cursor is the PEL id after the last one examined.
 */
export function autoClaim(
  stream: StreamLog,
  group: ConsumerGroup,
  consumerName: string,
  plan: AutoClaimPlan,
  justId: boolean,
  now: number,
): AutoClaimOutcome {
  let attempts = plan.count * AUTOCLAIM_ATTEMPTS_FACTOR;
  let count = plan.count;
  const claimed: StoredEntry[] = [];
  const deletedIds: StreamId[] = [];
  let consumer: Consumer | undefined;
  let slot = group.pel.ceiling(plan.start);
  while (attempts-- > 0 && count > 0 && slot) {
    const { id, value: nack } = slot;
    const fields = stream.get(id);
    if (fields === undefined) {
      group.forget(id);
      deletedIds.push(id);
      count--;
    } else if (plan.minIdle === 0 || now - nack.deliveryTime >= plan.minIdle) {
      consumer ??= group.consumerFor(consumerName, now);
      group.moveTo(id, nack, consumer);
      nack.deliveryTime = now;
      if (!justId) nack.deliveryCount++;
      claimed.push({ id, fields });
      count--;
    }
    slot = group.pel.ceiling(id + 1n);
  }
  return { nextId: slot?.id ?? ZERO_ID, claimed, deletedIds };
}
