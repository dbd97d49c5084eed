import { Inject, Injectable } from '@nestjs/common';
import type { BrokerHeaders } from '../runtime/broker-message';
import { BROKER_RESOLVED_OPTIONS } from './broker.constants';
import { BrokerConnection, type ResolvedBrokerOptions } from './broker-connection';
import { namesOf } from './broker-names';

/** Options of {@link BrokerPublisher.publish}. */
export interface PublishOptions {
  /**
   * Publish to a sharded channel (SPUBLISH): only `@OnChannel(channel, { sharded: true })`
   * handlers receive it, and on a cluster only the shard owning the channel's slot carries it.
   * @default false
   */
  readonly sharded?: boolean;
  /** Headers carried in the envelope (correlation id, `traceparent`, ...). */
  readonly headers?: BrokerHeaders;
}

/**
 * Sends messages. Inject it anywhere in the app; it shares the module's backend with the server.
 * Data is encoded (JSON by default) in an envelope with an id, the time and the headers; data that
 * cannot be encoded or is over `maxPayloadBytes` rejects before anything is sent.
 */
@Injectable()
export class BrokerPublisher {
  constructor(
    private readonly connection: BrokerConnection,
    @Inject(BROKER_RESOLVED_OPTIONS) private readonly options: ResolvedBrokerOptions,
  ) {}

  /**
   * Publishes `data` to a channel (at most once, to every subscribed app instance). Resolves to
   * Redis's receiver count: subscribers of the channel plus matching patterns, on the node that
   * took the command (on a cluster, other nodes' subscribers receive it but are not counted).
   */
  async publish(channel: string, data: unknown, options: PublishOptions = {}): Promise<number> {
    namesOf(channel, 'channel of BrokerPublisher.publish()', 'channel');
    const { text } = this.options.codec.encode(data, { headers: options.headers });
    const port = this.connection.port;
    return options.sharded ? port.spublish(channel, text) : port.publish(channel, text);
  }
}
