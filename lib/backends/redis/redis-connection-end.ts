import { Redis } from 'ioredis';
import type { CommandClient } from './redis-connections';

/**
 * How long `close()` waits for the replies that make a clean goodbye — UNSUBSCRIBE /
 * PUNSUBSCRIBE / SUNSUBSCRIBE on subscriber connections, QUIT on the command connection — before
 * it disconnects instead. A healthy server answers in one round trip (well under a millisecond on
 * loopback, tens of milliseconds across regions); a server that takes longer is stalled, and
 * waiting on it would hold up the application's shutdown. Disconnecting loses nothing: the server
 * drops a closed connection's subscriptions itself, only a little later.
 */
export const CLOSE_REPLY_TIMEOUT_MS = 1000;

const noop = (): void => undefined;

/**
 * Resolves with what `work` resolves to, or with `fallback` once `ms` have passed; the timer is
 * cleared as soon as `work` settles, so nothing is left running.
 */
export function within<T>(work: Promise<T>, ms: number, fallback: T): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve(fallback), ms);
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/**
 * Ends `client` for good, now, and makes every command it still holds reject with ioredis's
 * "Connection is closed.".
 *
 * A plain `disconnect()` does that in every status but one: while ioredis waits to reconnect
 * (`reconnecting`), it cancels the retry, but the socket is already gone, so no `close` event
 * follows — queued commands stay pending forever and `end` is never emitted. Starting a connection
 * attempt first and aborting it at once takes ioredis down its ordinary path for an aborted
 * attempt: it rejects every queued command and ends.
 *
 * Once `end`, nothing is done: a second `disconnect()` arms a timer on the dead socket that nothing
 * clears (ioredis's `disconnectTimeout`, which `RedisConnections` forces to 0 for the same reason).
 */
export function disconnectNow(client: CommandClient): void {
  if (client.status === 'end') return;
  if (client.status === 'reconnecting' && client instanceof Redis) {
    client.connect().catch(noop); // rejects with "Connection is closed." once aborted
  }
  client.disconnect();
}
