import type { ScoredMember, ScoreRangeLimit } from '../core/sorted-sets/sorted-set.types';

/**
 * Sorted-set commands (delayed retries scored by due time, worker leases by expiry). Scores are
 * doubles; `Infinity` / `-Infinity` are Redis's `+inf` / `-inf`, NaN is refused with Redis's error.
 * Members are ordered by score, then by their UTF-8 bytes.
 */
export interface SortedSetPort {
  /**
   * ZADD key score member [score member ...] (no flags): sets each member's score. Resolves to
   * the number of members added; re-scoring an existing member counts 0.
   */
  zadd(key: string, members: ScoredMember[]): Promise<number>;
  /** ZREM: the number of members removed; the key is deleted when its last member goes. */
  zrem(key: string, members: string[]): Promise<number>;
  /** ZCARD: the number of members; 0 when the key is missing. */
  zcard(key: string): Promise<number>;
  /** ZSCORE: the member's score, or `null` when the key or the member is missing. */
  zscore(key: string, member: string): Promise<number | null>;
  /**
   * ZRANGE key min max BYSCORE [LIMIT offset count] WITHSCORES: members with
   * `min ≤ score ≤ max` (inclusive; ±Infinity for `-inf` / `+inf`) in order, with their scores;
   * `[]` when the key is missing. LIMIT is applied when `options` has an offset or a count.
   */
  zrangeByScore(
    key: string,
    min: number,
    max: number,
    options?: ScoreRangeLimit,
  ): Promise<ScoredMember[]>;
}
