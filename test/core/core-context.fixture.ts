import { BlockingRegistry } from '../../lib/core/blocking/blocking-registry';
import { ManualClock } from '../../lib/core/clock';
import type { CoreContext } from '../../lib/core/core.context';
import { Keyspace } from '../../lib/core/keyspace';

/** A standalone core context on a manual clock, for unit tests of one command family. */
export function createTestContext(start?: number): CoreContext & { clock: ManualClock } {
  const clock = new ManualClock(start);
  return {
    keyspace: new Keyspace(clock),
    blocking: new BlockingRegistry(clock),
    clock,
    assertSameSlot: () => undefined,
  };
}
