// Placeholder until pub/sub lands (redis-semantics.md §2).
export class PubSubClient {}
