// Placeholder until the consumer-group state machine lands (redis-semantics.md §5).
export class ConsumerGroup {}
