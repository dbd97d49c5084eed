import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { MemoryBackend } from '../backends/memory/memory.backend';
import { RedisBackend } from '../backends/redis/redis.backend';
import { isClusterOptions } from '../backends/redis/redis-backend.options';
import { redactUrl } from '../backends/redis/redis-options.check';
import { BrokerConnectionError } from '../core/broker.errors';
import { type Clock, SystemClock } from '../core/clock';
import type { BrokerPort } from '../port/broker.port';
import { JsonCodec } from '../runtime/codec';
import { MessageCodec } from '../runtime/message-codec';
import { BROKER_MODULE_DEFAULTS, type BrokerModuleOptions } from './broker-module.options';

/** The module's options with every default applied. */
export interface ResolvedBrokerOptions {
  /** The options as given, checked. */
  readonly given: BrokerModuleOptions;
  readonly codec: MessageCodec;
  readonly connectTimeoutMs: number;
  readonly shutdownTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly consumerName: string;
  readonly clock: Clock;
}

/** Applies the defaults of {@link BrokerModuleOptions}. */
export function resolveBrokerOptions(options: BrokerModuleOptions): ResolvedBrokerOptions {
  const clock = options.clock ?? options.memory?.clock ?? new SystemClock();
  return {
    given: options,
    codec: new MessageCodec(
      options.codec ?? new JsonCodec(),
      options.maxPayloadBytes ?? BROKER_MODULE_DEFAULTS.maxPayloadBytes,
      () => clock.now(),
    ),
    connectTimeoutMs: options.connectTimeoutMs ?? BROKER_MODULE_DEFAULTS.connectTimeoutMs,
    shutdownTimeoutMs: options.shutdownTimeoutMs ?? BROKER_MODULE_DEFAULTS.shutdownTimeoutMs,
    requestTimeoutMs: options.requestTimeoutMs ?? BROKER_MODULE_DEFAULTS.requestTimeoutMs,
    consumerName:
      options.consumerName ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`,
    clock,
  };
}

/**
 * Holds the app's backend: the one port the server, the publisher and the client share. A backend
 * the module created is closed in `onApplicationShutdown`, the one hook that comes after the
 * server's drain in every shutdown order; one given as `backend` is the caller's to close.
 */
export class BrokerConnection implements OnApplicationShutdown {
  private readonly logger = new Logger('BrokerModule');

  constructor(
    readonly port: BrokerPort,
    /** Whether the module created the backend (and so closes it). */
    readonly owned: boolean,
  ) {}

  /** Creates (or takes) the backend and, for Redis, waits until it answers. */
  static async open(resolved: ResolvedBrokerOptions): Promise<BrokerConnection> {
    const { given: options, connectTimeoutMs } = resolved;
    if (options.backend) return new BrokerConnection(options.backend, false);
    // Backend warnings (a pool ran out, a listener threw) go through Nest's logger.
    const logger = new Logger('BrokerBackend');
    if (!options.redis) {
      return new BrokerConnection(new MemoryBackend({ logger, ...options.memory }), true);
    }
    const port = new RedisBackend({ logger, ...options.redis });
    try {
      await answersWithin(port, connectTimeoutMs, describeTarget(options.redis));
    } catch (error) {
      await port.close();
      throw error;
    }
    return new BrokerConnection(port, true);
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.owned) return;
    try {
      await this.port.close();
    } catch (error) {
      this.logger.error(`Closing the ${this.port.backend} backend failed: ${String(error)}`);
    }
  }
}

async function answersWithin(port: BrokerPort, timeoutMs: number, target: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new BrokerConnectionError(
            'ping',
            `${target} did not answer within ${timeoutMs} ms (connectTimeoutMs)`,
          ),
        ),
      timeoutMs,
    );
  });
  try {
    await Promise.race([port.ping(), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

function describeTarget(options: NonNullable<BrokerModuleOptions['redis']>): string {
  if (isClusterOptions(options)) {
    return `Redis Cluster (${options.cluster.map((n) => `${n.host}:${n.port}`).join(', ')})`;
  }
  if (options.url) return `Redis at ${redactUrl(options.url)}`;
  if (options.sentinels) return `Redis Sentinel master ${options.name ?? 'mymaster'}`;
  return `Redis at ${options.host ?? 'localhost'}:${options.port ?? 6379}`;
}
