import type { ChannelCount } from '../../core/pubsub/pubsub.types';
import type { PublishFamily } from '../command-families';
import type { RedisCommandRunner } from './redis-command-runner';
import * as reply from './reply-parsers';

const optional = (pattern: string | undefined): string[] =>
  pattern === undefined ? [] : [pattern];

/**
 * Publishing and PUBSUB introspection over Redis. Subscriptions are node-local in a cluster (a
 * classic subscriber sits on one node, a shard channel on its slot's owner), so introspection asks
 * every master and merges: channel lists are united, counts added. PUBSUB NUMPAT is the sum of
 * the nodes' distinct patterns (the same pattern held on two nodes counts twice).
 */
export class RedisPubSubCommands implements PublishFamily {
  constructor(private readonly redis: RedisCommandRunner) {}

  /** PUBLISH: receivers on the node that took it (in a cluster, a random node). */
  async publish(channel: string, message: string): Promise<number> {
    return reply.asNumber(await this.redis.run('PUBLISH', channel, message));
  }

  /** SPUBLISH: sent to the owner of the channel's slot. */
  async spublish(channel: string, message: string): Promise<number> {
    return reply.asNumber(await this.redis.run('SPUBLISH', channel, message));
  }

  async pubsubChannels(pattern?: string): Promise<string[]> {
    return reply.unionOfLists(
      await this.redis.onEveryNode('PUBSUB', 'CHANNELS', ...optional(pattern)),
    );
  }

  async pubsubNumsub(channels: string[]): Promise<ChannelCount[]> {
    return reply.sumOfChannelCounts(await this.redis.onEveryNode('PUBSUB', 'NUMSUB', ...channels));
  }

  async pubsubNumpat(): Promise<number> {
    const counts = await this.redis.onEveryNode('PUBSUB', 'NUMPAT');
    return counts.reduce<number>((sum, count) => sum + reply.asNumber(count), 0);
  }

  async pubsubShardChannels(pattern?: string): Promise<string[]> {
    return reply.unionOfLists(
      await this.redis.onEveryNode('PUBSUB', 'SHARDCHANNELS', ...optional(pattern)),
    );
  }

  async pubsubShardNumsub(channels: string[]): Promise<ChannelCount[]> {
    return reply.sumOfChannelCounts(
      await this.redis.onEveryNode('PUBSUB', 'SHARDNUMSUB', ...channels),
    );
  }
}
