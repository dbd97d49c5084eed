import type {
  StreamEntry,
  StreamInfo,
  StreamOffset,
  StreamReadResult,
  StreamTrim,
  XAddOptions,
  XReadOptions,
} from '../../core/streams/stream.types';
import type { StreamFamily } from '../command-families';
import * as args from './command-args';
import type { RedisCommandRunner } from './redis-command-runner';
import * as reply from './reply-parsers';

/** Stream commands of the port (without consumer groups) over Redis. */
export class RedisStreamCommands implements StreamFamily {
  constructor(private readonly redis: RedisCommandRunner) {}

  async xadd(
    key: string,
    id: string,
    fields: string[],
    options?: XAddOptions,
  ): Promise<string | null> {
    return reply.asNullableString(
      await this.redis.run('XADD', ...args.xaddArgs(key, id, fields, options)),
    );
  }

  async xlen(key: string): Promise<number> {
    return reply.asNumber(await this.redis.run('XLEN', key));
  }

  /** XRANGE: nil (COUNT ≤ 0) stays `null`. */
  async xrange(
    key: string,
    start: string,
    end: string,
    count?: number,
  ): Promise<StreamEntry[] | null> {
    return reply.asNullableEntries(
      await this.redis.run('XRANGE', key, start, end, ...args.countArgs(count)),
    );
  }

  async xrevrange(
    key: string,
    end: string,
    start: string,
    count?: number,
  ): Promise<StreamEntry[] | null> {
    return reply.asNullableEntries(
      await this.redis.run('XREVRANGE', key, end, start, ...args.countArgs(count)),
    );
  }

  /** XRANGE by time: `ms` alone is `ms-0` as a start and `ms-<max>` as an end, both inclusive. */
  async xrangeByTime(
    key: string,
    fromMs: number,
    toMs: number,
    count?: number,
  ): Promise<StreamEntry[]> {
    const entries = await this.redis.run('XRANGE', key, fromMs, toMs, ...args.countArgs(count));
    return reply.asNullableEntries(entries) ?? [];
  }

  async xdel(key: string, ids: string[]): Promise<number> {
    return reply.asNumber(await this.redis.run('XDEL', key, ...ids));
  }

  async xtrim(key: string, trim: StreamTrim): Promise<number> {
    return reply.asNumber(await this.redis.run('XTRIM', key, ...args.trimArgs(trim)));
  }

  /**
   * XREAD; with `blockMs` on a blocking connection. A re-issue after a reconnect resolves `$`
   * again (Redis cannot be told the id it stood for).
   */
  async xread(
    streams: StreamOffset[],
    options: XReadOptions = {},
  ): Promise<StreamReadResult[] | null> {
    const result = await this.redis.readStreams('XREAD', streams, options, (blockMs) =>
      args.xreadArgs(streams, options, blockMs),
    );
    return reply.asReadResults(result, reply.asEntry);
  }

  async xinfoStream(key: string): Promise<StreamInfo> {
    return reply.asStreamInfo(await this.redis.run('XINFO', 'STREAM', key));
  }
}
