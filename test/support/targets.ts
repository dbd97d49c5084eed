/** Where a case runs: the in-process core or real Redis, standalone or a 3-master cluster. */
export type TargetName = 'memory' | 'redis' | 'memory-cluster' | 'redis-cluster';

/** Named sets of targets: `standalone`, `cluster`, `all`, or the in-process core alone. */
export const TARGET_GROUPS = {
  standalone: ['memory', 'redis'],
  cluster: ['memory-cluster', 'redis-cluster'],
  all: ['memory', 'redis', 'memory-cluster', 'redis-cluster'],
  memory: ['memory'],
} as const satisfies Record<string, readonly TargetName[]>;

export type TargetGroup = keyof typeof TARGET_GROUPS;

/**
 * The targets of `group` this run covers: `BROKER_TARGETS=memory,memory-cluster` narrows it while
 * developing; CI runs them all.
 */
export function enabledTargets(group: TargetGroup): TargetName[] {
  const only = process.env.BROKER_TARGETS?.split(',').map((s) => s.trim());
  return TARGET_GROUPS[group].filter((name) => !only || only.includes(name));
}

/** Whether the target runs on the in-process core. */
export function isMemoryTarget(target: TargetName): boolean {
  return target === 'memory' || target === 'memory-cluster';
}
