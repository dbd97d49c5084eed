/** A log line: text, or a structured record (a dead letter) for JSON loggers. */
export type LogMessage = string | Readonly<Record<string, unknown>>;

/**
 * Where every layer reports what no reply can carry: a blocking pool that ran out of connections,
 * a listener or handler that threw, a message that could not be read, a dead letter. Nest's
 * `Logger` and `console` both fit; the Nest module passes a Nest `Logger`.
 */
export interface BrokerLogger {
  /** Something the application should know about; the broker carries on. */
  warn(message: LogMessage): void;
  /** A failure the broker contained (application code that threw, unreadable input); it carries on. */
  error(message: LogMessage, stack?: string): void;
  /** Routine news (a dead letter written, entries reclaimed); optional. */
  log?(message: LogMessage): void;
}
