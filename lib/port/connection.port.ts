/**
 * Where a backend's connection to the broker stands:
 * - `connecting`: not connected yet (only before the first connection);
 * - `connected`: commands are sent and answered;
 * - `reconnecting`: the connection was lost and is being re-established (commands wait);
 * - `disconnected`: closed for good — by `close()`, or because reconnecting was given up.
 *
 * The memory backend is `connected` from the start until `close()`.
 */
export type BrokerConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'disconnected';

/** Called with each new status. */
export type BrokerStatusListener = (status: BrokerConnectionStatus) => void;

/** Connectivity of a backend, for health checks and logs. */
export interface ConnectionPort {
  /** The status now (see {@link BrokerConnectionStatus}). */
  readonly status: BrokerConnectionStatus;
  /**
   * Calls `listener` on every change of {@link status}, never twice in a row with the same
   * status (the current one is not replayed). Returns a function that removes the listener.
   */
  onStatusChange(listener: BrokerStatusListener): () => void;
  /**
   * PING: resolves once the broker answered (in a cluster, one node is asked). While the
   * connection is down the command waits for it as any other command does, until `close()`
   * rejects it with `BrokerClosedError`. A broker that refuses the configuration (a database index
   * it does not have) rejects it with `BrokerConfigurationError`.
   */
  ping(): Promise<void>;
}
