import { BrokerConfigurationError } from '../core/broker.errors';

/**
 * Names of the keys the runtime keeps beside a queue or a stream. They share the name's cluster
 * slot, so multi-key calls (BLMOVE from the queue to a worker's in-flight list) never fail with
 * CROSSSLOT: a name with a hash tag (`{tenant}.emails`) keeps it (`{tenant}.emails:dead`); any other
 * name becomes the tag (`{emails}:dead` hashes `emails`, as `emails` itself does). The queue or
 * stream key itself is the name, so `LPUSH emails hi` from redis-cli reaches the worker.
 *
 * The same names are used on every backend, standalone or not, so data moves between them.
 */
export function helperKeyPrefix(name: string): string {
  if (hasHashTag(name)) return name;
  if (name === '' || name.includes('}')) {
    throw new BrokerConfigurationError(
      'queue / stream name',
      name,
      'a non-empty name without "}" unless it holds a hash tag such as "{orders}.retries" (the broker ' +
        'names its helper keys "{name}:..." to keep them in the same cluster slot)',
    );
  }
  return `{${name}}`;
}

/** `<prefix>:<suffix>` for the helper key `suffix` of queue or stream `name`. */
export function helperKey(name: string, ...suffix: string[]): string {
  return [helperKeyPrefix(name), ...suffix].join(':');
}

/** Whether Redis would hash only part of `name`: a `{` with a later `}` and something between. */
function hasHashTag(name: string): boolean {
  const open = name.indexOf('{');
  if (open < 0) return false;
  const close = name.indexOf('}', open + 1);
  return close > open + 1;
}
