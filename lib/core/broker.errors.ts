/** Base class of every error nestjs-broker throws; `instanceof BrokerError` catches them all. */
export class BrokerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** An option has a value the broker cannot work with. */
export class BrokerConfigurationError extends BrokerError {
  constructor(
    /** The option's name, e.g. `shards` or `blockingPoolSize`. */
    readonly option: string,
    /** The value given. */
    readonly value: unknown,
    /** What a valid value looks like. */
    readonly expected: string,
    message = `Invalid broker option ${option}: got ${describeValue(value)}; expected ${expected}.`,
  ) {
    super(message);
  }

  /** An option name that does not exist (a typo, usually): says which ones do. */
  static unknownOption(
    option: string,
    value: unknown,
    known: readonly string[],
  ): BrokerConfigurationError {
    const expected = `one of ${known.join(', ')}`;
    return new BrokerConfigurationError(
      option,
      value,
      expected,
      `Unknown broker option ${option} (set to ${describeValue(value)}); the options here are ` +
        `${known.join(', ')}.`,
    );
  }
}

/** An argument of a broker call or decorator (a channel, queue or stream name) is not usable. */
export class BrokerArgumentError extends BrokerConfigurationError {
  constructor(
    /** Which argument, e.g. `channel of BrokerPublisher.publish()`. */
    argument: string,
    value: unknown,
    expected: string,
  ) {
    super(
      argument,
      value,
      expected,
      `Invalid ${argument}: got ${describeValue(value)}; expected ${expected}.`,
    );
  }
}

/** A short, readable rendering of an option's value for error messages. */
function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return `a function (${value.name || 'anonymous'})`;
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object' && value !== null) {
    const name = value.constructor?.name;
    return name && name !== 'Object' ? `a ${name}` : 'an object';
  }
  return String(value);
}

/** A call reached a backend after `close()`. */
export class BrokerClosedError extends BrokerError {
  constructor(
    /** Which backend or connection was closed, e.g. `RedisBackend`. */
    readonly target: string,
  ) {
    super(`${target} is closed: close() is final, create a new one to keep working.`);
  }
}

/** The connection a command needed is gone and will not come back by itself. */
export class BrokerConnectionError extends BrokerError {
  constructor(
    /** The command that could not be run, lower case. */
    readonly command: string,
    /** Why, in a few words. */
    readonly reason: string,
  ) {
    super(
      `Cannot run ${command}: ${reason}. Check that Redis is reachable; the backend reconnects ` +
        `on its own unless its retry strategy gave up.`,
    );
  }
}
