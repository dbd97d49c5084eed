export type { BrokerPort, KeyPort, RedisKeyType } from './broker.port';
export type { ListPort } from './list.port';
export type { PubSubPort, SubscriberErrorListener, SubscriberPort } from './pubsub.port';
export type { StreamPort } from './stream.port';
