import type { Redis } from 'ioredis';
import { BrokerConnectionError } from '../../core/broker.errors';
import type { BlockingConnection, BlockingPool, NodeRef } from './blocking-pool';
import type { Arg } from './command-args';
import { isConnectionLost, toBrokerError } from './redis-errors';

/** A blocking command to run on a dedicated connection. */
export interface BlockingRequest {
  /** Command name, e.g. `BLPOP`. */
  readonly command: string;
  /** The key that decides the node in cluster mode (the first key). */
  readonly routingKey: string;
  /** The caller's timeout in ms: 0 = forever. Not a positive number: sent once as given. */
  readonly timeoutMs: number;
  /**
   * The arguments. `leftMs` is undefined on the first send (use the caller's timeout verbatim) and
   * the time that remains (≥ 1 ms, or 0 = forever) when the command is re-issued after a reconnect.
   */
  args(leftMs: number | undefined): Arg[];
  readonly signal?: AbortSignal;
}

/** What the runner needs from the deployment: where a key lives, and how to unblock a client. */
export interface BlockingRouter {
  /** The node owning `key`; `command` (lower case) names what failed if the cluster is gone. */
  route(key: string, command: string): Promise<NodeRef>;
  /** `MOVED slot host:port` → that node; anything else → undefined. */
  redirect(error: unknown): NodeRef | undefined;
  /** `CLIENT UNBLOCK id` on `node`, from a connection that is not blocked; resolves 1 or 0. */
  unblock(node: NodeRef, clientId: number): Promise<number>;
}

/** Unblock attempts while the command may still be on its way to the server. */
const UNBLOCK_ATTEMPTS = 100;
const UNBLOCK_RETRY_MS = 5;

/** One blocking call in flight. */
class ActiveCall {
  aborted = false;
  ended = false;
  /** The connection the command was sent on, while its reply is awaited. */
  connection: BlockingConnection | undefined;
  readonly whenEnded: Promise<null>;
  private finish: (value: null) => void = () => undefined;
  private readonly listeners = new Set<() => void>();

  constructor() {
    this.whenEnded = new Promise((resolve) => (this.finish = resolve));
  }

  /** Ends the call with the timeout reply, whatever it is waiting for. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.finish(null);
    for (const listener of [...this.listeners]) listener();
    this.listeners.clear();
  }

  /** Runs `listener` when the call ends; returns a function that removes it. */
  onEnd(listener: () => void): () => void {
    if (this.ended) listener();
    else this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

type Readiness = 'ready' | 'dead' | 'stop';

/** Waits until `redis` is connected; 'stop' when the deadline passes or the call ends first. */
function whenReady(
  redis: Redis,
  deadline: number | undefined,
  call: ActiveCall,
): Promise<Readiness> {
  if (redis.status === 'ready') return Promise.resolve('ready');
  if (redis.status === 'end') return Promise.resolve('dead');
  return new Promise((resolve) => {
    const onReady = (): void => done('ready');
    const onEnd = (): void => done('dead');
    const timer =
      deadline === undefined
        ? undefined
        : setTimeout(() => done('stop'), Math.max(0, deadline - Date.now()));
    const offCall = call.onEnd(() => done('stop'));
    function done(result: Readiness): void {
      redis.off('ready', onReady);
      redis.off('end', onEnd);
      clearTimeout(timer);
      offCall();
      resolve(result);
    }
    redis.once('ready', onReady);
    redis.once('end', onEnd);
  });
}

/**
 * Runs blocking commands, each on its own pooled connection so the command connection never
 * waits behind them. An aborted call is ended with `CLIENT UNBLOCK` (its reply is then Redis's
 * timeout reply, or the data if the server served it first — nothing is lost); a call whose
 * connection drops is re-issued after the reconnect with the time it has left; `close()` ends every
 * call with `null` at once.
 */
export class BlockingCalls {
  private readonly active = new Set<ActiveCall>();
  private closed = false;

  constructor(
    private readonly pool: BlockingPool,
    private readonly router: BlockingRouter,
  ) {}

  /** Resolves to the command's raw reply, or `null` on timeout, abort or close. */
  async run(request: BlockingRequest): Promise<unknown> {
    if (this.closed || request.signal?.aborted) return null;
    const call = new ActiveCall();
    this.active.add(call);
    const onAbort = (): void => this.abort(call);
    request.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return await Promise.race([this.execute(call, request), call.whenEnded]);
    } finally {
      request.signal?.removeEventListener('abort', onAbort);
      this.active.delete(call);
      call.end();
    }
  }

  /** Ends every call with `null` and closes the pooled connections. */
  close(): void {
    this.closed = true;
    for (const call of this.active) call.end();
    this.pool.close();
  }

  private async execute(call: ActiveCall, request: BlockingRequest): Promise<unknown> {
    const deadline = request.timeoutMs > 0 ? Date.now() + request.timeoutMs : undefined;
    const command = request.command.toLowerCase();
    let node = await this.router.route(request.routingKey, command);
    let resend = false;
    while (!call.ended && !call.aborted) {
      const connection = await this.pool.acquire(node, (cancel) => call.onEnd(cancel));
      if (!connection) return null;
      try {
        const readiness = await whenReady(connection.redis, deadline, call);
        // ioredis gave up reconnecting (its retryStrategy said so): report it rather than spin.
        if (readiness === 'dead')
          throw new BrokerConnectionError(command, 'its Redis connection has ended');
        if (readiness === 'stop' || call.aborted) return null;
        let leftMs: number | undefined;
        if (resend) {
          leftMs = deadline === undefined ? 0 : deadline - Date.now();
          if (leftMs < 1 && deadline !== undefined) return null;
        }
        call.connection = connection;
        void connection.clientId();
        try {
          return await connection.redis.call(request.command, ...request.args(leftMs));
        } catch (error) {
          if (call.aborted || call.ended) return null;
          const moved = this.router.redirect(error);
          if (moved) node = moved;
          else if (!isConnectionLost(error)) throw toBrokerError(error, request.command);
          resend = true;
        } finally {
          call.connection = undefined;
        }
      } finally {
        this.pool.release(connection);
      }
    }
    return null;
  }

  private abort(call: ActiveCall): void {
    call.aborted = true;
    const connection = call.connection;
    if (connection) void this.unblock(call, connection);
    else call.end(); // not sent yet (waiting for a connection): nothing to undo
  }

  /**
   * `CLIENT UNBLOCK` the call's connection. The command may not have reached the server yet
   * (UNBLOCK answers 0): try again shortly, and as a last resort drop the connection.
   */
  private async unblock(call: ActiveCall, connection: BlockingConnection): Promise<void> {
    for (let attempt = 0; call.connection === connection; attempt++) {
      try {
        const id = await connection.clientId();
        if (call.connection !== connection) return;
        if ((await this.router.unblock(connection.node, id)) === 1) return;
      } catch {
        // The connection is failing: the running call notices, sees `aborted` and ends.
      }
      if (attempt >= UNBLOCK_ATTEMPTS) {
        connection.redis.disconnect(true);
        return;
      }
      await new Promise<void>((resolve) => setTimeout(resolve, UNBLOCK_RETRY_MS));
    }
  }
}
