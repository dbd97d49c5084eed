import type { BrokerLogger, LogMessage } from '../core/broker-logger';

/** The `type` of the process warnings the default logger emits. */
export const BROKER_WARNING = 'NestjsBrokerWarning';

/**
 * The default logger: Node process warnings (`process.on('warning')`, printed to stderr unless
 * `--no-warnings`). Emitting one never throws, so a report cannot crash the process.
 */
export const processWarningLogger: BrokerLogger = {
  warn: (message) => process.emitWarning(asText(message), BROKER_WARNING),
  error: (message) => process.emitWarning(asText(message), BROKER_WARNING),
};

function asText(message: LogMessage): string {
  return typeof message === 'string' ? message : JSON.stringify(message);
}
