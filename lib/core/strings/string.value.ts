import type { KeyValue } from '../keyspace';

/** A string value (locks, leases, markers). */
export class StringValue implements KeyValue {
  readonly type = 'string' as const;

  constructor(readonly value: string) {}
}
