import type { Cluster, Redis } from 'ioredis';
import { BrokerConnectionError } from '../../core/broker.errors';
import { keySlot } from '../../core/pubsub/key-slot';
import type { BlockingRouter } from './blocking-calls';
import { type NodeRef, SERVER_NODE } from './blocking-pool';
import type { ClusterNodeAddress } from './redis-backend.options';
import type { RedisConnections } from './redis-connections';
import type { Arg } from './command-args';
import { disconnectNow } from './redis-connection-end';
import { asNumber } from './reply-parsers';

/** What the backend asks of the deployment beyond running commands. */
export interface DeploymentRouter extends BlockingRouter {
  /** One ready connection per master (the command connection when standalone). */
  adminClients(command: string): Promise<Redis[]>;
  close(): void;
}

/** A standalone server or a Sentinel-resolved master: one node, the command connection. */
export class ServerRouter implements DeploymentRouter {
  constructor(private readonly client: Redis) {}

  async route(): Promise<NodeRef> {
    return SERVER_NODE;
  }

  redirect(): NodeRef | undefined {
    return undefined;
  }

  async unblock(_node: NodeRef, clientId: number): Promise<number> {
    return asNumber(await this.client.call('CLIENT', 'UNBLOCK', clientId));
  }

  runWithoutBlocking(_node: NodeRef, command: string, args: Arg[]): Promise<unknown> {
    return inMulti(this.client, command, args);
  }

  async adminClients(): Promise<Redis[]> {
    return [this.client];
  }

  close(): void {
    // The command connection is closed by the backend.
  }
}

/** The first error of a command queued in an aborted EXEC (ioredis attaches them), if any. */
function queuedError(error: unknown): unknown {
  const queued: unknown = error instanceof Error ? Reflect.get(error, 'previousErrors') : undefined;
  return Array.isArray(queued) && queued.length > 0 ? queued[0] : undefined;
}

/**
 * `MULTI; command; EXEC` in one write (nothing else of ours can slip in between): the command's
 * reply, or its own error (a command refused while queued — CROSSSLOT, MOVED, arity — makes EXEC
 * abort; that error is the one reported).
 */
async function inMulti(redis: Redis, command: string, args: Arg[]): Promise<unknown> {
  let results: Array<[Error | null, unknown]> | null;
  try {
    results = await redis
      .multi()
      .call(command, ...args)
      .exec();
  } catch (error) {
    throw queuedError(error) ?? error;
  }
  const [failure, reply] = results?.[0] ?? [null, null];
  if (failure) throw failure;
  return reply;
}

function nodeRef(address: ClusterNodeAddress): NodeRef {
  return { key: `${address.host}:${address.port}`, address };
}

function parseNodeKey(key: string): NodeRef {
  const at = key.lastIndexOf(':');
  return nodeRef({ host: key.slice(0, at), port: Number(key.slice(at + 1)) });
}

const MOVED = /^MOVED \d+ (\S+)$/;

/**
 * A Redis Cluster: blocking calls go to the master owning the key's slot (from the command
 * Cluster's slot table, corrected by MOVED replies); CLIENT UNBLOCK and node-local introspection go
 * to the node concerned.
 */
export class ClusterRouter implements DeploymentRouter {
  /** Our own connections to nodes the command Cluster has no connection to (rare: after MOVED). */
  private readonly extra = new Map<string, Redis>();

  constructor(
    private readonly cluster: Cluster,
    private readonly connections: RedisConnections,
  ) {}

  async route(key: string, command: string): Promise<NodeRef> {
    await this.ready(command);
    const owner = this.cluster.slots[keySlot(key)]?.[0];
    if (owner) return parseNodeKey(owner);
    // Slot not in the table yet: any master will answer MOVED with the owner.
    const master = this.cluster.nodes('master')[0];
    if (!master) throw new BrokerConnectionError(command, 'the cluster has no reachable master');
    return nodeRef({ host: master.options.host ?? '127.0.0.1', port: master.options.port ?? 6379 });
  }

  redirect(error: unknown): NodeRef | undefined {
    const match = error instanceof Error ? MOVED.exec(error.message) : null;
    return match ? parseNodeKey(match[1]) : undefined;
  }

  async unblock(node: NodeRef, clientId: number): Promise<number> {
    return asNumber(await this.nodeClient(node).call('CLIENT', 'UNBLOCK', clientId));
  }

  runWithoutBlocking(node: NodeRef, command: string, args: Arg[]): Promise<unknown> {
    return inMulti(this.nodeClient(node), command, args);
  }

  async adminClients(command: string): Promise<Redis[]> {
    await this.ready(command);
    return this.cluster.nodes('master');
  }

  close(): void {
    for (const redis of this.extra.values()) disconnectNow(redis);
    this.extra.clear();
  }

  private nodeClient(node: NodeRef): Redis {
    const known = this.cluster
      .nodes('all')
      .find((redis) => `${redis.options.host}:${redis.options.port}` === node.key);
    if (known) return known;
    let own = this.extra.get(node.key);
    if (!own && node.address) {
      own = this.connections.createNodeConnection(node.address);
      this.extra.set(node.key, own);
    }
    // Internal invariant: every cluster NodeRef carries its address.
    if (!own) throw new Error(`ClusterRouter: no address for cluster node ${node.key}`);
    return own;
  }

  /** Resolves once the command Cluster is ready; rejects if it ended, naming `command`. */
  private ready(command: string): Promise<void> {
    if (this.cluster.status === 'ready') return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onReady = (): void => {
        this.cluster.off('end', onEnd);
        resolve();
      };
      const onEnd = (): void => {
        this.cluster.off('ready', onReady);
        reject(new BrokerConnectionError(command, 'the cluster connection has ended'));
      };
      this.cluster.once('ready', onReady);
      this.cluster.once('end', onEnd);
    });
  }
}
