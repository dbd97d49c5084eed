import type { StreamId } from './stream-id';

/**
 * Stream ids stored as four 32-bit words `[msHi, msLo, seqHi, seqLo]` in a node's Uint32Array:
 * exact over the whole unsigned 64-bit range, compared without allocating bigints, and 16 bytes
 * per entry (a bigint per entry would cost several times that).
 */
export const ID_WORDS = 4;

const TWO_32 = 0x1_0000_0000;
/** Largest `hi` word for which `hi * 2^32 + lo` is still an exact double (2^53 - 1). */
const MAX_EXACT_HI = 0x1f_ffff;

// A bigint goes in through a BigUint64Array and comes out as 32-bit words of the same buffer.
const scratch64 = new BigUint64Array(2);
const scratch32 = new Uint32Array(scratch64.buffer);
const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const LO = littleEndian ? 0 : 1;
const HI = littleEndian ? 1 : 0;

/** Writes `id` as four words into `target` at `at`. */
export function writeIdWords(id: StreamId, target: Uint32Array, at: number): void {
  scratch64[0] = id >> 64n;
  scratch64[1] = id; // BigUint64Array keeps the low 64 bits: the seq part
  target[at] = scratch32[HI];
  target[at + 1] = scratch32[LO];
  target[at + 2] = scratch32[2 + HI];
  target[at + 3] = scratch32[2 + LO];
}

/** Reads the four words at `at` back into a packed id. */
export function readIdWords(source: Uint32Array, at: number): StreamId {
  scratch32[HI] = source[at];
  scratch32[LO] = source[at + 1];
  scratch32[2 + HI] = source[at + 2];
  scratch32[2 + LO] = source[at + 3];
  return (scratch64[0] << 64n) | scratch64[1];
}

/** An id split into words once, so a binary search compares plain numbers. */
export function toIdWords(id: StreamId): Uint32Array {
  const words = new Uint32Array(ID_WORDS);
  writeIdWords(id, words, 0);
  return words;
}

/** Sign of (id at `at` in `words`) − `key`. */
export function compareIdWords(words: Uint32Array, at: number, key: Uint32Array): number {
  for (let i = 0; i < ID_WORDS; i++) {
    const diff = words[at + i] - key[i];
    if (diff !== 0) return diff;
  }
  return 0;
}

/** One 64-bit half as a number when exact (< 2^53), otherwise -1. */
export function exactHalf(hi: number, lo: number): number {
  return hi <= MAX_EXACT_HI ? hi * TWO_32 + lo : -1;
}

/** The id at `at` as `ms-seq` text, without bigints when both halves fit a double. */
export function formatIdWords(words: Uint32Array, at: number): string {
  const ms = exactHalf(words[at], words[at + 1]);
  const seq = exactHalf(words[at + 2], words[at + 3]);
  if (ms >= 0 && seq >= 0) return `${ms}-${seq}`;
  const id = readIdWords(words, at);
  return `${id >> 64n}-${id & 0xffff_ffff_ffff_ffffn}`;
}
