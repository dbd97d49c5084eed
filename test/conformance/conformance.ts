import { randomBytes } from 'node:crypto';
import { MemoryBackend } from '../../lib/backends/memory/memory.backend';
import { RedisBackend } from '../../lib/backends/redis/redis.backend';
import { ManualClock } from '../../lib/core/clock';
import type { BrokerPort } from '../../lib/port/broker.port';
import { redisClusterOptions, redisStandaloneOptions } from '../support/redis-servers';
import { type TargetName, enabledTargets } from '../support/targets';

export type { TargetName } from '../support/targets';

/** What a case gets: the backend under test, its own key names, and a way to let time pass. */
export interface ConformanceContext {
  readonly port: BrokerPort;
  readonly target: TargetName;
  /** A key (or channel) name unique to the running test; `{tag}` hash tags are kept in front. */
  key(name: string): string;
  /**
   * Lets at least `ms` of broker time pass: the memory targets run on a manual clock and advance it
   * (firing due timeouts); Redis targets wait for real. Use only where time itself is the subject.
   */
  elapse(ms: number): Promise<void>;
  /**
   * Another port of the same target, closed after the test: on Redis a second client of the same
   * server, in memory a fresh core. For cases about a port's own lifecycle.
   */
  openPort(): BrokerPort;
}

interface Target {
  readonly name: TargetName;
  create(): { port: BrokerPort; elapse(ms: number): Promise<void> };
}

const memoryTarget = (name: TargetName, shards: number): Target => ({
  name,
  create() {
    const clock = new ManualClock(Date.now());
    const port = new MemoryBackend({ clock, shards });
    return {
      port,
      async elapse(ms) {
        clock.advance(ms);
        await new Promise<void>((resolve) => setImmediate(resolve));
      },
    };
  },
});

const redisTarget = (name: TargetName, cluster: boolean): Target => ({
  name,
  create() {
    const port = new RedisBackend(cluster ? redisClusterOptions() : redisStandaloneOptions());
    return {
      port,
      elapse: (ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
    };
  },
});

const TARGETS: Record<TargetName, Target> = {
  memory: memoryTarget('memory', 0),
  redis: redisTarget('redis', false),
  'memory-cluster': memoryTarget('memory-cluster', 3),
  'redis-cluster': redisTarget('redis-cluster', true),
};

let prefixCounter = 0;

/**
 * Declares one set of cases run on every target: `standalone` = memory and redis, `cluster` = the
 * memory cluster simulation and the real 3-master cluster, `all` = the four. Test names carry the
 * target (`lists [memory] ...`, `lists [redis] ...`).
 */
export function describeConformance(
  title: string,
  targets: 'standalone' | 'cluster' | 'all',
  body: (ctx: () => ConformanceContext) => void,
): void {
  for (const target of enabledTargets(targets).map((name) => TARGETS[name])) {
    describe(`${title} [${target.name}]`, () => {
      let created: ReturnType<Target['create']>;
      let prefix = '';
      let used: string[] = [];
      let extra: BrokerPort[] = [];
      const context: ConformanceContext = {
        get port() {
          return created.port;
        },
        target: target.name,
        key(name) {
          const full = name.startsWith('{') ? `${name}:${prefix}` : `${prefix}:${name}`;
          used.push(full);
          return full;
        },
        elapse: (ms) => created.elapse(ms),
        openPort() {
          const port = target.create().port;
          extra.push(port);
          return port;
        },
      };

      beforeAll(() => {
        created = target.create();
      });
      afterAll(async () => {
        await created.port.close();
      });
      beforeEach(() => {
        prefix = `cf${++prefixCounter}${randomBytes(3).toString('hex')}`;
        used = [];
      });
      afterEach(async () => {
        // One DEL per key: in a cluster the keys of one test may live in different slots.
        for (const key of new Set(used)) await created.port.del([key]);
        await Promise.all(extra.map((port) => port.close()));
        extra = [];
      });

      body(() => context);
    });
  }
}
