import type { KeyPort, RedisKeyType } from '../../port/broker.port';
import type { RedisCommandRunner } from './redis-command-runner';
import * as reply from './reply-parsers';

/** Key commands of the port over Redis (DEL, EXISTS, TYPE, PEXPIRE, PTTL). */
export class RedisKeyCommands implements KeyPort {
  constructor(private readonly redis: RedisCommandRunner) {}

  async del(keys: string[]): Promise<number> {
    return reply.asNumber(await this.redis.run('DEL', ...keys));
  }

  async exists(keys: string[]): Promise<number> {
    return reply.asNumber(await this.redis.run('EXISTS', ...keys));
  }

  /** TYPE: any Redis type a shared server may hold, as Redis names it. */
  async type(key: string): Promise<RedisKeyType> {
    return reply.asKeyType(await this.redis.run('TYPE', key));
  }

  async pexpire(key: string, ms: number): Promise<number> {
    return reply.asNumber(await this.redis.run('PEXPIRE', key, ms));
  }

  async pttl(key: string): Promise<number> {
    return reply.asNumber(await this.redis.run('PTTL', key));
  }
}
