import { randomBytes } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { MemoryBackend } from '../../lib/backends/memory/memory.backend';
import type { RedisBackend } from '../../lib/backends/redis/redis.backend';
import { ManualClock } from '../../lib/core/clock';
import { keySlot } from '../../lib/core/pubsub/key-slot';
import { BrokerReplyError } from '../../lib/core/reply-error';
import type { BrokerPort } from '../../lib/port/broker.port';
import {
  type KeyName,
  type KeyOf,
  showValue,
  type Step,
  stepsArbitrary,
} from './differential-commands';
import { clusterBackend, describeRedis, standaloneBackend } from './redis-test-kit';

// Differential test: random sequences of port calls (differential-commands.ts) run on a fresh
// in-process core and on real Redis, step by step; every reply — value or error text — must be the
// same. Redis is the reference: a difference means the core is wrong (or the difference is a
// documented one, README "Differences from Redis", and the generator must not produce it).
// More runs while hunting: BROKER_DIFFERENTIAL_RUNS=1000 npx jest test/redis/differential.spec.ts

const MAX_STEPS = 40;
const RUNS_OVERRIDE = Number(process.env.BROKER_DIFFERENTIAL_RUNS) || undefined;
/** Room for the runs plus fast-check's shrinking of a failure (each run is a few ms). */
const timeoutMs = (runs: number): number => Math.max(30_000, runs * 20);

/** What a call produced: its reply, Redis's error text, or anything else that was thrown. */
type Outcome = { reply: unknown } | { error: string } | { thrown: string };

async function outcomeOf(step: Step, port: BrokerPort, key: KeyOf): Promise<Outcome> {
  try {
    // structuredClone: compare data only, not which classes the two backends build replies with.
    return { reply: structuredClone(await step.run(port, key)) };
  } catch (error) {
    if (error instanceof BrokerReplyError) return { error: error.message };
    return { thrown: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

function show(outcome: Outcome): string {
  if ('error' in outcome) return `(error) ${outcome.error}`;
  if ('thrown' in outcome) return `(thrown) ${outcome.thrown}`;
  return showValue(outcome.reply);
}

/** Runs `steps` on both ports in lockstep; throws at the first step whose outcomes differ. */
async function runInLockstep(
  steps: readonly Step[],
  memory: BrokerPort,
  redis: BrokerPort,
  keys: Record<KeyName, string>,
): Promise<void> {
  const keyOf: KeyOf = (name) => keys[name];
  const done: string[] = [];
  for (const [i, step] of steps.entries()) {
    const mine = await outcomeOf(step, memory, keyOf);
    const reference = await outcomeOf(step, redis, keyOf);
    const line = `${String(i + 1).padStart(3)}. ${step.label}`;
    if (!isDeepStrictEqual(mine, reference)) {
      throw new Error(
        [
          `${memory.clustered ? 'memory-cluster' : 'memory'} and Redis differ at step ${i + 1} of ${steps.length}`,
          `keys: ${Object.entries(keys)
            .map(([name, full]) => `${name} = ${full}`)
            .join(', ')}`,
          ...done,
          line,
          `       memory: ${show(mine)}`,
          `       redis:  ${show(reference)}`,
        ].join('\n'),
      );
    }
    done.push(`${line} → ${show(reference)}`);
  }
}

const prefix = (): string => `df${randomBytes(4).toString('hex')}`;

/** Three plain keys of this run. */
function standaloneKeys(): Record<KeyName, string> {
  const p = prefix();
  return { a: `${p}:a`, b: `${p}:b`, c: `${p}:c` };
}

/**
 * `a` and `b` share one hash tag; `c` hashes to another slot, so multi-key calls involving it are
 * CROSSSLOT on both backends.
 */
function clusterKeys(): Record<KeyName, string> {
  for (;;) {
    const p = prefix();
    const keys = { a: `{${p}}:a`, b: `{${p}}:b`, c: `${p}:c` };
    if (keySlot(keys.c) !== keySlot(keys.a)) return keys;
  }
}

function describeDifferential(kind: 'standalone' | 'cluster', numRuns: number): void {
  const cluster = kind === 'cluster';
  describeRedis('differential: memory core vs Redis', kind, () => {
    let redis: RedisBackend;
    beforeAll(() => {
      redis = cluster ? clusterBackend() : standaloneBackend();
    });
    afterAll(() => redis.close());

    it(
      `gives the same reply to every step of ${numRuns} random call sequences`,
      async () => {
        await fc.assert(
          fc.asyncProperty(stepsArbitrary(MAX_STEPS), async (steps) => {
            const keys = cluster ? clusterKeys() : standaloneKeys();
            const memory = new MemoryBackend({ clock: new ManualClock(), shards: cluster ? 3 : 0 });
            try {
              await runInLockstep(steps, memory, redis, keys);
            } finally {
              await memory.close();
              // One DEL per key: in the cluster `c` lives in another slot.
              for (const full of Object.values(keys)) await redis.del([full]);
            }
          }),
          { numRuns },
        );
      },
      timeoutMs(numRuns),
    );
  });
}

// A run of 40 calls takes a few ms on loopback: 100 + 40 runs take about a second.
describeDifferential('standalone', RUNS_OVERRIDE ?? 100);
describeDifferential('cluster', RUNS_OVERRIDE ?? 40);
