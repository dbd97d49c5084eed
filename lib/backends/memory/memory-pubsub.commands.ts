import type { PubSubEngine } from '../../core/pubsub/pubsub.engine';
import type { ChannelCount } from '../../core/pubsub/pubsub.types';
import type { PublishFamily } from '../command-families';
import { wellFormed } from './well-formed';

/**
 * Publishing and PUBSUB introspection of the port over the in-process core. Every string argument
 * goes through {@link wellFormed} here, so the core sees the bytes Redis would: a method added here
 * must do the same.
 */
export class MemoryPubSubCommands implements PublishFamily {
  /** @param pubsub returns the core's pub/sub engine; throws `BrokerClosedError` after close() */
  constructor(private readonly pubsub: () => PubSubEngine) {}

  async publish(channel: string, message: string): Promise<number> {
    return this.pubsub().publish(wellFormed(channel), wellFormed(message));
  }

  async spublish(channel: string, message: string): Promise<number> {
    return this.pubsub().spublish(wellFormed(channel), wellFormed(message));
  }

  async pubsubChannels(pattern?: string): Promise<string[]> {
    return this.pubsub().channels(wellFormed(pattern));
  }

  async pubsubNumsub(channels: string[]): Promise<ChannelCount[]> {
    return this.pubsub().numsub(wellFormed(channels));
  }

  async pubsubNumpat(): Promise<number> {
    return this.pubsub().numpat();
  }

  async pubsubShardChannels(pattern?: string): Promise<string[]> {
    return this.pubsub().shardChannels(wellFormed(pattern));
  }

  async pubsubShardNumsub(channels: string[]): Promise<ChannelCount[]> {
    return this.pubsub().shardNumsub(wellFormed(channels));
  }
}
