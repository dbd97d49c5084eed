// Placeholder until the key-slot function lands (redis-semantics.md §2.7).
export function keySlot(_key: string): number {
  throw new Error('keySlot not implemented yet');
}
