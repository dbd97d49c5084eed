import { BrokerConfigurationError } from '../../core/broker.errors';
import type { BrokerLogger } from '../../core/broker-logger';
import type { DeadLetter, DeadLetterListOptions } from '../dead-letter.types';
import type { RuntimeDeps } from '../delivery-runner';
import type { DeadLetterInfo } from '../envelope';
import { queueKeys } from './queue-keys';
import { readDeadLetter } from './queue-message';

/** A queue's dead letters (`{queue}:dead`, newest on the left). */
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
