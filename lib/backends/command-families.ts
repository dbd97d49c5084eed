import type { KeyPort } from '../port/broker.port';
import type { ListPort } from '../port/list.port';
import type { PubSubPort } from '../port/pubsub.port';
import type { SortedSetPort } from '../port/sorted-set.port';
import type { StreamPort } from '../port/stream.port';
import type { StringPort } from '../port/string.port';

/** The consumer-group commands of {@link StreamPort}. */
export type GroupFamily = Pick<
  StreamPort,
  | 'xgroupCreate'
  | 'xgroupSetId'
  | 'xgroupDestroy'
  | 'xgroupCreateConsumer'
  | 'xgroupDelConsumer'
  | 'xreadgroup'
  | 'xack'
  | 'xpending'
  | 'xpendingRange'
  | 'xclaim'
  | 'xclaimJustId'
  | 'xautoclaim'
  | 'xautoclaimJustId'
  | 'xinfoGroups'
  | 'xinfoConsumers'
>;

/** The rest of {@link StreamPort}: adding, reading, deleting and trimming entries, XINFO STREAM. */
export type StreamFamily = Omit<StreamPort, keyof GroupFamily>;

/** {@link PubSubPort} without `createSubscriber`: publishing and PUBSUB introspection. */
export type PublishFamily = Omit<PubSubPort, 'createSubscriber'>;

/**
 * The objects that run a backend's commands, one per family of the port. Each backend has its own
 * (`Redis<Family>Commands`, `Memory<Family>Commands`); `BackendFacade` forwards to them.
 */
export interface CommandFamilies {
  readonly keys: KeyPort;
  readonly strings: StringPort;
  readonly lists: ListPort;
  readonly streams: StreamFamily;
  readonly groups: GroupFamily;
  readonly sortedSets: SortedSetPort;
  readonly pubsub: PublishFamily;
}
