import { randomBytes } from 'node:crypto';
import { MemoryBackend } from '../../../lib/backends/memory/memory.backend';
import type { BrokerModuleOptions } from '../../../lib/nest/broker-module.options';
import { redisClusterOptions, redisStandaloneOptions } from '../../support/redis-servers';
import {
  type TargetGroup,
  type TargetName,
  enabledTargets,
  isMemoryTarget,
} from '../../support/targets';

/** Which backend an app under test runs on. */
export type NestTarget = TargetName;

/** What a test gets: its target, names of its own, and module options for the target. */
export interface NestTargetContext {
  readonly target: NestTarget;
  /** A channel / queue / stream name unique to the running test (`{tag}` prefixes kept in front). */
  name(suffix: string): string;
  /** `BrokerModule.forRoot()` options for this target, merged with `extra`. */
  options(extra?: BrokerModuleOptions): BrokerModuleOptions;
  /**
   * Options under which every app of the test meets on one broker, as instances of one service
   * do: on memory one `MemoryBackend` the test owns (closed after it), on Redis the same server.
   */
  sharedOptions(extra?: BrokerModuleOptions): BrokerModuleOptions;
}

const TARGET_OPTIONS: Record<NestTarget, () => BrokerModuleOptions> = {
  memory: () => ({}),
  'memory-cluster': () => ({ memory: { shards: 3 } }),
  redis: () => ({ redis: redisStandaloneOptions() }),
  'redis-cluster': () => ({ redis: redisClusterOptions() }),
};

let counter = 0;

/**
 * Declares cases run on each target of the group: test names carry the target, as in the
 * conformance suite; `BROKER_TARGETS=memory` narrows the run.
 */
export function describeNest(
  title: string,
  group: TargetGroup,
  body: (ctx: () => NestTargetContext) => void,
): void {
  for (const target of enabledTargets(group)) {
    describe(`${title} [${target}]`, () => {
      let prefix = '';
      let shared: MemoryBackend | undefined;
      beforeEach(() => {
        prefix = `nt${++counter}${randomBytes(3).toString('hex')}`;
      });
      afterEach(async () => {
        await shared?.close();
        shared = undefined;
      });
      const context: NestTargetContext = {
        target,
        name: (suffix) => (suffix.startsWith('{') ? `${suffix}:${prefix}` : `${prefix}.${suffix}`),
        options: (extra = {}) => ({ ...TARGET_OPTIONS[target](), ...extra }),
        sharedOptions(extra = {}) {
          if (!isMemoryTarget(target)) return context.options(extra);
          shared ??= new MemoryBackend(TARGET_OPTIONS[target]().memory ?? {});
          return { backend: shared, ...extra };
        },
      };
      body(() => context);
    });
  }
}
