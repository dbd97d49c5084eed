import { randomBytes } from 'node:crypto';
import { MemoryBackend } from '../../lib/backends/memory/memory.backend';
import { RedisBackend } from '../../lib/backends/redis/redis.backend';
import { BrokerClosedError } from '../../lib/core/broker.errors';
import type { BrokerLogger, LogMessage } from '../../lib/core/broker-logger';
import type { BlockingOptions, ListEnd } from '../../lib/core/lists/list.types';
import type {
  StreamOffset,
  XReadGroupOptions,
  XReadOptions,
} from '../../lib/core/streams/stream.types';
import { type Clock, ManualClock, SystemClock } from '../../lib/core/clock';
import type { BrokerPort } from '../../lib/port/broker.port';
import type { SubscriberPort } from '../../lib/port/pubsub.port';
import { JsonCodec } from '../../lib/runtime/codec';
import type { RuntimeDeps } from '../../lib/runtime/delivery-runner';
import { MessageCodec } from '../../lib/runtime/message-codec';
import { redisClusterOptions, redisStandaloneOptions } from '../support/redis-servers';
import { type TargetName, enabledTargets, isMemoryTarget } from '../support/targets';

/** Where a delivery case runs: the four conformance targets. */
export type DeliveryTargetName = TargetName;

/** A log line the runtime wrote. */
export interface LoggedLine {
  readonly level: 'warn' | 'error' | 'log';
  readonly message: LogMessage;
}

/**
 * What a delivery case gets. On the memory targets time is a `ManualClock` shared by the core and
 * the runtime (`elapse` moves it, firing due timers); on Redis it is the system clock and
 * `elapse` waits for real — use small delays there.
 */
export interface DeliveryContext {
  readonly target: DeliveryTargetName;
  readonly port: BrokerPort;
  readonly clock: Clock;
  /** Whether `elapse` moves a manual clock (memory) or waits (Redis). */
  readonly manualTime: boolean;
  /** A queue / stream name unique to the running test (`{tag}` names keep their tag in front). */
  name(suffix: string): string;
  /** Lets `ms` of runtime time pass, then lets pending callbacks run. */
  elapse(ms: number): Promise<void>;
  /** What the runtime logged during the test. */
  readonly logs: LoggedLine[];
  /**
   * Runtime dependencies for one app instance named `instance` (each instance of a multi-instance
   * case gets its own port on the same broker: on memory one core, on Redis one server).
   */
  deps(instance?: string): RuntimeDeps;
  /**
   * A second connection to the same broker, closed after the test — to play a second app instance
   * or a process that dies (close it without stopping its runners).
   */
  openPort(): BrokerPort;
}

const SHARDS: Record<TargetName, number> = {
  memory: 0,
  'memory-cluster': 3,
  redis: 0,
  'redis-cluster': 0,
};

let counter = 0;

/**
 * Declares delivery cases run on each target of the group, like the conformance suite:
 * `standalone` = memory + redis, `cluster` = the two clusters, `all` = the four. Test names carry
 * the target; `BROKER_TARGETS` narrows the run. Every port the context opened is closed after each
 * test; names are unique per test, so nothing a test leaves behind meets another.
 */
export function describeDelivery(
  title: string,
  group: 'standalone' | 'cluster' | 'all',
  body: (ctx: () => DeliveryContext) => void,
): void {
  for (const target of enabledTargets(group)) {
    describe(`${title} [${target}]`, () => {
      let context: DeliveryContext;
      let ports: BrokerPort[] = [];
      beforeEach(() => {
        const prefix = `dl${++counter}${randomBytes(3).toString('hex')}`;
        const memory = isMemoryTarget(target);
        const clock: Clock = memory ? new ManualClock(Date.now()) : new SystemClock();
        const logs: LoggedLine[] = [];
        const logger: BrokerLogger = {
          warn: (message) => logs.push({ level: 'warn', message }),
          error: (message) => logs.push({ level: 'error', message }),
          log: (message) => logs.push({ level: 'log', message }),
        };
        // Memory instances share one core, as Redis clients share one server.
        const shared = memory
          ? new MemoryBackend({ clock, shards: SHARDS[target], logger })
          : undefined;
        const open = (): BrokerPort => {
          const port =
            shared && ports.length === 0
              ? shared
              : shared
                ? sharedView(shared)
                : new RedisBackend({
                    ...(target === 'redis-cluster'
                      ? redisClusterOptions()
                      : redisStandaloneOptions()),
                    logger,
                  });
          ports.push(port);
          return port;
        };
        const port = open();
        const codec = new MessageCodec(new JsonCodec(), 1024 * 1024, () => clock.now());
        context = {
          target,
          port,
          clock,
          manualTime: memory,
          logs,
          name: (suffix) =>
            suffix.startsWith('{') ? `${suffix}:${prefix}` : `${prefix}.${suffix}`,
          async elapse(ms) {
            if (clock instanceof ManualClock) clock.advance(ms);
            else await new Promise((resolve) => setTimeout(resolve, ms));
            await new Promise<void>((resolve) => setImmediate(resolve));
          },
          deps: (instance = 'instance-a') => ({
            port: instance === 'instance-a' ? port : open(),
            codec,
            logger,
            clock,
            instance,
          }),
          openPort: open,
        };
      });
      afterEach(async () => {
        for (const port of ports.reverse()) await port.close().catch(() => undefined);
        ports = [];
      });
      body(() => context);
    });
  }
}

/**
 * Another "connection" to an in-process core, as a second Redis client is to a server: closing it
 * ends the blocking calls it started and drops its subscribers (what a server does when a process
 * dies), and later calls through it reject — the core and the other views go on.
 */
function sharedView(backend: MemoryBackend): BrokerPort {
  const connection = new AbortController();
  const subscribers: SubscriberPort[] = [];
  let closed = false;
  const withSignal = <T extends { signal?: AbortSignal }>(options: T | undefined): T =>
    ({
      ...options,
      signal: options?.signal
        ? AbortSignal.any([options.signal, connection.signal])
        : connection.signal,
    }) as T;
  const overrides: Partial<Record<keyof BrokerPort, unknown>> = {
    async close() {
      closed = true;
      connection.abort();
      await Promise.all(subscribers.map((s) => s.close()));
    },
    blpop: (keys: string[], timeout: number, o?: BlockingOptions) =>
      backend.blpop(keys, timeout, withSignal(o)),
    brpop: (keys: string[], timeout: number, o?: BlockingOptions) =>
      backend.brpop(keys, timeout, withSignal(o)),
    blmove: (s: string, d: string, f: ListEnd, t: ListEnd, timeout: number, o?: BlockingOptions) =>
      backend.blmove(s, d, f, t, timeout, withSignal(o)),
    xread: (streams: StreamOffset[], o?: XReadOptions) => backend.xread(streams, withSignal(o)),
    xreadgroup: (g: string, c: string, streams: StreamOffset[], o?: XReadGroupOptions) =>
      backend.xreadgroup(g, c, streams, withSignal(o)),
    async createSubscriber() {
      const subscriber = await backend.createSubscriber();
      subscribers.push(subscriber);
      return subscriber;
    },
  };
  const rejectClosed = () => Promise.reject(new BrokerClosedError('MemoryBackend view'));
  return new Proxy(backend, {
    get(target, property, receiver) {
      if (typeof property === 'string' && property in overrides) {
        return closed && property !== 'close'
          ? rejectClosed
          : overrides[property as keyof BrokerPort];
      }
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return closed ? rejectClosed : value.bind(target);
    },
  });
}
