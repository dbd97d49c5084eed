import type { ConnectionStatus } from '../connection-status';
import type { CommandClient } from './redis-connections';

/**
 * The ioredis events of the command connection and the port status each means. `Redis` and
 * `Cluster` both emit their status changes under these names. `connect` is left out on purpose:
 * it comes before the ready check (AUTH, SELECT, a server still loading), while commands still
 * wait in ioredis's offline queue; `ready` is when they flow. `close` is followed at once by
 * `reconnecting` or `end`, which say which of the two it is.
 */
const STATUS_OF_EVENT = [
  ['ready', 'connected'],
  ['reconnecting', 'reconnecting'],
  ['end', 'disconnected'],
] as const;

/**
 * Feeds `status` from the command connection's events. A Cluster reports `reconnecting` only when
 * it lost every node (a single node's connection is re-established by ioredis without a status
 * change of the whole cluster). Returns a function that stops listening.
 */
export function trackCommandConnection(
  client: CommandClient,
  status: ConnectionStatus,
): () => void {
  const handlers = STATUS_OF_EVENT.map(([event, next]) => {
    const handler = (): void => status.set(next);
    client.on(event, handler);
    return [event, handler] as const;
  });
  return () => {
    for (const [event, handler] of handlers) client.off(event, handler);
  };
}
