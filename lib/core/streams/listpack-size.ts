import { isInt64Text } from '../arg-checks';

/**
 * Size estimates of Redis listpack elements, so macro nodes fill up (and `stream-node-max-bytes`
 * closes them) about where Redis's do. Follows listpack.c's encodings: small integers in 1–9
 * bytes, strings with a 1/2/5-byte header, and a 1–5 byte back-length after every element.
 */

/** Bytes of the listpack header (total bytes + element count) and the end marker. */
export const LISTPACK_OVERHEAD = 6 + 1;

function backlenBytes(encoded: number): number {
  if (encoded <= 127) return 1;
  if (encoded < 16383) return 2;
  if (encoded < 2097151) return 3;
  if (encoded < 268435455) return 4;
  return 5;
}

/** An integer element; `NaN` (an int64 we did not compute exactly) takes the 64-bit form. */
export function lpIntBytes(value: number): number {
  let encoded = 9;
  if (value >= 0 && value <= 127) encoded = 1;
  else if (value >= -4096 && value <= 4095) encoded = 2;
  else if (value >= -32768 && value <= 32767) encoded = 3;
  else if (value >= -8388608 && value <= 8388607) encoded = 4;
  else if (value >= -2147483648 && value <= 2147483647) encoded = 5;
  return encoded + 1;
}

/** UTF-8 byte length (Redis counts bytes, JavaScript counts UTF-16 units). */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code < 0x800) bytes += 1;
    else if (code >= 0xd800 && code <= 0xdbff)
      i++; // a surrogate pair: 4 bytes for 2 units
    else bytes += 2;
  }
  return bytes;
}

/** Listpack stores strings that read as a canonical int64 as integers. */
function asInt64(text: string): number | null {
  if (!isInt64Text(text)) return null;
  return text.length < 16 ? Number(text) : Number.NaN; // NaN: beyond 32 bits, the 64-bit form
}

/** A string element whose UTF-8 length is already known. */
export function lpStringBytes(text: string, byteLength: number): number {
  const int = asInt64(text);
  if (int !== null) return lpIntBytes(int);
  const encoded = byteLength + (byteLength < 64 ? 1 : byteLength < 4096 ? 2 : 5);
  return encoded + backlenBytes(encoded);
}
