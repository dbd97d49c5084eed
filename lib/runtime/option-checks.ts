import { BrokerConfigurationError } from '../core/broker.errors';

/**
 * Checks that `value` is a plain options object whose keys are all in `known` (a typo such as
 * `concurency` fails here instead of being ignored); `where` names it in errors, e.g.
 * `@QueueWorker("emails")`. Undefined stands for no options.
 */
export function checkOptionKeys(
  value: unknown,
  known: readonly string[],
  where: string,
): Readonly<Record<string, unknown>> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new BrokerConfigurationError(where, value, `an options object ({ ${known.join(', ')} })`);
  }
  for (const [key, given] of Object.entries(value)) {
    if (!known.includes(key))
      throw BrokerConfigurationError.unknownOption(`${where}.${key}`, given, known);
  }
  return value as Record<string, unknown>;
}
