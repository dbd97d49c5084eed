import { MemoryBackend } from '../../lib/backends/memory/memory.backend';
import { ManualClock } from '../../lib/core/clock';
import type { BrokerPort } from '../../lib/port/broker.port';
import type { BrokerMessage, DeliveryInfo } from '../../lib/runtime/broker-message';
import type { RuntimeDeps } from '../../lib/runtime/delivery-runner';
import { StreamConsumerRunner, type StreamConsumerOptions } from '../../lib/runtime/stream';
import type { DeliveryContext } from './delivery-targets';

/** One handler call, as a consumer saw it. */
export interface Seen {
  readonly instance: string;
  readonly message: BrokerMessage;
  readonly info: DeliveryInfo;
}

/** What a test handler does with a delivery: resolve, throw, or wait on something. */
export type Behaviour = (seen: Seen) => Promise<void> | void;

/**
 * The consumers of one test and everything their handlers saw. `stop()` stops them all; a test
 * that fails before it leaves them to the harness, which closes their ports (they then halt).
 */
export class Fleet {
  readonly seen: Seen[] = [];
  readonly runners: StreamConsumerRunner[] = [];
  private readonly depsByInstance = new Map<string, RuntimeDeps>();

  constructor(private readonly ctx: DeliveryContext) {}

  /** The runtime dependencies of app instance `instance` (one port per instance). */
  deps(instance = 'instance-a'): RuntimeDeps {
    let deps = this.depsByInstance.get(instance);
    if (!deps) {
      deps = this.ctx.deps(instance);
      this.depsByInstance.set(instance, deps);
    }
    return deps;
  }

  /**
   * A consumer of `stream`, started; `behaviour` decides how its handler ends (default: it
   * resolves). `as.instance` names the app instance (default `instance-a`); `as.deps` replaces
   * some of its dependencies (a spying port, a codec with a small size limit).
   */
  async consumer(
    stream: string,
    options: StreamConsumerOptions,
    behaviour: Behaviour = () => undefined,
    as: { instance?: string; deps?: Partial<RuntimeDeps> } = {},
  ): Promise<StreamConsumerRunner> {
    const instance = as.instance ?? 'instance-a';
    const runner = new StreamConsumerRunner(
      { ...this.deps(instance), ...as.deps },
      {
        stream,
        label: `stream "${stream}" (${instance})`,
        options,
        handler: async (message, info) => {
          const seen = { instance, message, info };
          this.seen.push(seen);
          await behaviour(seen);
        },
      },
    );
    this.runners.push(runner);
    await runner.start();
    return runner;
  }

  /** The data each handler call saw, in call order. */
  data(): unknown[] {
    return this.seen.map((s) => s.message.data);
  }

  /** Resolves once `condition` holds; fails after a bounded number of looks. */
  async until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
    await until(condition, what);
  }

  async stop(timeoutMs = 1000): Promise<void> {
    await Promise.all(this.runners.map((r) => r.stop(timeoutMs)));
  }
}

/**
 * Waits (in real time, bounded) until `condition` holds — for effects of calls in flight, never
 * for the passing of runtime time: tests move that with `ctx().elapse()`.
 */
export async function until(
  condition: () => boolean | Promise<boolean>,
  what: string,
  looks = 400,
): Promise<void> {
  for (let look = 0; look < looks; look++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`gave up waiting for ${what}`);
}

/** A promise and its resolver, to hold a handler until the test lets it go. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open: () => void = () => undefined;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

/** Clients blocked on the server now, for `port`'s backend (memory: every view of the core). */
export async function blockedClients(port: BrokerPort): Promise<number> {
  if (port instanceof MemoryBackend) return port.core.blocking.count();
  const counting = port as BrokerPort & { blockedClients?: () => Promise<number> };
  if (!counting.blockedClients) throw new Error(`${port.backend} cannot count blocked clients`);
  return counting.blockedClients();
}

/** Timers left on the runtime clock (memory targets); undefined on the system clock. */
export function pendingTimers(ctx: DeliveryContext): number | undefined {
  return ctx.clock instanceof ManualClock ? ctx.clock.pendingTimers : undefined;
}

/** Calls made through a port, by method name, with their arguments. */
export interface PortCall {
  readonly method: string;
  readonly args: readonly unknown[];
}

/** `port`, recording every call of the named methods into `calls`. */
export function spyOn(port: BrokerPort, methods: readonly string[], calls: PortCall[]): BrokerPort {
  return new Proxy(port, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      if (!methods.includes(property)) return value.bind(target);
      return (...args: unknown[]) => {
        calls.push({ method: property, args });
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}
