import type { SetOptions } from '../core/strings/string.types';

/** String commands (locks, leases, markers). */
export interface StringPort {
  /**
   * SET key value [NX|XX] [PX ms]: `'OK'`, or `null` when the NX / XX condition fails. Replaces a
   * value of any type, and the key's TTL: the new value has the PX deadline, or none.
   * `pxMs` ≤ 0 is `ERR invalid expire time in 'set' command`.
   */
  set(key: string, value: string, options?: SetOptions): Promise<'OK' | null>;
  /** GET: the value, or `null` when the key is missing; WRONGTYPE on a list, stream or zset. */
  get(key: string): Promise<string | null>;
}
