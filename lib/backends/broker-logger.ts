/**
 * Where a backend reports what no reply can carry: a blocking pool that ran out of connections, a
 * message listener that threw. Nest's `Logger` and `console` both fit.
 */
export interface BrokerLogger {
  /** Something the application should know about; the broker carries on. */
  warn(message: string): void;
  /** A failure in application code the broker called (a listener); the broker carries on. */
  error(message: string): void;
}

/** The `type` of the process warnings the default logger emits. */
export const BROKER_WARNING = 'NestjsBrokerWarning';

/**
 * The default logger: Node process warnings (`process.on('warning')`, printed to stderr unless
 * `--no-warnings`). Emitting one never throws, so a report cannot crash the process.
 */
export const processWarningLogger: BrokerLogger = {
  warn: (message) => process.emitWarning(message, BROKER_WARNING),
  error: (message) => process.emitWarning(message, BROKER_WARNING),
};
