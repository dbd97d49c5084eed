/**
 * A port argument as Redis stores it when ioredis sends it: each string is encoded to UTF-8, where
 * a lone surrogate becomes U+FFFD. So `'c\uD800'` and `'c\uFFFD'` name the same channel on Redis,
 * and a lone surrogate in a payload comes back as U+FFFD. The memory backend passes every argument
 * through here so an application behaves the same on both backends.
 *
 * Strings inside arrays and plain objects (stream offsets, options) are handled too; anything else
 * (numbers, an `AbortSignal`) is kept. Returns `value` itself when nothing changes — the common
 * case, which costs one `isWellFormed()` per string.
 */
export function wellFormed<T>(value: T): T {
  // The shape is kept (strings stay strings, arrays arrays, objects the same keys).
  return normalise(value) as T;
}

function normalise(value: unknown): unknown {
  if (typeof value === 'string') return value.isWellFormed() ? value : value.toWellFormed();
  if (Array.isArray(value)) return normaliseArray(value);
  if (isPlainObject(value)) return normaliseObject(value);
  return value;
}

function normaliseArray(values: readonly unknown[]): readonly unknown[] {
  let copy: unknown[] | undefined;
  for (let i = 0; i < values.length; i++) {
    const next = normalise(values[i]);
    if (next === values[i]) continue;
    copy ??= values.slice();
    copy[i] = next;
  }
  return copy ?? values;
}

function normaliseObject(object: Readonly<Record<string, unknown>>): Record<string, unknown> {
  let copy: Record<string, unknown> | undefined;
  for (const [key, item] of Object.entries(object)) {
    const next = normalise(item);
    if (next === item) continue;
    copy ??= { ...object };
    copy[key] = next;
  }
  return copy ?? object;
}

function isPlainObject(value: unknown): value is Readonly<Record<string, unknown>> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
