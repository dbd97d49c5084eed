const encoder = new TextEncoder();
const NON_ASCII = /[\u0080-\uffff]/;
/** Bytes per String.fromCharCode call: well below the engine's argument limit. */
const CHUNK = 8192;

/**
 * The UTF-8 bytes of `text` as a string with one code unit (0–255) per byte: the view Redis has of
 * a channel or key once a client has encoded it. Pure ASCII text is returned unchanged, so the
 * common case costs one regular-expression test and no allocation.
 */
export function toByteString(text: string): string {
  if (!NON_ASCII.test(text)) return text;
  const bytes = encoder.encode(text);
  let out = '';
  for (let i = 0; i < bytes.length; i += CHUNK) {
    out += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return out;
}
