import { BrokerConfigurationError } from '../../core/broker.errors';
import type { BrokerLogger } from '../../core/broker-logger';
import type {
  DeadLetter,
  DeadLetterListOptions,
  DeadLetterReplayOptions,
} from '../dead-letter.types';
import type { RuntimeDeps } from '../delivery-runner';
import { type DeadLetterInfo, readEnvelope } from '../envelope';
import { queueKeys } from './queue-keys';
import { readDeadLetter } from './queue-message';

/** Commands sent together at most, when a replay or a purge moves many records. */
const BATCH = 500;

/**
 * A queue's dead letters (`{queue}:dead`, newest on the left): listing, replay and purge. Replayed
 * records go back onto the end of the queue consumed last; a worker takes a replayed record as a
 * new message (attempt 1), and an undecodable one as the text it held.
 */
export class QueueDeadLetters {
  constructor(private readonly deps: Pick<RuntimeDeps, 'port' | 'codec'>) {}

  /** Up to `count` records, oldest first. */
  async list(queue: string, options: DeadLetterListOptions = {}): Promise<DeadLetter[]> {
    const count = options.count ?? 100;
    if (!Number.isSafeInteger(count) || count < 0) {
      throw new BrokerConfigurationError('deadLetters count', count, 'a whole number ≥ 0');
    }
    if (count === 0) return [];
    const texts = await this.deps.port.lrange(queueKeys(queue).dead, -count, -1);
    const records: DeadLetter[] = [];
    for (const text of texts.reverse()) {
      const record = readDeadLetter(queue, text, this.deps.codec.codec);
      if (record) records.push(record);
    }
    return records;
  }

  /**
   * Moves records back to the queue, oldest first: all of them (each atomically, LMOVE), or those
   * whose id is in `ids` (LREM, then LPUSH: when two replays race, only the one whose LREM took
   * the record pushes it). Resolves how many were replayed.
   */
  async replay(queue: string, options: DeadLetterReplayOptions = {}): Promise<number> {
    const { ids } = options;
    if (ids === undefined) return this.replayAll(queue);
    if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string')) {
      throw new BrokerConfigurationError('replayDeadLetters ids', ids, 'an array of record ids');
    }
    const { port } = this.deps;
    const { dead } = queueKeys(queue);
    const wanted = new Set(ids);
    let replayed = 0;
    for (const text of (await port.lrange(dead, 0, -1)).reverse()) {
      if (!wanted.has(recordId(text) ?? '')) continue;
      if ((await port.lrem(dead, 1, text)) === 0) continue; // another replay took it
      await port.lpush(queue, [text]);
      replayed++;
    }
    return replayed;
  }

  /** Deletes the records; resolves how many there were. */
  async purge(queue: string): Promise<number> {
    const { port } = this.deps;
    const { dead } = queueKeys(queue);
    // Popping counts exactly what was removed; records written meanwhile are newer and stay.
    const held = await port.llen(dead);
    let purged = 0;
    while (purged < held) {
      const batch = await port.rpopCount(dead, Math.min(BATCH, held - purged));
      if (!batch || batch.length === 0) break;
      purged += batch.length;
    }
    return purged;
  }

  private async replayAll(queue: string): Promise<number> {
    const { port } = this.deps;
    const { dead } = queueKeys(queue);
    // Bounded by what is there now: a record dead-lettered again meanwhile waits for the next replay.
    let left = await port.llen(dead);
    let replayed = 0;
    while (left > 0) {
      const batch = Math.min(BATCH, left);
      const moved = await Promise.all(
        Array.from({ length: batch }, () => port.lmove(dead, queue, 'RIGHT', 'LEFT')),
      );
      const count = moved.filter((text) => text !== null).length;
      replayed += count;
      left -= batch;
      if (count < batch) break;
    }
    return replayed;
  }
}

/** Writes the structured log line of one dead letter. */
export function logDeadLetter(
  logger: BrokerLogger,
  queue: string,
  messageId: string,
  dl: DeadLetterInfo,
): void {
  logger.warn({
    event: 'dead-letter',
    kind: 'queue',
    queue,
    messageId,
    attempts: dl.attempts,
    reason: dl.reason,
    error: dl.error,
  });
}

function recordId(text: string): string | undefined {
  try {
    return readEnvelope(text)?.header.id;
  } catch {
    return undefined;
  }
}
