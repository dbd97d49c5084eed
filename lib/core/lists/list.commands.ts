import type { CoreContext } from '../core.context';

// Placeholder until the list commands land (redis-semantics.md §3).
export class ListCommands {
  constructor(protected readonly ctx: CoreContext) {}
}
