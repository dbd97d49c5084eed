import { requireArguments } from '../arg-checks';
import type { CoreContext } from '../core.context';
import { assertRangeBound, parseLimit, parseScore } from './sorted-set-args';
import type { ScoredMember, ScoreRangeLimit } from './sorted-set.types';
import { SortedSetValue } from './sorted-set.value';

/**
 * Redis 7.0 sorted-set commands: ZADD (without flags), ZREM, ZCARD, ZSCORE and ZRANGE ... BYSCORE
 * [LIMIT] WITHSCORES. Arguments are checked in Redis's order — arity, then values (scores, LIMIT,
 * range bounds), then the key's type — so an invalid call fails with the same error on both
 * backends. Like lists, a sorted set is deleted when its last member is removed.
 */
export class SortedSetCommands {
  constructor(private readonly ctx: CoreContext) {}

  /**
   * ZADD key score member [score member ...]: sets each member's score, in argument order (a
   * member given twice keeps the last score). Resolves to the number of members added; a score
   * update of an existing member counts 0.
   */
  zadd(key: string, members: ScoredMember[]): number {
    requireArguments(members, 'zadd');
    const scored = members.map(([member, score]): ScoredMember => [member, parseScore(score)]);
    let zset = this.lookup(key);
    if (!zset) {
      zset = new SortedSetValue();
      this.ctx.keyspace.set(key, zset);
    }
    let added = 0;
    for (const [member, score] of scored) if (zset.add(member, score)) added++;
    return added;
  }

  /** ZREM: the number of members removed; the key is deleted when it has none left. */
  zrem(key: string, members: string[]): number {
    requireArguments(members, 'zrem');
    const zset = this.lookup(key);
    if (!zset) return 0;
    let removed = 0;
    for (const member of members) if (zset.remove(member)) removed++;
    if (zset.size === 0) this.ctx.keyspace.delete(key);
    return removed;
  }

  /** ZCARD: the number of members; 0 when the key is missing. */
  zcard(key: string): number {
    return this.lookup(key)?.size ?? 0;
  }

  /** ZSCORE: the member's score; `null` when the key or the member is missing. */
  zscore(key: string, member: string): number | null {
    return this.lookup(key)?.score(member) ?? null;
  }

  /**
   * ZRANGE key min max BYSCORE [LIMIT offset count] WITHSCORES: members with `min ≤ score ≤ max`
   * (±Infinity for `-inf` / `+inf`), by score then member bytes; `[]` when the key is missing.
   * LIMIT is sent when `limit` has an offset or a count.
   */
  zrangeByScore(key: string, min: number, max: number, limit?: ScoreRangeLimit): ScoredMember[] {
    const { offset, count } = parseLimit(limit ?? {});
    assertRangeBound(min);
    assertRangeBound(max);
    return this.lookup(key)?.rangeByScore(min, max, offset, count) ?? [];
  }

  /** The sorted set at `key`; undefined when missing; WRONGTYPE when it holds another type. */
  private lookup(key: string): SortedSetValue | undefined {
    return this.ctx.keyspace.lookup<SortedSetValue>(key, 'zset');
  }
}
