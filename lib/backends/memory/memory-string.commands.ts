import type { StringCommands } from '../../core/strings/string.commands';
import type { SetOptions } from '../../core/strings/string.types';
import type { StringPort } from '../../port/string.port';
import { wellFormed } from './well-formed';

/**
 * String commands of the port over the in-process core. Every string argument goes through {@link
 * wellFormed} here, so the core sees the bytes Redis would: a method added here must do the same.
 */
export class MemoryStringCommands implements StringPort {
  /** @param strings returns the core's string commands; throws `BrokerClosedError` after close() */
  constructor(private readonly strings: () => StringCommands) {}

  async set(key: string, value: string, options?: SetOptions): Promise<'OK' | null> {
    return this.strings().set(wellFormed(key), wellFormed(value), wellFormed(options));
  }

  async get(key: string): Promise<string | null> {
    return this.strings().get(wellFormed(key));
  }
}
