import type { MemoryBackendOptions } from '../backends/memory/memory.backend';
import type { RedisBackendOptions } from '../backends/redis/redis-backend.options';
import type { Clock } from '../core/clock';
import type { BrokerPort } from '../port/broker.port';
import type { BrokerCodec } from '../runtime/codec';

/**
 * Options of `BrokerModule.forRoot()`. Give at most one of `memory`, `redis` and `backend`; with
 * none, the app runs on a fresh in-process core.
 */
export interface BrokerModuleOptions {
  /**
   * The in-process backend (the default): `{ shards: 3 }` simulates a 3-master Redis Cluster,
   * `{ clock }` runs it on a `ManualClock` in tests.
   * @default {} (standalone, system clock)
   */
  readonly memory?: MemoryBackendOptions;
  /** Real Redis through ioredis: `{ url }`, any ioredis options, Sentinel, or `{ cluster: [...] }`. */
  readonly redis?: RedisBackendOptions;
  /**
   * A backend the caller created and owns: the module uses it and never closes it. Two apps given
   * the same `MemoryBackend` behave as two instances of one service on one Redis.
   */
  readonly backend?: BrokerPort;
  /**
   * Encodes message bodies. Every app that reads a message must use the codec that wrote it.
   * @default new JsonCodec()
   */
  readonly codec?: BrokerCodec;
  /**
   * Largest message, in UTF-8 bytes of the whole envelope. Bigger ones are refused by the
   * publisher and not handled when received.
   * @default 1048576 (1 MiB)
   */
  readonly maxPayloadBytes?: number;
  /**
   * How long start-up waits for Redis to answer before failing with a `BrokerConnectionError`.
   * @default 10000
   */
  readonly connectTimeoutMs?: number;
  /**
   * How long `app.close()` waits for running handlers before it gives up on them.
   * @default 10000
   */
  readonly shutdownTimeoutMs?: number;
  /**
   * How long `BrokerClient.send()` waits for a reply.
   * @default 5000
   */
  readonly requestTimeoutMs?: number;
  /**
   * This app instance's name among stream consumers and queue workers; must differ between
   * instances running at the same time (add the hostname or pod name to a fixed name). A worker or
   * consumer that finds a live one under its name at start logs a warning.
   * @default `<hostname>-<pid>-<random>`
   */
  readonly consumerName?: string;
  /**
   * Time source of the delivery runtime's timers (retry backoff, reclaim, leases).
   * @default memory.clock when given, else the system clock
   */
  readonly clock?: Clock;
}

/** The defaults of {@link BrokerModuleOptions}. */
export const BROKER_MODULE_DEFAULTS = {
  maxPayloadBytes: 1024 * 1024,
  connectTimeoutMs: 10_000,
  shutdownTimeoutMs: 10_000,
  requestTimeoutMs: 5_000,
} as const;

/**
 * A class for `BrokerModule.forRootAsync({ useClass })` (or `useExisting`): Nest calls its
 * `create()` for the options.
 */
export interface BrokerModuleOptionsFactory {
  create(): BrokerModuleOptions | Promise<BrokerModuleOptions>;
}
