import type { CoreContext } from '../core.context';

// Placeholder until the consumer-group commands land (redis-semantics.md §5).
export class GroupCommands {
  constructor(protected readonly ctx: CoreContext) {}
}
