export type {
  BrokerConnectionStatus,
  BrokerStatusListener,
  ConnectionPort,
} from './connection.port';
export type { BrokerPort, KeyPort, RedisKeyType } from './broker.port';
export type { ListPort } from './list.port';
export type { PubSubPort, SubscriberErrorListener, SubscriberPort } from './pubsub.port';
export type { SortedSetPort } from './sorted-set.port';
export type { StreamPort } from './stream.port';
export type { StringPort } from './string.port';
