import type { RedisCommandRunner } from './redis-command-runner';
import * as reply from './reply-parsers';

/** Connection commands over Redis: PING for the port, CLIENT LIST for diagnostics. */
export class RedisConnectionCommands {
  constructor(
    private readonly redis: RedisCommandRunner,
    /** The prefix in the names of this backend instance's connections. */
    private readonly namePrefix: string,
  ) {}

  /** PING on the command connection (in a cluster, ioredis picks one node). */
  async ping(): Promise<void> {
    reply.asPong(await this.redis.run('PING'));
  }

  /**
   * How many of this instance's connections are blocked in a command right now, from
   * `CLIENT LIST` on every node (flag `b`), counting only clients named with the prefix.
   */
  async blockedClients(): Promise<number> {
    const lists = await this.redis.onEveryNode('CLIENT', 'LIST');
    const clients = lists.flatMap((list) => reply.asClientList(list));
    return clients.filter((c) => c.name.includes(this.namePrefix) && c.flags.includes('b')).length;
  }
}
