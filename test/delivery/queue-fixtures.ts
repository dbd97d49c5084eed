import type { BrokerMessage, DeliveryInfo } from '../../lib/runtime/broker-message';
import type { RuntimeDeps } from '../../lib/runtime/delivery-runner';
import { type QueueWorkerOptions, QueueWorkerRunner } from '../../lib/runtime/queue';
import type { DeliveryContext } from './delivery-targets';

/** One handler call as a test saw it. */
export interface Call {
  readonly instance: string;
  readonly data: unknown;
  readonly id: string | undefined;
  readonly attempt: number;
  /** The runtime clock when the handler started. */
  readonly at: number;
  readonly message: BrokerMessage;
}

/** What a scripted handler does with one call: resolve, throw, or never settle. */
export type Script = (call: Call) => Promise<void> | void;

/** Handler calls of a test, with waits on their number (never sleeps). */
export class Calls {
  readonly list: Call[] = [];
  private waiters: Array<{ n: number; resolve: () => void }> = [];

  record(call: Call): void {
    this.list.push(call);
    for (const w of this.waiters.filter((w) => this.list.length >= w.n)) w.resolve();
    this.waiters = this.waiters.filter((w) => this.list.length < w.n);
  }

  /** Resolves once `n` calls started; fails after `timeoutMs` of real time. */
  async reach(n: number, timeoutMs = 4000): Promise<Call[]> {
    if (this.list.length >= n) return this.list;
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      await Promise.race([
        new Promise<void>((resolve) => this.waiters.push({ n, resolve })),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`expected ${n} handler calls, saw ${this.list.length}`)),
            timeoutMs,
          );
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
    return this.list;
  }

  data(): unknown[] {
    return this.list.map((c) => c.data);
  }
}

/** A promise settled from outside: a handler that waits until the test lets it go. */
export class Gate {
  readonly promise: Promise<void>;
  open!: () => void;
  fail!: (error: unknown) => void;

  constructor() {
    this.promise = new Promise<void>((resolve, reject) => {
      this.open = resolve;
      this.fail = reject;
    });
  }
}

/** Never settles: a handler whose process dies under it. */
export const never = (): Promise<void> => new Promise<void>(() => undefined);

/** Starts runners for a test and stops them all at the end (see {@link stopAll}). */
export class Workers {
  private readonly runners: QueueWorkerRunner[] = [];

  constructor(
    private readonly ctx: () => DeliveryContext,
    readonly calls = new Calls(),
  ) {}

  /** A runner of `queue` on `deps` (another instance: `ctx().deps('b')`), not started yet. */
  create(
    deps: RuntimeDeps,
    queue: string,
    script: Script,
    options: QueueWorkerOptions = {},
  ): QueueWorkerRunner {
    const runner = new QueueWorkerRunner(deps, {
      queue,
      label: `queue "${queue}" (${deps.instance})`,
      options,
      handler: async (message: BrokerMessage, delivery: DeliveryInfo) => {
        const call: Call = {
          instance: deps.instance,
          data: message.data,
          id: message.id,
          attempt: delivery.attempt ?? 0,
          at: this.ctx().clock.now(),
          message,
        };
        this.calls.record(call);
        await script(call);
      },
    });
    this.runners.push(runner);
    return runner;
  }

  /** As {@link create}, started. */
  async start(
    deps: RuntimeDeps,
    queue: string,
    script: Script,
    options: QueueWorkerOptions = {},
  ): Promise<QueueWorkerRunner> {
    const runner = this.create(deps, queue, script, options);
    await runner.start();
    return runner;
  }

  /** Stops every runner (those whose port was closed too: that is harmless). */
  async stopAll(): Promise<void> {
    await Promise.all(this.runners.map((r) => r.stop(0)));
  }
}

/**
 * Lets runtime time pass in steps of `stepMs` until `done()` holds, at most `maxMs` (then fails):
 * a manual clock moves, real time is waited for. A bounded poll for a condition, not a sleep
 * standing in for one.
 */
export async function elapseUntil(
  ctx: () => DeliveryContext,
  done: () => boolean | Promise<boolean>,
  { stepMs, maxMs, what }: { stepMs: number; maxMs: number; what: string },
): Promise<number> {
  let waited = 0;
  while (!(await done())) {
    if (waited >= maxMs) throw new Error(`${what}: not after ${waited} ms`);
    await ctx().elapse(stepMs);
    waited += stepMs;
  }
  return waited;
}

/**
 * Resolves once `done()` holds without moving runtime time (work already under way settling:
 * an acknowledgement in flight). Bounded: fails after about two seconds of real time.
 */
export async function eventually(
  done: () => boolean | Promise<boolean>,
  what: string,
): Promise<void> {
  for (let attempt = 0; attempt < 400; attempt++) {
    if (await done()) return;
    await new Promise<void>((resolve) => setTimeout(resolve, attempt < 20 ? 0 : 5));
  }
  throw new Error(`${what}: still not the case`);
}
