import type { SetOptions } from '../../core/strings/string.types';
import type { StringPort } from '../../port/string.port';
import { setArgs } from './command-args';
import type { RedisCommandRunner } from './redis-command-runner';
import * as reply from './reply-parsers';

/** String commands of the port over Redis (single-key: routed to the key's slot in a cluster). */
export class RedisStringCommands implements StringPort {
  constructor(private readonly redis: RedisCommandRunner) {}

  async set(key: string, value: string, options?: SetOptions): Promise<'OK' | null> {
    return reply.asNullableOk(await this.redis.run('SET', ...setArgs(key, value, options)));
  }

  async get(key: string): Promise<string | null> {
    return reply.asNullableString(await this.redis.run('GET', key));
  }
}
