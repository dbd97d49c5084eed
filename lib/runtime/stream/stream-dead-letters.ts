import { BrokerConfigurationError } from '../../core/broker.errors';
import type { StreamEntry } from '../../core/streams/stream.types';
import { helperKey } from '../broker-keys';
import type {
  DeadLetter,
  DeadLetterListOptions,
  DeadLetterReplayOptions,
} from '../dead-letter.types';
import type { RuntimeDeps } from '../delivery-runner';
import type { DeadLetterInfo, DeadLetterReason } from '../envelope';
import { summarizeError } from '../error-summary';
import { deadLetterText, readDeadLetter, replayFields } from './stream-dead-letter.record';
import { type DecodedEntry, envelopeFields } from './stream-entry.codec';

/** The dead-letter stream of `stream`: `{payments}:dead`, in the stream's cluster slot. */
export function deadLetterStream(stream: string): string {
  return helperKey(stream, 'dead');
}

/** An entry given up on, and why. */
export interface StreamDeadLetterInput {
  readonly stream: string;
  readonly group: string;
  readonly consumer: string;
  readonly entry: StreamEntry;
  /** Undefined when the entry could not be decoded. */
  readonly decoded: DecodedEntry | undefined;
  readonly reason: DeadLetterReason;
  readonly error: unknown;
  /** The group's delivery count of the entry. */
  readonly deliveries: number;
}

/**
 * Appends the dead-letter entry (the original payload, with `dl` saying why, when, and where
 * from) and logs one structured warning. The caller acknowledges the original only after this
 * resolved: a crash in between leaves a duplicate dead letter, never a lost entry.
 */
export async function writeStreamDeadLetter(
  deps: Pick<RuntimeDeps, 'port' | 'clock' | 'logger'>,
  input: StreamDeadLetterInput,
): Promise<void> {
  const { stream, group, consumer, entry, decoded, reason, deliveries } = input;
  const { name, message } = summarizeError(input.error);
  const info: DeadLetterInfo = {
    reason,
    error: { name, message },
    attempts: deliveries,
    failedAt: deps.clock.now(),
    group,
    consumer,
    entryId: entry.id,
  };
  await deps.port.xadd(
    deadLetterStream(stream),
    '*',
    envelopeFields(deadLetterText(entry, decoded, info)),
  );
  deps.logger.warn({
    event: 'dead-letter',
    kind: 'stream',
    stream,
    group,
    entryId: entry.id,
    messageId: decoded?.message.id,
    deliveries,
    reason,
    error: { name, message },
  });
}

/** Dead-letter records read per call while replaying. */
const PAGE = 100;

/**
 * A stream's dead letters (`{stream}:dead`), as `BrokerPublisher.deadLetters('stream', ...)`,
 * `replayDeadLetters` and `purgeDeadLetters` use them.
 */
export class StreamDeadLetters {
  constructor(private readonly deps: Pick<RuntimeDeps, 'port' | 'codec'>) {}

  /** The records, oldest first (`count`, default 100). */
  async list(stream: string, options: DeadLetterListOptions = {}): Promise<DeadLetter[]> {
    const count = options.count ?? 100;
    if (!Number.isSafeInteger(count) || count < 1) {
      throw new BrokerConfigurationError('count', options.count, 'a whole number ≥ 1');
    }
    const entries = (await this.deps.port.xrange(deadLetterStream(stream), '-', '+', count)) ?? [];
    const records: DeadLetter[] = [];
    for (const entry of entries) {
      const record = readDeadLetter(this.deps.codec, stream, entry);
      if (record) records.push(record);
    }
    return records;
  }

  /**
   * Puts records back onto the stream as new entries — every record, or those named by `ids` —
   * and removes them from the dead letter; resolves how many were replayed. A replayed entry is
   * for the group that gave up on it (other groups acknowledge it without handling it) and starts
   * its deliveries over. Each record is replayed once even when two replays race: a record is
   * deleted first, and only the caller whose delete took it appends it. (A crash between the two
   * loses that record; replaying again cannot duplicate it.)
   */
  async replay(stream: string, options: DeadLetterReplayOptions = {}): Promise<number> {
    const dead = deadLetterStream(stream);
    if (options.ids) return this.replayEntries(stream, await this.byIds(dead, options.ids));
    // Up to the last record there now: records dead-lettered during the replay wait for the next.
    const last = (await this.deps.port.xrevrange(dead, '+', '-', 1))?.[0];
    if (!last) return 0;
    let replayed = 0;
    for (let start = '-'; ;) {
      const page = (await this.deps.port.xrange(dead, start, last.id, PAGE)) ?? [];
      replayed += await this.replayEntries(stream, page);
      if (page.length < PAGE) return replayed;
      start = `(${page[page.length - 1].id}`;
    }
  }

  /** Deletes the dead-letter stream; resolves how many records it held. */
  async purge(stream: string): Promise<number> {
    const dead = deadLetterStream(stream);
    const length = await this.deps.port.xlen(dead);
    await this.deps.port.del([dead]);
    return length;
  }

  private async byIds(dead: string, ids: readonly string[]): Promise<StreamEntry[]> {
    const entries: StreamEntry[] = [];
    for (const id of new Set(ids)) {
      if (typeof id !== 'string' || !/^\d{1,20}-\d{1,20}$/.test(id)) {
        throw new BrokerConfigurationError(
          'ids',
          id,
          'dead-letter record ids as deadLetters() lists them (e.g. "1700000000000-0")',
        );
      }
    }
    for (const id of new Set(ids)) {
      const found = await this.deps.port.xrange(dead, id, id);
      if (found?.[0]) entries.push(found[0]);
    }
    return entries;
  }

  private async replayEntries(stream: string, entries: readonly StreamEntry[]): Promise<number> {
    const { port } = this.deps;
    const dead = deadLetterStream(stream);
    let replayed = 0;
    for (const entry of entries) {
      const fields = replayFields(entry);
      if (!fields) continue; // not a dead-letter record: left alone
      if ((await port.xdel(dead, [entry.id])) === 0) continue; // another replay took it
      await port.xadd(stream, '*', fields);
      replayed++;
    }
    return replayed;
  }
}
