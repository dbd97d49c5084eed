import type { BlockingOptions, KeyedElement, ListEnd } from '../../core/lists/list.types';
import type { ListPort } from '../../port/list.port';
import { blockingTimeoutArg, blockingTimeoutMs } from './command-args';
import type { RedisCommandRunner } from './redis-command-runner';
import * as reply from './reply-parsers';

/** List commands of the port over Redis. */
export class RedisListCommands implements ListPort {
  constructor(private readonly redis: RedisCommandRunner) {}

  async lpush(key: string, elements: string[]): Promise<number> {
    return reply.asNumber(await this.redis.run('LPUSH', key, ...elements));
  }

  async rpush(key: string, elements: string[]): Promise<number> {
    return reply.asNumber(await this.redis.run('RPUSH', key, ...elements));
  }

  async lpop(key: string): Promise<string | null> {
    return reply.asNullableString(await this.redis.run('LPOP', key));
  }

  async rpop(key: string): Promise<string | null> {
    return reply.asNullableString(await this.redis.run('RPOP', key));
  }

  /** LPOP key count: nil (missing key) stays `null`, `[]` for count 0 on an existing key. */
  async lpopCount(key: string, count: number): Promise<string[] | null> {
    return reply.asNullableStringList(await this.redis.run('LPOP', key, count));
  }

  async rpopCount(key: string, count: number): Promise<string[] | null> {
    return reply.asNullableStringList(await this.redis.run('RPOP', key, count));
  }

  async llen(key: string): Promise<number> {
    return reply.asNumber(await this.redis.run('LLEN', key));
  }

  async lrange(key: string, start: number, stop: number): Promise<string[]> {
    return reply.asStringList(await this.redis.run('LRANGE', key, start, stop));
  }

  async lrem(key: string, count: number, element: string): Promise<number> {
    return reply.asNumber(await this.redis.run('LREM', key, count, element));
  }

  async lmove(
    source: string,
    destination: string,
    from: ListEnd,
    to: ListEnd,
  ): Promise<string | null> {
    return reply.asNullableString(await this.redis.run('LMOVE', source, destination, from, to));
  }

  async blpop(
    keys: string[],
    timeoutSec: number,
    options?: BlockingOptions,
  ): Promise<KeyedElement | null> {
    return reply.asKeyedElement(await this.blockingPop('BLPOP', keys, timeoutSec, options));
  }

  async brpop(
    keys: string[],
    timeoutSec: number,
    options?: BlockingOptions,
  ): Promise<KeyedElement | null> {
    return reply.asKeyedElement(await this.blockingPop('BRPOP', keys, timeoutSec, options));
  }

  async blmove(
    source: string,
    destination: string,
    from: ListEnd,
    to: ListEnd,
    timeoutSec: number,
    options?: BlockingOptions,
  ): Promise<string | null> {
    const result = await this.redis.blocking({
      command: 'BLMOVE',
      routingKey: source,
      timeoutMs: blockingTimeoutMs(timeoutSec),
      args: (left) => [source, destination, from, to, blockingTimeoutArg(timeoutSec, left)],
      signal: options?.signal,
    });
    return reply.asNullableString(result);
  }

  private blockingPop(
    command: 'BLPOP' | 'BRPOP',
    keys: string[],
    timeoutSec: number,
    options?: BlockingOptions,
  ): Promise<unknown> {
    return this.redis.blocking({
      command,
      routingKey: keys[0] ?? '',
      timeoutMs: blockingTimeoutMs(timeoutSec),
      args: (left) => [...keys, blockingTimeoutArg(timeoutSec, left)],
      signal: options?.signal,
    });
  }
}
