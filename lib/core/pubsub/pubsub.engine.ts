// Placeholder until pub/sub lands (redis-semantics.md §2).
export class PubSubEngine {
  constructor(protected readonly options: { shards: number }) {}
}
