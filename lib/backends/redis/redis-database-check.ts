import type { Redis } from 'ioredis';
import { BrokerConfigurationError } from '../../core/broker.errors';
import { disconnectNow, within } from './redis-connection-end';
import { databaseRefused } from './redis.messages';

/**
 * How long the server may take to say how many databases it has (`CONFIG GET databases`, on a
 * connection of its own). It has just answered the refused SELECT, so one round trip is all it
 * needs; past this the error says "0 to databases-1" without the number.
 */
export const DATABASES_PROBE_TIMEOUT_MS = 1000;

/** What ioredis attaches to the error of a command Redis refused. */
interface CommandReplyError extends Error {
  readonly command?: { readonly name?: unknown; readonly args?: unknown };
}

/** The error ioredis emits when the SELECT of its handshake (option `db`) was refused. */
function isRefusedSelect(error: unknown): error is CommandReplyError {
  return (
    error instanceof Error &&
    error.name === 'ReplyError' &&
    (error as CommandReplyError).command?.name === 'select'
  );
}

/** The count in a `CONFIG GET databases` reply (`['databases', '16']`), if it is one. */
function databasesOf(reply: unknown): number | undefined {
  const count = Array.isArray(reply) ? Number(reply[1]) : NaN;
  return Number.isInteger(count) && count > 0 ? count : undefined;
}

/**
 * Makes a database index the server refuses fail loudly. ioredis sends `SELECT db` while it
 * connects; when Redis refuses it (`ERR DB index is out of range`), ioredis only emits `error` and
 * carries on in database 0, where every command would then read and write another application's
 * keys. A watched connection that sees this is disconnected at once — from the `error` event,
 * before ioredis becomes ready and sends the commands it queued — and the backend's calls reject
 * with the {@link BrokerConfigurationError} this builds, naming the range the server allows.
 */
export class DatabaseCheck {
  private failure: Promise<BrokerConfigurationError> | undefined;
  private stopProbe: (() => void) | undefined;
  private closed = false;

  constructor(
    /** A connection in database 0 for `CONFIG GET databases`, not watched, made when needed. */
    private readonly openProbe: () => Redis,
  ) {}

  /** Ends `client` if the server refuses its database, and remembers why. */
  watch(client: Redis): void {
    client.on('error', (error: unknown) => {
      if (!isRefusedSelect(error)) return;
      disconnectNow(client);
      this.failure ??= this.explain(client.options.db, error.message);
    });
  }

  /** Why calls must fail, once a connection's database was refused; undefined until then. */
  refused(): Promise<BrokerConfigurationError> | undefined {
    return this.failure;
  }

  /** Stops a probe in flight (its error then goes without the server's count). */
  close(): void {
    this.closed = true;
    this.stopProbe?.();
  }

  private async explain(db: number | undefined, reply: string): Promise<BrokerConfigurationError> {
    const databases = /out of range/i.test(reply) ? await this.askDatabases() : undefined;
    return new BrokerConfigurationError('db', db, databaseRefused(reply, databases));
  }

  /** `CONFIG GET databases`, bounded; undefined when the server does not say (ACL, renamed). */
  private async askDatabases(): Promise<number | undefined> {
    if (this.closed) return undefined;
    const probe = this.openProbe();
    const stopped = new Promise<undefined>(
      (resolve) => (this.stopProbe = () => resolve(undefined)),
    );
    const asked = probe.call('CONFIG', 'GET', 'databases').then(databasesOf, () => undefined);
    try {
      return await within(Promise.race([asked, stopped]), DATABASES_PROBE_TIMEOUT_MS, undefined);
    } finally {
      this.stopProbe = undefined;
      disconnectNow(probe);
    }
  }
}
