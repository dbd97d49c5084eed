import type { KeyValue } from '../keyspace';
import { ScoreSkipList } from './skip-list';
import type { ScoredMember } from './sorted-set.types';

/**
 * A sorted set as stored in the keyspace: a member → score map for ZSCORE and membership (O(1))
 * and a skip list in (score, member) order for ranges, as Redis's skiplist encoding keeps both.
 * Adding, re-scoring and removing a member are O(log n) expected.
 */
export class SortedSetValue implements KeyValue {
  readonly type = 'zset' as const;
  private readonly scores = new Map<string, number>();
  private readonly order = new ScoreSkipList();

  /** Number of members. */
  get size(): number {
    return this.scores.size;
  }

  /** The member's score; undefined when it is not a member. */
  score(member: string): number | undefined {
    return this.scores.get(member);
  }

  /** Sets the member's score; true when the member is new. */
  add(member: string, score: number): boolean {
    const current = this.scores.get(member);
    if (current === score) return false;
    if (current !== undefined) this.order.remove(member, current);
    this.order.insert(member, score);
    this.scores.set(member, score);
    return current === undefined;
  }

  /** Removes the member; false when it was not one. */
  remove(member: string): boolean {
    const score = this.scores.get(member);
    if (score === undefined) return false;
    this.order.remove(member, score);
    this.scores.delete(member);
    return true;
  }

  /**
   * Members with `min ≤ score ≤ max` in order, skipping `offset` of them, then at most `count`
   * (negative = no limit). O(log n + offset + returned), as ZRANGE BYSCORE is in Redis.
   */
  rangeByScore(min: number, max: number, offset: number, count: number): ScoredMember[] {
    const out: ScoredMember[] = [];
    if (offset < 0 || count === 0 || min > max) return out;
    let node = this.order.firstAtLeast(min);
    for (let skip = offset; node && skip > 0 && node.score <= max; skip--) node = node.next[0];
    for (; node && node.score <= max && out.length !== count; node = node.next[0]) {
      out.push([node.member, node.score]);
    }
    return out;
  }
}
