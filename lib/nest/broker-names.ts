import { BrokerArgumentError } from '../core/broker.errors';

/**
 * Checks channel / glob / queue / stream names given to a decorator or the publisher: one
 * non-empty string, or a non-empty array of them. `where` names the call in the error.
 */
export function namesOf(value: unknown, where: string, what: string): string[] {
  const names = Array.isArray(value) ? value : [value];
  if (names.length === 0 || names.some((n) => typeof n !== 'string' || n.length === 0)) {
    throw new BrokerArgumentError(
      where,
      value,
      `a non-empty ${what} name, or a non-empty array of them`,
    );
  }
  return names as string[];
}

/** Checks the one channel, queue or stream name a decorator or the publisher is given. */
export function nameOf(value: unknown, where: string, what: string): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new BrokerArgumentError(where, value, `a non-empty ${what} name`);
  }
  return value;
}
