/**
 * Orders names as Redis lists groups and consumers: by their UTF-8 bytes (Redis keeps them in a
 * radix tree). UTF-8 byte order is code-point order, which differs from JavaScript's UTF-16
 * `<` only for characters outside the Basic Multilingual Plane, so compare code points.
 */
export function compareNames(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Differing code units: only a surrogate (0xd800–0xdfff) against a unit above it sorts wrongly.
    const cx = a.codePointAt(i) ?? x;
    const cy = b.codePointAt(i) ?? y;
    return cx < cy ? -1 : cx > cy ? 1 : 0;
  }
  return a.length - b.length;
}
