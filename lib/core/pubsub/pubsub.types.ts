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

export type PubSubListener = (message: PubSubMessage) => void;

/** PUBSUB NUMSUB / SHARDNUMSUB row. */
export type ChannelCount = [channel: string, subscribers: number];
