/** Smallest and largest values of Redis's `long long`, as doubles. */
const LONG_LONG_MIN = -(2 ** 63);
const LONG_LONG_LIMIT = 2 ** 63;

/**
 * Whether `value` is an integer Redis would parse as a `long long`. A port call carries numbers;
 * on Redis they travel as decimal text, so fractions, NaN and out-of-range values are the
 * "not an integer or out of range" errors there and must be here.
 */
export function isLongLong(value: number): boolean {
  return Number.isInteger(value) && value >= LONG_LONG_MIN && value < LONG_LONG_LIMIT;
}
