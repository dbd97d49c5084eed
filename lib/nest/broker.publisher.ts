import { Inject, Injectable } from '@nestjs/common';
import { BrokerArgumentError } from '../core/broker.errors';
import type { BrokerHeaders } from '../runtime/broker-message';
import type {
  DeadLetter,
  DeadLetterListOptions,
  DeadLetterReplayOptions,
} from '../runtime/dead-letter.types';
import type { RuntimeDeps } from '../runtime/delivery-runner';
import { QueueDeadLetters, enqueue } from '../runtime/queue';
import {
  type AppendOptions,
  type ReadRangeOptions,
  type StreamMessage,
  StreamDeadLetters,
  appendToStream,
  readStreamRange,
} from '../runtime/stream';
import { BROKER_RESOLVED_OPTIONS } from './broker.constants';
import { BrokerConnection, type ResolvedBrokerOptions } from './broker-connection';
import { checkOptionKeys } from '../runtime/option-checks';
import { nameOf } from './broker-names';

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

/** Options of {@link BrokerPublisher.enqueue}. */
export interface EnqueueOptions {
  /** Headers carried in the envelope. */
  readonly headers?: BrokerHeaders;
}

const PUBLISH_OPTIONS: readonly string[] = [
  'sharded',
  'headers',
] satisfies readonly (keyof PublishOptions)[];

/** Which dead letters: a queue's or a stream's. */
export type DeadLetterKind = 'queue' | 'stream';

/**
 * Sends messages. Inject it anywhere in the app; it shares the module's backend with the server.
 * Data is encoded (JSON by default) in an envelope with an id, the time and the headers; data that
 * cannot be encoded or is over `maxPayloadBytes` rejects before anything is sent.
 */
@Injectable()
export class BrokerPublisher {
  private readonly deps: Pick<RuntimeDeps, 'port' | 'codec' | 'clock'>;
  private readonly deadLetterStores: {
    readonly queue: QueueDeadLetters;
    readonly stream: StreamDeadLetters;
  };

  constructor(
    private readonly connection: BrokerConnection,
    @Inject(BROKER_RESOLVED_OPTIONS) private readonly options: ResolvedBrokerOptions,
  ) {
    this.deps = { port: connection.port, codec: options.codec, clock: options.clock };
    this.deadLetterStores = {
      queue: new QueueDeadLetters(this.deps),
      stream: new StreamDeadLetters(this.deps),
    };
  }

  /**
   * Publishes `data` to a channel (at most once, to every subscribed app instance). Resolves to
   * Redis's receiver count: subscribers of the channel plus matching patterns, on the node that
   * took the command (on a cluster, other nodes' subscribers receive it but are not counted).
   */
  async publish(channel: string, data: unknown, options: PublishOptions = {}): Promise<number> {
    nameOf(channel, 'channel of BrokerPublisher.publish()', 'channel');
    checkOptionKeys(options, PUBLISH_OPTIONS, 'BrokerPublisher.publish() options');
    const { text } = this.options.codec.encode(data, { headers: options.headers });
    const port = this.connection.port;
    return options.sharded ? port.spublish(channel, text) : port.publish(channel, text);
  }

  /**
   * Pushes `data` onto a queue (LPUSH; the workers take the other end, so the queue is FIFO);
   * exactly one `@QueueWorker(queue)` among all app instances handles it. Resolves to the queue's
   * length after the push.
   */
  async enqueue(queue: string, data: unknown, options: EnqueueOptions = {}): Promise<number> {
    const name = nameOf(queue, 'queue of BrokerPublisher.enqueue()', 'queue');
    checkOptionKeys(options, ['headers'], 'BrokerPublisher.enqueue() options');
    return enqueue(this.deps, name, data, options);
  }

  /**
   * Appends `data` to a stream (XADD) and resolves to the new entry's id; every consumer group
   * gets it. `maxLen` / `maxAgeMs` trim the stream with `~` (Redis drops whole nodes, so a few
   * more entries may stay).
   */
  async append(stream: string, data: unknown, options: AppendOptions = {}): Promise<string> {
    const name = nameOf(stream, 'stream of BrokerPublisher.append()', 'stream');
    checkOptionKeys(options, ['maxLen', 'maxAgeMs', 'headers'], 'BrokerPublisher.append() options');
    return appendToStream(this.deps, name, data, options);
  }

  /** The stream's messages published between `from` and `to` (Dates or ms), oldest first. */
  async readRange(stream: string, options: ReadRangeOptions): Promise<StreamMessage[]> {
    const name = nameOf(stream, 'stream of BrokerPublisher.readRange()', 'stream');
    checkOptionKeys(options, ['from', 'to', 'count'], 'BrokerPublisher.readRange() options');
    return readStreamRange(this.deps, name, options);
  }

  /** The dead letters of a queue or a stream, oldest first (`count`, default 100). */
  async deadLetters(
    kind: DeadLetterKind,
    name: string,
    options: DeadLetterListOptions = {},
  ): Promise<DeadLetter[]> {
    const store = this.deadLettersOf(kind);
    checkOptionKeys(options, ['count'], 'BrokerPublisher.deadLetters() options');
    return store.list(nameOf(name, `name of deadLetters('${kind}')`, kind), options);
  }

  /**
   * Puts dead letters back — all of them, or those named by `ids` — onto their queue or stream,
   * where they start their attempts over; resolves how many. Each record is replayed once, even
   * when two replays race.
   */
  async replayDeadLetters(
    kind: DeadLetterKind,
    name: string,
    options: DeadLetterReplayOptions = {},
  ): Promise<number> {
    const store = this.deadLettersOf(kind);
    checkOptionKeys(options, ['ids'], 'BrokerPublisher.replayDeadLetters() options');
    return store.replay(nameOf(name, `name of replayDeadLetters('${kind}')`, kind), options);
  }

  /** Deletes the dead letters of a queue or a stream; resolves how many there were. */
  async purgeDeadLetters(kind: DeadLetterKind, name: string): Promise<number> {
    return this.deadLettersOf(kind).purge(
      nameOf(name, `name of purgeDeadLetters('${kind}')`, kind),
    );
  }

  private deadLettersOf(kind: DeadLetterKind): QueueDeadLetters | StreamDeadLetters {
    if (kind !== 'queue' && kind !== 'stream') {
      throw new BrokerArgumentError('kind of dead letters', kind, "'queue' or 'stream'");
    }
    return this.deadLetterStores[kind];
  }
}
