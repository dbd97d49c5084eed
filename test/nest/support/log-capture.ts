import type { LoggerService } from '@nestjs/common';
import { Recorder } from './recorder';

/** One line a Nest logger was given. */
export interface LogLine {
  readonly level: 'log' | 'error' | 'warn' | 'debug' | 'verbose' | 'fatal';
  readonly message: unknown;
  readonly params: unknown[];
}

/** A Nest logger that keeps every line, so tests can wait for one and read it. */
export class CapturingLogger extends Recorder<LogLine> implements LoggerService {
  log(message: unknown, ...params: unknown[]): void {
    this.record({ level: 'log', message, params });
  }
  error(message: unknown, ...params: unknown[]): void {
    this.record({ level: 'error', message, params });
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.record({ level: 'warn', message, params });
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.record({ level: 'debug', message, params });
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.record({ level: 'verbose', message, params });
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.record({ level: 'fatal', message, params });
  }

  /** Waits for a line of `level` whose text contains every one of `parts`. */
  waitForLine(level: LogLine['level'], ...parts: string[]): Promise<LogLine[]> {
    return this.waitFor(
      1,
      (line) => line.level === level && parts.every((p) => text(line).includes(p)),
    );
  }

  /** Lines of `level` containing `part`. */
  lines(level: LogLine['level'], part = ''): LogLine[] {
    return this.records.filter((line) => line.level === level && text(line).includes(part));
  }
}

/** The text of a line: its message, and string params (a stack, a context). */
export function text(line: LogLine): string {
  const message = typeof line.message === 'string' ? line.message : JSON.stringify(line.message);
  return [message, ...line.params.filter((p): p is string => typeof p === 'string')].join('\n');
}
