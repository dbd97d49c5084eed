import type { BrokerCore } from '../../core/broker-core';
import type { KeyPort, RedisKeyType } from '../../port/broker.port';
import { wellFormed } from './well-formed';

/**
 * Key commands of the port over the in-process core. Every string argument goes through {@link
 * wellFormed} here, so the core sees the bytes Redis would: a method added here must do the same.
 */
export class MemoryKeyCommands implements KeyPort {
  /** @param core returns the core; throws `BrokerClosedError` after close() */
  constructor(private readonly core: () => BrokerCore) {}

  async del(keys: string[]): Promise<number> {
    return this.core().del(wellFormed(keys));
  }

  async exists(keys: string[]): Promise<number> {
    return this.core().exists(wellFormed(keys));
  }

  async type(key: string): Promise<RedisKeyType> {
    return this.core().type(wellFormed(key));
  }

  async pexpire(key: string, ms: number): Promise<number> {
    return this.core().pexpire(wellFormed(key), ms);
  }

  async pttl(key: string): Promise<number> {
    return this.core().pttl(wellFormed(key));
  }
}
