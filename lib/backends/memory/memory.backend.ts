import { BrokerClosedError } from '../../core/broker.errors';
import { BrokerCore, type BrokerCoreOptions } from '../../core/broker-core';
import type { BrokerPort } from '../../port/broker.port';
import type { BrokerConnectionStatus, BrokerStatusListener } from '../../port/connection.port';
import type { SubscriberPort } from '../../port/pubsub.port';
import type { BrokerLogger } from '../../core/broker-logger';
import { BackendFacade } from '../backend-facade';
import { processWarningLogger } from '../broker-logger';
import type { CommandFamilies } from '../command-families';
import { ConnectionStatus } from '../connection-status';
import { MemoryGroupCommands } from './memory-group.commands';
import { MemoryKeyCommands } from './memory-key.commands';
import { MemoryListCommands } from './memory-list.commands';
import { MemoryPubSubCommands } from './memory-pubsub.commands';
import { MemorySortedSetCommands } from './memory-sorted-set.commands';
import { MemoryStreamCommands } from './memory-stream.commands';
import { MemoryStringCommands } from './memory-string.commands';
import { MemorySubscriber } from './memory-subscriber';

/** Options of the in-process backend: the core's ({@link BrokerCoreOptions}) and a logger. */
export interface MemoryBackendOptions extends BrokerCoreOptions {
  /**
   * Receives the errors of message listeners when a subscriber has no `onError` listener.
   * A Nest `Logger` fits.
   * @default Node process warnings (`process.emitWarning`, type `NestjsBrokerWarning`)
   */
  readonly logger?: BrokerLogger;
}

/**
 * The default backend: the broker port over the in-process core. Every call runs synchronously in
 * the core and resolves on the next microtask, so callers see the same promise-based API as on
 * Redis. Errors are the same {@link BrokerReplyError}s Redis would send.
 *
 * The commands are run by one `Memory<Family>Commands` class per family of the port, to which
 * {@link BackendFacade} forwards them. Every string argument (names, values, ids, strings inside
 * options) goes through `wellFormed` there — and in {@link MemorySubscriber} — so the core sees
 * the bytes Redis would: a command added to a family, or a method added here that takes strings,
 * must do the same.
 */
export class MemoryBackend extends BackendFacade implements BrokerPort {
  readonly backend = 'memory' as const;
  /** The core itself, for diagnostics and for tests that inspect it. */
  readonly core: BrokerCore;
  readonly clustered: boolean;
  protected readonly families: CommandFamilies;
  private readonly logger: BrokerLogger;
  private readonly connection = new ConnectionStatus('connected');
  private closed = false;

  constructor(options: MemoryBackendOptions = {}) {
    super();
    this.core = new BrokerCore(options);
    this.logger = options.logger ?? processWarningLogger;
    this.clustered = this.core.clustered;
    this.families = {
      keys: new MemoryKeyCommands(() => this.open),
      strings: new MemoryStringCommands(() => this.open.strings),
      lists: new MemoryListCommands(() => this.open.lists),
      streams: new MemoryStreamCommands(() => this.open.streams),
      groups: new MemoryGroupCommands(() => this.open.groups),
      sortedSets: new MemorySortedSetCommands(() => this.open.sortedSets),
      pubsub: new MemoryPubSubCommands(() => this.open.pubsub),
    };
  }

  /** `connected` until close(), then `disconnected`: there is no connection to lose. */
  get status(): BrokerConnectionStatus {
    return this.connection.value;
  }

  onStatusChange(listener: BrokerStatusListener): () => void {
    return this.connection.subscribe(listener);
  }

  /** Resolves while open (the core is in this process); rejects after close(). */
  async ping(): Promise<void> {
    if (this.closed) throw new BrokerClosedError('MemoryBackend');
  }

  /** Ends blocked calls with their timeout reply and drops subscribers; later calls reject. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.core.close();
    this.connection.set('disconnected');
  }

  /** A subscriber connection of its own to the core (see {@link MemorySubscriber}). */
  async createSubscriber(): Promise<SubscriberPort> {
    return new MemorySubscriber(this.open.pubsub.connect(), this.logger);
  }

  /** The core, for a call made while open; {@link BrokerClosedError} after close(). */
  private get open(): BrokerCore {
    if (this.closed) throw new BrokerClosedError('MemoryBackend');
    return this.core;
  }
}
