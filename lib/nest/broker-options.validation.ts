import { BrokerConfigurationError } from '../core/broker.errors';
import type { BrokerModuleOptions } from './broker-module.options';

interface Rule {
  readonly expected: string;
  valid(value: unknown): boolean;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const hasMethods =
  (...names: string[]) =>
  (value: unknown): boolean =>
    isObject(value) && names.every((name) => typeof value[name] === 'function');
const wholeNumber = (min: number) => (value: unknown) =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= min;

const CLOCK: Rule = {
  expected: 'a Clock (now() and setTimer())',
  valid: hasMethods('now', 'setTimer'),
};

const MODULE_RULES: Record<keyof BrokerModuleOptions, Rule> = {
  memory: { expected: 'an object ({ shards?, clock?, logger? })', valid: isObject },
  redis: {
    expected: 'ioredis options: an object ({ url }, { host, port }, { cluster: [...] })',
    valid: isObject,
  },
  backend: {
    expected: 'a BrokerPort (a MemoryBackend or RedisBackend instance)',
    valid: hasMethods('publish', 'createSubscriber', 'xadd', 'lpush', 'close'),
  },
  codec: {
    expected: 'a BrokerCodec ({ name, encode(data), decode(text) })',
    valid: (v) =>
      hasMethods('encode', 'decode')(v) && typeof (v as { name?: unknown }).name === 'string',
  },
  maxPayloadBytes: { expected: 'a whole number of bytes ≥ 1', valid: wholeNumber(1) },
  connectTimeoutMs: { expected: 'a whole number of ms ≥ 1', valid: wholeNumber(1) },
  shutdownTimeoutMs: { expected: 'a whole number of ms ≥ 0', valid: wholeNumber(0) },
  requestTimeoutMs: { expected: 'a whole number of ms ≥ 1', valid: wholeNumber(1) },
  consumerName: {
    expected: 'a non-empty string',
    valid: (v) => typeof v === 'string' && v.length > 0,
  },
  clock: CLOCK,
};

const MEMORY_RULES: Record<string, Rule> = {
  shards: { expected: 'a whole number ≥ 0 (0 = standalone)', valid: wholeNumber(0) },
  clock: CLOCK,
  logger: { expected: 'a BrokerLogger (warn() and error())', valid: hasMethods('warn', 'error') },
};

/**
 * Checks `BrokerModule.forRoot()` options before anything is created: an unknown key, a wrong
 * type, a negative number, or more than one backend fails with a {@link BrokerConfigurationError}
 * naming the option and what it accepts. ioredis options inside `redis` are ioredis's to judge.
 */
export function validateBrokerOptions(options: unknown): BrokerModuleOptions {
  if (options === undefined) {
    throw new BrokerConfigurationError(
      'options',
      options,
      'an options object: forRootAsync({ useFactory }) must return one ({} for the in-process core)',
    );
  }
  if (!isObject(options)) {
    throw new BrokerConfigurationError(
      'options',
      options,
      typeof options === 'string'
        ? `an object, such as { redis: { url: ${JSON.stringify(options)} } }`
        : 'an object of BrokerModule options ({} for the in-process core)',
    );
  }
  checkObject(options, MODULE_RULES, '');
  if (options.memory !== undefined)
    checkObject(options.memory as Record<string, unknown>, MEMORY_RULES, 'memory.');
  const backends = (['memory', 'redis', 'backend'] as const).filter(
    (k) => options[k] !== undefined,
  );
  if (backends.length > 1) {
    throw new BrokerConfigurationError(
      backends.join(' + '),
      'more than one backend',
      'at most one of memory, redis and backend',
    );
  }
  return options as BrokerModuleOptions;
}

function checkObject(
  object: Record<string, unknown>,
  rules: Record<string, Rule>,
  prefix: string,
): void {
  for (const [key, value] of Object.entries(object)) {
    const rule = rules[key];
    if (!rule)
      throw BrokerConfigurationError.unknownOption(`${prefix}${key}`, value, Object.keys(rules));
    if (value !== undefined && !rule.valid(value)) {
      throw new BrokerConfigurationError(`${prefix}${key}`, value, rule.expected);
    }
  }
}
