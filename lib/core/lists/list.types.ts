/** End of a list: `LEFT` is the head, `RIGHT` the tail. */
export type ListEnd = 'LEFT' | 'RIGHT';

/** BLPOP / BRPOP reply when served: the key popped from and the element. */
export type KeyedElement = [key: string, element: string];

/** Options of a blocking call. */
export interface BlockingOptions {
  /** Aborting it ends the wait with the timeout reply (`null`), like `CLIENT UNBLOCK`. */
  readonly signal?: AbortSignal;
}
