import type { ScoredMember, ScoreRangeLimit } from '../../core/sorted-sets/sorted-set.types';
import type { SortedSetPort } from '../../port/sorted-set.port';
import { zaddArgs, zrangeByScoreArgs } from './command-args';
import type { RedisCommandRunner } from './redis-command-runner';
import * as reply from './reply-parsers';

/**
 * Sorted-set commands of the port over Redis. Single-key commands: in cluster mode ioredis sends
 * each to the master owning the key's slot. Scores come back as text and are parsed to numbers.
 */
export class RedisSortedSetCommands implements SortedSetPort {
  constructor(private readonly redis: RedisCommandRunner) {}

  async zadd(key: string, members: ScoredMember[]): Promise<number> {
    return reply.asNumber(await this.redis.run('ZADD', ...zaddArgs(key, members)));
  }

  async zrem(key: string, members: string[]): Promise<number> {
    return reply.asNumber(await this.redis.run('ZREM', key, ...members));
  }

  async zcard(key: string): Promise<number> {
    return reply.asNumber(await this.redis.run('ZCARD', key));
  }

  async zscore(key: string, member: string): Promise<number | null> {
    return reply.asNullableScore(await this.redis.run('ZSCORE', key, member));
  }

  async zrangeByScore(
    key: string,
    min: number,
    max: number,
    options?: ScoreRangeLimit,
  ): Promise<ScoredMember[]> {
    const args = zrangeByScoreArgs(key, min, max, options);
    return reply.asScoredMembers(await this.redis.run('ZRANGE', ...args));
  }
}
