import type { SlotRange } from './key-slot';

/** A message delivered to a subscriber, as Redis's `message` / `pmessage` / `smessage` frames. */
export type PubSubMessage =
  | { readonly kind: 'message'; readonly channel: string; readonly payload: string }
  | {
      readonly kind: 'pmessage';
      readonly pattern: string;
      readonly channel: string;
      readonly payload: string;
    }
  | { readonly kind: 'smessage'; readonly channel: string; readonly payload: string };

/** Receives every message delivered to a subscriber. */
export type PubSubListener = (message: PubSubMessage) => void;

/** PUBSUB NUMSUB / SHARDNUMSUB row. */
export type ChannelCount = [channel: string, subscribers: number];

/** What one node of the pub/sub engine has seen and holds (see `PubSubEngine.nodes()`). */
export interface NodeStats {
  /** Index of the node, 0-based. */
  readonly node: number;
  /** Hash slots the node owns (a standalone engine's single node owns them all). */
  readonly slots: SlotRange;
  /** Classic PUBLISHes this node handled, taken directly or propagated from another node. */
  readonly published: number;
  /** SPUBLISHes this node handled as the owner of the channel's slot. */
  readonly shardPublished: number;
  /** Messages this node delivered (message + pmessage + smessage frames). */
  readonly delivered: number;
  /** Open client connections attached to this node. */
  readonly clients: number;
  /** Channels with at least one subscriber on this node. */
  readonly channels: number;
  /** Distinct patterns subscribed on this node. */
  readonly patterns: number;
  /** Shard channels with at least one subscriber on this node. */
  readonly shardChannels: number;
}
