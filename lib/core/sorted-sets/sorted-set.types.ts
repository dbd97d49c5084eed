/**
 * A sorted-set member with its score, as ZRANGE ... WITHSCORES answers it. ZADD takes the same
 * tuples (Redis's own argument order is score first; the port keeps one order both ways, so what
 * is read back can be written again).
 */
export type ScoredMember = [member: string, score: number];

/** The LIMIT of a score range (ZRANGE ... BYSCORE LIMIT offset count). */
export interface ScoreRangeLimit {
  /**
   * Members of the range to skip first; a negative offset gives an empty reply, as in Redis.
   * @default 0
   */
  readonly offset?: number;
  /**
   * Most members to return; negative means all the rest, 0 none (Redis's LIMIT rules).
   * @default -1 (no limit)
   */
  readonly count?: number;
}
