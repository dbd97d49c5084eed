import type { BlockingRegistry } from './blocking/blocking-registry';
import type { Clock } from './clock';
import type { Keyspace } from './keyspace';

/** What every command family of the core shares: the data, the blocked clients and the time. */
export interface CoreContext {
  readonly keyspace: Keyspace;
  readonly blocking: BlockingRegistry;
  readonly clock: Clock;
  /**
   * Throws CROSSSLOT when the core simulates a cluster and `keys` span more than one hash slot
   * (Redis Cluster rejects such multi-key commands); a no-op on a standalone core.
   */
  assertSameSlot(keys: readonly string[]): void;
}
