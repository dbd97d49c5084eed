import type { Redis } from 'ioredis';
import { BrokerConfigurationError } from '../../core/broker.errors';
import type { ClusterNodeAddress } from './redis-backend.options';
import { disconnectNow } from './redis-connection-end';
import { asNumber } from './reply-parsers';

/** Where a blocking connection points: the configured server, or one cluster node. */
export interface NodeRef {
  /** `host:port`, or `server` for a standalone / Sentinel deployment. */
  readonly key: string;
  readonly address?: ClusterNodeAddress;
}

export const SERVER_NODE: NodeRef = { key: 'server' };

const noop = (): void => undefined;

/** A dedicated connection for one blocking call at a time. */
export class BlockingConnection {
  private id: Promise<number> | undefined;

  constructor(
    readonly redis: Redis,
    readonly node: NodeRef,
  ) {
    // A reconnected socket is a new client with a new id.
    redis.on('close', () => (this.id = undefined));
  }

  /**
   * This connection's `CLIENT ID`, for `CLIENT UNBLOCK`. Asked (pipelined, not awaited) just before
   * the blocking command is sent, so it costs no round trip and is always the current socket's.
   */
  clientId(): Promise<number> {
    if (!this.id) {
      this.id = this.redis.call('CLIENT', 'ID').then(asNumber);
      this.id.catch(noop);
    }
    return this.id;
  }

  get usable(): boolean {
    return this.redis.status !== 'end';
  }

  close(): void {
    disconnectNow(this.redis);
  }
}

/** What the blocking pool holds right now (`RedisBackend.blockingDiagnostics()`). */
export interface BlockingDiagnostics {
  /** `blockingPoolSize`: the most connections open at once. */
  readonly poolSize: number;
  /** Connections open now: opened on demand, kept for reuse. */
  readonly connections: number;
  /** Of those, the ones a call is using. */
  readonly busy: number;
  /** Calls waiting for a connection because `poolSize` are busy (not blocked on the server). */
  readonly queued: number;
}

interface Waiter {
  readonly node: NodeRef;
  resolve(connection: BlockingConnection | null): void;
}

/**
 * At most `size` dedicated blocking connections, opened on demand and reused across calls. In
 * cluster mode a connection belongs to one node; when the pool is full, an idle connection to
 * another node is closed to make room, and otherwise callers queue in arrival order.
 */
export class BlockingPool {
  private readonly idle = new Map<string, BlockingConnection[]>();
  private readonly all = new Set<BlockingConnection>();
  private readonly queue: Waiter[] = [];
  private closed = false;
  private exhausted = false;

  /**
   * @param onExhausted called the first time a caller has to queue (every connection busy)
   */
  constructor(
    private readonly size: number,
    private readonly open: (node: NodeRef) => Redis,
    private readonly onExhausted: (size: number) => void = () => undefined,
  ) {
    if (!Number.isInteger(size) || size < 1)
      throw new BrokerConfigurationError('blockingPoolSize', size, 'a whole number ≥ 1');
  }

  /**
   * A connection to `node`; waits while the pool is full. Resolves `null` when `cancel` fires first
   * or the pool closes.
   */
  acquire(
    node: NodeRef,
    onCancel: (cancel: () => void) => void,
  ): Promise<BlockingConnection | null> {
    if (this.closed) return Promise.resolve(null);
    const ready = this.take(node);
    if (ready) return Promise.resolve(ready);
    if (!this.exhausted) {
      this.exhausted = true;
      this.onExhausted(this.size);
    }
    return new Promise((resolve) => {
      const waiter: Waiter = { node, resolve };
      this.queue.push(waiter);
      onCancel(() => {
        const index = this.queue.indexOf(waiter);
        if (index >= 0) this.queue.splice(index, 1);
        resolve(null);
      });
    });
  }

  /** Returns a connection after its call ended; a dead one is dropped. */
  release(connection: BlockingConnection): void {
    if (this.closed || !connection.usable) {
      this.drop(connection);
    } else {
      const list = this.idle.get(connection.node.key) ?? [];
      list.push(connection);
      this.idle.set(connection.node.key, list);
    }
    this.serveQueue();
  }

  diagnostics(): BlockingDiagnostics {
    let idle = 0;
    for (const list of this.idle.values()) idle += list.length;
    return {
      poolSize: this.size,
      connections: this.all.size,
      busy: this.all.size - idle,
      queued: this.queue.length,
    };
  }

  /** Closes every connection; queued callers get `null`. */
  close(): void {
    this.closed = true;
    for (const waiter of this.queue.splice(0)) waiter.resolve(null);
    for (const connection of this.all) connection.close();
    this.all.clear();
    this.idle.clear();
  }

  private serveQueue(): void {
    while (this.queue.length > 0) {
      const connection = this.take(this.queue[0].node);
      if (!connection) return;
      this.queue.shift()?.resolve(connection);
    }
  }

  /** An idle connection to `node`, or a new one if the pool has (or can make) room. */
  private take(node: NodeRef): BlockingConnection | undefined {
    const list = this.idle.get(node.key) ?? [];
    for (let idle = list.pop(); idle; idle = list.pop()) {
      if (idle.usable) return idle;
      this.all.delete(idle); // ended while idle
    }
    if (this.all.size >= this.size && !this.evictIdle()) return undefined;
    const connection = new BlockingConnection(this.open(node), node);
    this.all.add(connection);
    return connection;
  }

  private evictIdle(): boolean {
    for (const list of this.idle.values()) {
      const victim = list.shift();
      if (victim) {
        this.drop(victim);
        victim.close();
        return true;
      }
    }
    return false;
  }

  private drop(connection: BlockingConnection): void {
    this.all.delete(connection);
    const list = this.idle.get(connection.node.key);
    const index = list?.indexOf(connection) ?? -1;
    if (list && index >= 0) list.splice(index, 1);
  }
}
