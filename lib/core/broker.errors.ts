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
  ) {
    super(`Invalid broker option ${option}: got ${describeValue(value)}; expected ${expected}.`);
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
