import { Cluster, type Redis } from 'ioredis';
import { BrokerClosedError } from '../../core/broker.errors';
import type { StreamOffset, XReadOptions } from '../../core/streams/stream.types';
import type { BlockingCalls, BlockingRequest } from './blocking-calls';
import { type Arg, blockMsAsRead } from './command-args';
import type { CommandClient } from './redis-connections';
import { isConnectionLost, toBrokerError } from './redis-errors';
import type { DeploymentRouter } from './redis-routers';
import { PendingCalls } from './pending-calls';

/** How the command families reach Redis: the command connection, every node, or a blocking call. */
export class RedisCommandRunner {
  private closed = false;
  /** Cluster only: what close() settles itself (see PendingCalls); standalone ioredis does. */
  private readonly pending: PendingCalls | undefined;

  constructor(
    private readonly client: CommandClient,
    private readonly router: DeploymentRouter,
    private readonly blockingCalls: BlockingCalls,
    /** Why every call must fail, once the server refused the database (see DatabaseCheck). */
    private readonly refused: () => Promise<Error> | undefined = () => undefined,
  ) {
    this.pending = client instanceof Cluster ? new PendingCalls() : undefined;
  }

  /** Runs a command on the command connection, with Redis errors as BrokerReplyErrors. */
  async run(command: string, ...args: Arg[]): Promise<unknown> {
    const refused = this.unusable();
    if (refused) throw await refused;
    try {
      const reply = this.client.call(command, ...args);
      return await (this.pending ? this.pending.track(reply) : reply);
    } catch (error) {
      throw await this.failure(error, command);
    }
  }

  /**
   * Runs a node-local command (PUBSUB introspection, CLIENT LIST) on every master — one server when
   * standalone — and resolves with each node's reply.
   */
  async onEveryNode(command: string, ...args: Arg[]): Promise<unknown[]> {
    const refused = this.unusable();
    if (refused) throw await refused;
    try {
      const replies = this.router
        .adminClients(command.toLowerCase())
        .then((nodes: Redis[]) => Promise.all(nodes.map((node) => node.call(command, ...args))));
      return await (this.pending ? this.pending.track(replies) : replies);
    } catch (error) {
      throw await this.failure(error, command);
    }
  }

  /** Runs a blocking command on a pooled connection of its own; `null` on timeout or abort. */
  async blocking(request: BlockingRequest): Promise<unknown> {
    const refused = this.unusable();
    if (refused) throw await refused;
    try {
      return await this.blockingCalls.run(request);
    } catch (error) {
      // Already a broker error (a BrokerConnectionError when its connection ended), unless refused.
      throw (await this.refused()) ?? error;
    }
  }

  /**
   * XREAD / XREADGROUP: on the command connection, or with `blockMs` as a blocking call routed by
   * the first key. `args` builds the arguments for a BLOCK value: none, the caller's, or what is
   * left of it when the call is re-issued after a reconnect.
   */
  readStreams(
    command: 'XREAD' | 'XREADGROUP',
    streams: readonly StreamOffset[],
    options: XReadOptions,
    args: (blockMs: number | undefined) => Arg[],
  ): Promise<unknown> {
    const { blockMs } = options;
    if (blockMs === undefined) return this.run(command, ...args(undefined));
    return this.blocking({
      command,
      routingKey: streams[0]?.key ?? '',
      timeoutMs: blockMsAsRead(blockMs),
      args: (leftMs) => args(leftMs ?? blockMs),
      signal: options.signal,
    });
  }

  /** From now on every call rejects with {@link BrokerClosedError}. */
  close(): void {
    this.closed = true;
  }

  /** Once the connections are closed: calls ioredis left pending reject with BrokerClosedError. */
  abandonPending(): void {
    this.pending?.rejectAll(new BrokerClosedError('RedisBackend'));
  }

  /** Throws BrokerClosedError after close(); else the refused-database error to throw, if any. */
  private unusable(): Promise<Error> | undefined {
    if (this.closed) throw new BrokerClosedError('RedisBackend');
    return this.refused();
  }

  /**
   * What a failed command rejects with: BrokerClosedError if close() cut it, the configuration
   * error if its connection was ended for a refused database, else Redis's error.
   */
  private async failure(error: unknown, command: string): Promise<unknown> {
    if (this.closed && isConnectionLost(error)) return new BrokerClosedError('RedisBackend');
    return (await this.refused()) ?? toBrokerError(error, command);
  }
}
