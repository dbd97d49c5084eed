import type { Redis } from 'ioredis';
import { type Clock, SystemClock } from '../../core/clock';
import { BrokerConnectionError } from '../../core/broker.errors';
import { BlockingCall } from './blocking-call';
import type { BlockingConnection, BlockingPool, NodeRef } from './blocking-pool';
import type { Arg } from './command-args';
import { isConnectionLost, toBrokerError } from './redis-errors';

/** A blocking command to run on a dedicated connection. */
export interface BlockingRequest {
  /** Command name, e.g. `BLPOP`. */
  readonly command: string;
  /** The key that decides the node in cluster mode (the first key). */
  readonly routingKey: string;
  /**
   * The caller's timeout in ms as Redis reads it (0 = forever), or undefined when Redis refuses it
   * (negative, not a number, too large): then the command is sent as given and Redis's error is
   * the reply.
   */
  readonly timeoutMs: number | undefined;
  /**
   * The arguments. `leftMs` is undefined to send the caller's timeout verbatim (nothing has
   * elapsed yet), else the time that remains (≥ 1 ms, or 0 = forever): after waiting for a
   * connection, or when re-issued after a reconnect.
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
  /**
   * Runs a blocking command inside MULTI / EXEC on a connection to `node` that is not blocked.
   * Redis never blocks there (redis-semantics.md §1): the reply is what the command answers at
   * once — the data if there is some, else its timeout reply — or its error.
   */
  runWithoutBlocking(node: NodeRef, command: string, args: Arg[]): Promise<unknown>;
}

/** Unblock attempts while the command may still be on its way to the server. */
const UNBLOCK_ATTEMPTS = 100;
const UNBLOCK_RETRY_MS = 5;

type Readiness = 'ready' | 'dead' | 'stop';

/** Waits until `redis` is connected; 'stop' when the call ends or expires first. */
function whenReady(redis: Redis, call: BlockingCall): Promise<Readiness> {
  if (redis.status === 'ready') return Promise.resolve('ready');
  if (redis.status === 'end') return Promise.resolve('dead');
  return new Promise((resolve) => {
    const onReady = (): void => done('ready');
    const onEnd = (): void => done('dead');
    const offCall = call.onStop(() => done('stop'));
    function done(result: Readiness): void {
      redis.off('ready', onReady);
      redis.off('end', onEnd);
      offCall();
      resolve(result);
    }
    redis.once('ready', onReady);
    redis.once('end', onEnd);
  });
}

/**
 * Runs blocking commands, each on its own pooled connection so the command connection never
 * waits behind them. The timeout counts from the call: a call that waited for a connection is sent
 * with the time it has left, and one whose deadline passes before it reached the server is run
 * once without blocking, so data already there is served (never `null` while its key holds data).
 * An aborted call is ended with `CLIENT UNBLOCK` (its reply is then Redis's timeout reply, or the
 * data if the server served it first — nothing is lost); a call whose connection drops is re-issued
 * after the reconnect with the time it has left; `close()` ends every waiting call with `null`.
 */
export class BlockingCalls {
  private readonly active = new Set<BlockingCall>();
  private closed = false;

  constructor(
    private readonly pool: BlockingPool,
    private readonly router: BlockingRouter,
    private readonly clock: Clock = new SystemClock(),
  ) {}

  /** Resolves to the command's raw reply, or `null` on timeout, abort or close. */
  async run(request: BlockingRequest): Promise<unknown> {
    if (this.closed || request.signal?.aborted) return null;
    const startedAt = this.clock.now();
    const timeoutMs = request.timeoutMs;
    const call = new BlockingCall(startedAt, timeoutMs ? startedAt + timeoutMs : undefined);
    // The clock chains host timers, so a timeout of a month does not fire after 1 ms.
    const timer = timeoutMs ? this.clock.setTimer(timeoutMs, () => call.expire()) : undefined;
    this.active.add(call);
    const onAbort = (): void => this.abort(call);
    request.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return await Promise.race([this.execute(call, request), call.whenEnded]);
    } finally {
      timer?.cancel();
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

  private async execute(call: BlockingCall, request: BlockingRequest): Promise<unknown> {
    const command = request.command.toLowerCase();
    let node = await this.router.route(request.routingKey, command);
    let resend = false;
    while (!call.ended) {
      if (call.expired) {
        try {
          return await this.answerNow(call, node, request);
        } catch (error) {
          const moved = this.router.redirect(error);
          if (!moved) throw toBrokerError(error, request.command);
          node = moved;
          continue;
        }
      }
      const connection = await this.pool.acquire(node, (cancel) => call.onStop(cancel));
      if (!connection) continue; // ended or expired while queued
      try {
        const readiness = await whenReady(connection.redis, call);
        // ioredis gave up reconnecting (its retryStrategy said so): report it rather than spin.
        if (readiness === 'dead')
          throw new BrokerConnectionError(command, 'its Redis connection has ended');
        if (readiness === 'stop' || call.ended) continue;
        const leftMs = this.timeLeft(call, request, resend);
        if (leftMs === 'expired') {
          call.expire();
          continue;
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

  /**
   * The deadline passed before the command reached the server: ask it once without blocking. The
   * reply is taken even if the call is aborted or closed meanwhile — it may hold popped data.
   */
  private answerNow(call: BlockingCall, node: NodeRef, request: BlockingRequest): Promise<unknown> {
    call.answering = true;
    return this.router.runWithoutBlocking(node, request.command, request.args(undefined));
  }

  /**
   * The timeout to send, counted from the call: undefined for the caller's own (nothing elapsed
   * on a first send, or Redis refuses the value), 0 for forever, else the ms that remain.
   */
  private timeLeft(
    call: BlockingCall,
    request: BlockingRequest,
    resend: boolean,
  ): number | undefined | 'expired' {
    if (request.timeoutMs === undefined) return undefined;
    if (call.deadline === undefined) return resend ? 0 : undefined;
    const now = this.clock.now();
    if (!resend && now === call.startedAt) return undefined;
    const left = call.deadline - now;
    return left < 1 ? 'expired' : left;
  }

  private abort(call: BlockingCall): void {
    call.aborted = true;
    const connection = call.connection;
    if (connection) void this.unblock(call, connection);
    else call.end(); // not sent yet (waiting for a connection): nothing to undo
  }

  /**
   * `CLIENT UNBLOCK` the call's connection. The command may not have reached the server yet
   * (UNBLOCK answers 0): try again shortly, and as a last resort drop the connection.
   */
  private async unblock(call: BlockingCall, connection: BlockingConnection): Promise<void> {
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
