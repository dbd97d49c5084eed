import type { KeyValue } from '../../../lib/core/keyspace';
import { ListCommands } from '../../../lib/core/lists/list.commands';
import { createTestContext } from '../core-context.fixture';

export { replyError } from '../reply-error.fixture';

export const WRONGTYPE = 'WRONGTYPE Operation against a key holding the wrong kind of value';

/** List commands over a fresh standalone context on a manual clock. */
export function createLists() {
  const ctx = createTestContext();
  const lists = new ListCommands(ctx);
  /** Stores a minimal stream value: enough for the WRONGTYPE rule. */
  const setStream = (key: string): void => ctx.keyspace.set(key, { type: 'stream' } as KeyValue);
  const contents = (key: string): string[] => lists.lrange(key, 0, -1);
  return { ctx, lists, setStream, contents };
}

/** A promise's outcome, readable synchronously once the microtask queue has run. */
export interface Tracked<T> {
  readonly state: 'pending' | 'resolved' | 'rejected';
  readonly value?: T;
  readonly error?: string;
}

/** Records how `promise` settles. */
export function track<T>(promise: Promise<T>): Tracked<T> {
  const tracked: { state: Tracked<T>['state']; value?: T; error?: string } = { state: 'pending' };
  promise.then(
    (value) => Object.assign(tracked, { state: 'resolved', value }),
    (error: unknown) =>
      Object.assign(tracked, { state: 'rejected', error: (error as Error).message }),
  );
  return tracked;
}

/** Lets every already-settled promise run its callbacks (one turn of the event loop, no timer). */
export function flush(): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve));
}
