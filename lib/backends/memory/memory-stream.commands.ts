import type { StreamCommands } from '../../core/streams/stream.commands';
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
import { wellFormed } from './well-formed';

/**
 * Stream commands (without consumer groups) of the port over the in-process core. Every string
 * argument goes through {@link wellFormed} here, so the core sees the bytes Redis would: a method
 * added here must do the same.
 */
export class MemoryStreamCommands implements StreamFamily {
  /** @param streams returns the core's stream commands; throws `BrokerClosedError` after close() */
  constructor(private readonly streams: () => StreamCommands) {}

  async xadd(
    key: string,
    id: string,
    fields: string[],
    options?: XAddOptions,
  ): Promise<string | null> {
    return this.streams().xadd(
      wellFormed(key),
      wellFormed(id),
      wellFormed(fields),
      wellFormed(options),
    );
  }

  async xlen(key: string): Promise<number> {
    return this.streams().xlen(wellFormed(key));
  }

  async xrange(
    key: string,
    start: string,
    end: string,
    count?: number,
  ): Promise<StreamEntry[] | null> {
    return this.streams().xrange(wellFormed(key), wellFormed(start), wellFormed(end), count);
  }

  async xrevrange(
    key: string,
    end: string,
    start: string,
    count?: number,
  ): Promise<StreamEntry[] | null> {
    return this.streams().xrevrange(wellFormed(key), wellFormed(end), wellFormed(start), count);
  }

  async xrangeByTime(
    key: string,
    fromMs: number,
    toMs: number,
    count?: number,
  ): Promise<StreamEntry[]> {
    return this.streams().xrangeByTime(wellFormed(key), fromMs, toMs, count);
  }

  async xdel(key: string, ids: string[]): Promise<number> {
    return this.streams().xdel(wellFormed(key), wellFormed(ids));
  }

  async xtrim(key: string, trim: StreamTrim): Promise<number> {
    return this.streams().xtrim(wellFormed(key), wellFormed(trim));
  }

  async xread(streams: StreamOffset[], options?: XReadOptions): Promise<StreamReadResult[] | null> {
    return this.streams().xread(wellFormed(streams), wellFormed(options));
  }

  async xinfoStream(key: string): Promise<StreamInfo> {
    return this.streams().xinfoStream(wellFormed(key));
  }
}
