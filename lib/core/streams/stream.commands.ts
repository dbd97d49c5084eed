import type { CoreContext } from '../core.context';

// Placeholder until the stream commands land (redis-semantics.md §4).
export class StreamCommands {
  constructor(protected readonly ctx: CoreContext) {}
}
