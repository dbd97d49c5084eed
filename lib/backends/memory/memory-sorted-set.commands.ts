import type { SortedSetCommands } from '../../core/sorted-sets/sorted-set.commands';
import type { ScoredMember, ScoreRangeLimit } from '../../core/sorted-sets/sorted-set.types';
import type { SortedSetPort } from '../../port/sorted-set.port';
import { wellFormed } from './well-formed';

/**
 * Sorted-set commands of the port over the in-process core. Every string argument goes through
 * {@link wellFormed} here, so the core sees the bytes Redis would: a method added here must do the
 * same.
 */
export class MemorySortedSetCommands implements SortedSetPort {
  /**
   * @param sortedSets returns the core's sorted-set commands; throws `BrokerClosedError` after
   * close()
   */
  constructor(private readonly sortedSets: () => SortedSetCommands) {}

  async zadd(key: string, members: ScoredMember[]): Promise<number> {
    return this.sortedSets().zadd(wellFormed(key), wellFormed(members));
  }

  async zrem(key: string, members: string[]): Promise<number> {
    return this.sortedSets().zrem(wellFormed(key), wellFormed(members));
  }

  async zcard(key: string): Promise<number> {
    return this.sortedSets().zcard(wellFormed(key));
  }

  async zscore(key: string, member: string): Promise<number | null> {
    return this.sortedSets().zscore(wellFormed(key), wellFormed(member));
  }

  async zrangeByScore(
    key: string,
    min: number,
    max: number,
    options?: ScoreRangeLimit,
  ): Promise<ScoredMember[]> {
    return this.sortedSets().zrangeByScore(wellFormed(key), min, max, options);
  }
}
