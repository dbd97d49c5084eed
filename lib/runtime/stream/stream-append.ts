import { BrokerConfigurationError, BrokerError } from '../../core/broker.errors';
import type { StreamTrim } from '../../core/streams/stream.types';
import type { BrokerHeaders, BrokerMessage } from '../broker-message';
import type { RuntimeDeps } from '../delivery-runner';
import { summarizeError } from '../error-summary';
import { BrokerDecodeError } from '../runtime.errors';
import { decodeEntry, envelopeFields } from './stream-entry.codec';

/** Options of `append()`. */
export interface AppendOptions {
  /**
   * Retention by length: keep about this many entries (`MAXLEN ~`: Redis trims whole nodes, so
   * a few more may stay).
   * @default undefined (no limit)
   */
  readonly maxLen?: number;
  /**
   * Retention by age: drop entries older than this many ms, by their id's time (`MINID ~`, so a
   * few older ones may stay). With `maxLen` too, both apply.
   * @default undefined (no limit)
   */
  readonly maxAgeMs?: number;
  /** Headers to carry (correlation id, `traceparent`, ...). */
  readonly headers?: BrokerHeaders;
}

/** A message read from a stream, with its entry id. */
export interface StreamMessage<T = unknown> extends BrokerMessage<T> {
  /** The stream entry id (`ms-seq`). */
  readonly entryId: string;
}

/** Options of `readRange()`. */
export interface ReadRangeOptions {
  /** From this time (inclusive), by the entries' id time. */
  readonly from: Date | number;
  /** Up to this time (inclusive). */
  readonly to: Date | number;
  /**
   * At most this many messages, oldest first.
   * @default undefined (all of them)
   */
  readonly count?: number;
}

/**
 * Appends `data` as a new entry (one envelope field) and trims the stream with `~` as the
 * options ask; resolves to the entry id. Throws before anything is written when the data cannot
 * be encoded, is too large, or an option is wrong.
 */
export async function appendToStream(
  deps: Pick<RuntimeDeps, 'port' | 'codec' | 'clock'>,
  stream: string,
  data: unknown,
  options: AppendOptions = {},
): Promise<string> {
  const { maxLen, maxAgeMs } = options;
  checkWhole('maxLen', maxLen, 0, 'entries');
  checkWhole('maxAgeMs', maxAgeMs, 1, 'ms');
  const { text } = deps.codec.encode(data, options.headers ? { headers: options.headers } : {});
  const trims: StreamTrim[] = [];
  if (maxLen !== undefined)
    trims.push({ strategy: 'MAXLEN', threshold: maxLen, approximate: true });
  if (maxAgeMs !== undefined) {
    const oldest = Math.max(0, deps.clock.now() - maxAgeMs);
    trims.push({ strategy: 'MINID', threshold: oldest, approximate: true });
  }
  // XADD takes one strategy; a second one is a separate XTRIM.
  const [first, ...rest] = trims;
  const id = await deps.port.xadd(stream, '*', envelopeFields(text), first ? { trim: first } : {});
  for (const trim of rest) await deps.port.xtrim(stream, trim);
  if (id === null) throw new BrokerError(`XADD to "${stream}" answered no id.`); // NOMKSTREAM only
  return id;
}

/**
 * The messages of `stream` added between `from` and `to` (inclusive, by entry id time), oldest
 * first, decoded: a raw entry's data is its fields as an object. An entry that cannot be decoded
 * fails the read with a {@link BrokerDecodeError} naming it.
 */
export async function readStreamRange(
  deps: Pick<RuntimeDeps, 'port' | 'codec'>,
  stream: string,
  options: ReadRangeOptions,
): Promise<StreamMessage[]> {
  const from = timeOf('from', options.from);
  const to = timeOf('to', options.to);
  checkWhole('count', options.count, 1, 'messages');
  const entries = await deps.port.xrangeByTime(stream, from, to, options.count);
  return entries.map((entry) => {
    try {
      return { ...decodeEntry(deps.codec, entry).message, entryId: entry.id };
    } catch (error) {
      const reason =
        error instanceof BrokerDecodeError ? error.reason : summarizeError(error).message;
      throw new BrokerDecodeError(`entry ${entry.id} of stream "${stream}": ${reason}`);
    }
  });
}

function timeOf(option: string, value: Date | number): number {
  const ms = value instanceof Date ? value.getTime() : value;
  if (typeof ms !== 'number' || !Number.isFinite(ms)) {
    throw new BrokerConfigurationError(option, value, 'a Date or a time in ms since the epoch');
  }
  return Math.max(0, Math.floor(ms));
}

function checkWhole(option: string, value: number | undefined, min: number, unit: string): void {
  if (value === undefined) return;
  if (!Number.isSafeInteger(value) || value < min) {
    throw new BrokerConfigurationError(option, value, `a whole number of ${unit} ≥ ${min}`);
  }
}
