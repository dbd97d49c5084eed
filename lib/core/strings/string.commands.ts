import type { CoreContext } from '../core.context';
import { setPxDeadline } from '../expiry/expire-time';
import { BrokerReplyError, ReplyText } from '../reply-error';
import type { SetOptions } from './string.types';
import { StringValue } from './string.value';

/**
 * Redis 7.0 string commands the runtime needs for locks and leases: SET with NX / XX and PX, and
 * GET. Arguments are checked before the key is looked at, as Redis parses them first.
 */
export class StringCommands {
  constructor(private readonly ctx: CoreContext) {}

  /**
   * SET key value [NX|XX] [PX ms]: `'OK'`, or `null` when the NX / XX condition fails. Replaces a
   * value of any type (clients blocked on a replaced stream are answered as after DEL) and the
   * key's TTL: the new value has the PX deadline, or none.
   */
  set(key: string, value: string, options: SetOptions = {}): 'OK' | null {
    const { condition, pxMs } = options;
    if (condition !== undefined && condition !== 'NX' && condition !== 'XX') {
      throw new BrokerReplyError(ReplyText.syntax);
    }
    const deadline = pxMs === undefined ? undefined : setPxDeadline(pxMs, this.ctx.clock.now());
    const exists = this.ctx.keyspace.has(key);
    if ((condition === 'NX' && exists) || (condition === 'XX' && !exists)) return null;
    this.ctx.keyspace.set(key, new StringValue(value));
    if (deadline !== undefined) this.ctx.keyspace.expireAt(key, deadline);
    if (exists) {
      this.ctx.blocking.signal(key);
      this.ctx.blocking.handleReady();
    }
    return 'OK';
  }

  /** GET: the value, `null` when the key is missing; WRONGTYPE on another type. */
  get(key: string): string | null {
    return this.ctx.keyspace.lookup<StringValue>(key, 'string')?.value ?? null;
  }
}
