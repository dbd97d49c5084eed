import { BrokerReplyError } from '../../core/reply-error';
import type { BrokerPort } from '../../port/broker.port';
import { compareStreamIds } from './stream-id';

/**
 * What a group still has to do, in words ("3 pending, lag 2"), or undefined when nothing: no entry
 * pending (for any of its consumers, dead ones included) and none left to read. Lag is Redis's
 * (XINFO GROUPS); where it is unknown (nil, after deletions) or may be stale (Redis 7.0 counts
 * trimmed entries in it), whether anything is left to read is decided as XREADGROUP does: the
 * stream's last live entry lies after the group's last-delivered id.
 */
export async function groupBacklog(
  port: BrokerPort,
  stream: string,
  group: string,
): Promise<string | undefined> {
  let groups;
  try {
    groups = await port.xinfoGroups(stream);
  } catch (error) {
    // The stream is gone, and its groups with it: nothing is left to deliver.
    if (error instanceof BrokerReplyError && /no such key/i.test(error.message)) return undefined;
    throw error;
  }
  const info = groups.find((g) => g.name === group);
  if (!info) return undefined;
  const parts: string[] = [];
  if (info.pending > 0) parts.push(`${info.pending} pending`);
  if (info.lag !== 0) {
    const { lastEntry } = await port.xinfoStream(stream);
    if (lastEntry && compareStreamIds(lastEntry.id, info.lastDeliveredId) > 0) {
      parts.push(info.lag === null ? 'lag unknown' : `lag ${info.lag}`);
    }
  }
  return parts.length > 0 ? parts.join(', ') : undefined;
}
