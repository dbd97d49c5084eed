import { LISTPACK_OVERHEAD, lpIntBytes, lpStringBytes, utf8Length } from './listpack-size';
import type { StreamId } from './stream-id';
import {
  compareIdWords,
  exactHalf,
  formatIdWords,
  ID_WORDS,
  readIdWords,
  writeIdWords,
} from './stream-id-words';

/** Per slot: 4 id words and 1 word holding the values offset and the flags. */
const SLOT_WORDS = ID_WORDS + 1;
const META = ID_WORDS;
const DELETED = 0x8000_0000;
/** The entry has the node's master fields, so only its values are stored. */
const SAME_FIELDS = 0x4000_0000;
const OFFSET_MASK = 0x3fff_ffff;
const INITIAL_CAPACITY = 8;

/** What a new entry costs, worked out once per XADD before a node is chosen. */
export interface EntrySize {
  /** Sum of the UTF-8 lengths of fields and values (Redis's `totelelen`). */
  readonly raw: number;
  /** Listpack bytes of each field and value, in argument order. */
  readonly elements: number[];
}

/** Measures `fields` (flat field/value pairs) as Redis would before appending them. */
export function measureEntry(fields: readonly string[]): EntrySize {
  let raw = 0;
  const elements = new Array<number>(fields.length);
  for (let i = 0; i < fields.length; i++) {
    const length = utf8Length(fields[i]);
    raw += length;
    elements[i] = lpStringBytes(fields[i], length);
  }
  return { raw, elements };
}

/**
 * One macro node, as Redis's listpacks: entries in id order, XDEL only marks them deleted (they
 * still count towards the node's size), and the field names of the first entry are the node's
 * "master fields" — later entries with the same names store only their values. Ids and metadata
 * live in one Uint32Array, values in one flat string array, so an entry costs no object of its own.
 */
export class StreamNode {
  private slots = 0;
  private liveSlots = 0;
  private words: Uint32Array;
  private values: string[] = [];
  private entryBytes = 0;
  private readonly masterBytes: number;

  constructor(
    /** Field names of the entry that opened the node. */
    readonly masterFields: readonly string[],
    masterSize: EntrySize,
    private readonly maxEntries: number,
  ) {
    const cap = maxEntries > 0 ? Math.min(maxEntries, INITIAL_CAPACITY) : INITIAL_CAPACITY;
    this.words = new Uint32Array(cap * SLOT_WORDS);
    let bytes = lpIntBytes(masterFields.length) + lpIntBytes(0); // num-fields, terminator
    for (let i = 0; i < masterSize.elements.length; i += 2) bytes += masterSize.elements[i];
    this.masterBytes = bytes;
  }

  /** Slots used, live and deleted (what `stream-node-max-entries` limits). */
  get size(): number {
    return this.slots;
  }

  /** Live entries. */
  get live(): number {
    return this.liveSlots;
  }

  /** Estimated listpack size (Redis's `lpBytes`), compared with `stream-node-max-bytes`. */
  get bytes(): number {
    return (
      LISTPACK_OVERHEAD +
      lpIntBytes(this.live) +
      lpIntBytes(this.size - this.live) +
      this.masterBytes +
      this.entryBytes
    );
  }

  /** Appends an entry with an id greater than every id in the node. */
  append(id: StreamId, fields: readonly string[], size: EntrySize): void {
    if (this.size * SLOT_WORDS === this.words.length) this.grow();
    const at = this.size * SLOT_WORDS;
    writeIdWords(id, this.words, at);
    const same = this.hasMasterFields(fields);
    const offset = this.values.length;
    // Internal invariant: the byte cap (≤ 1 GiB, ≥ 2 bytes per value) closes a node long before.
    if (offset > OFFSET_MASK) throw new RangeError('stream node too large');
    for (let i = same ? 1 : 0; i < fields.length; i += same ? 2 : 1) this.values.push(fields[i]);
    this.words[at + META] = offset | (same ? SAME_FIELDS : 0);
    this.entryBytes += this.appendedBytes(at, fields.length / 2, same, size);
    this.slots++;
    this.liveSlots++;
  }

  /** Gives back the spare capacity once the node is full and no longer the tail. */
  seal(): void {
    if (this.words.length > this.size * SLOT_WORDS)
      this.words = this.words.slice(0, this.size * SLOT_WORDS);
    this.values = this.values.slice();
  }

  /** Marks slot `i` deleted (its values are released); false if it already was. */
  markDeleted(i: number): boolean {
    const meta = this.words[i * SLOT_WORDS + META];
    if (meta & DELETED) return false;
    this.words[i * SLOT_WORDS + META] = meta | DELETED;
    const [from, to] = this.valueRange(i);
    this.values.fill('', from, to);
    this.liveSlots--;
    return true;
  }

  isDeleted(i: number): boolean {
    return (this.words[i * SLOT_WORDS + META] & DELETED) !== 0;
  }

  idAt(i: number): StreamId {
    return readIdWords(this.words, i * SLOT_WORDS);
  }

  idTextAt(i: number): string {
    return formatIdWords(this.words, i * SLOT_WORDS);
  }

  /** Sign of (id of slot `i`) − `key` (an id in words, see `toIdWords`). */
  compareAt(i: number, key: Uint32Array): number {
    return compareIdWords(this.words, i * SLOT_WORDS, key);
  }

  /** Flat field/value pairs of slot `i` (a fresh array). */
  fieldsAt(i: number): string[] {
    const [from, to] = this.valueRange(i);
    if (!(this.words[i * SLOT_WORDS + META] & SAME_FIELDS)) return this.values.slice(from, to);
    const fields = new Array<string>(this.masterFields.length * 2);
    for (let f = 0; f < this.masterFields.length; f++) {
      fields[2 * f] = this.masterFields[f];
      fields[2 * f + 1] = this.values[from + f];
    }
    return fields;
  }

  /** First slot whose id is ≥ `key` (`size` when none). */
  lowerBound(key: Uint32Array): number {
    return this.firstSlotAbove(key, -1);
  }

  /** First slot whose id is > `key` (`size` when none). */
  upperBound(key: Uint32Array): number {
    return this.firstSlotAbove(key, 0);
  }

  /** Slot holding exactly `key`, deleted or not; -1 when absent. */
  indexOf(key: Uint32Array): number {
    const i = this.lowerBound(key);
    return i < this.size && this.compareAt(i, key) === 0 ? i : -1;
  }

  /** Last live slot at or before `from`, or -1. */
  prevLive(from: number): number {
    for (let i = from; i >= 0; i--) if (!this.isDeleted(i)) return i;
    return -1;
  }

  /** Binary search: the first slot whose comparison with `key` exceeds `floor` (-1: ≥, 0: >). */
  private firstSlotAbove(key: Uint32Array, floor: -1 | 0): number {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (Math.sign(this.compareAt(mid, key)) <= floor) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private valueRange(i: number): [number, number] {
    const from = this.words[i * SLOT_WORDS + META] & OFFSET_MASK;
    const to =
      i + 1 < this.size
        ? this.words[(i + 1) * SLOT_WORDS + META] & OFFSET_MASK
        : this.values.length;
    return [from, to];
  }

  private hasMasterFields(fields: readonly string[]): boolean {
    if (fields.length !== this.masterFields.length * 2) return false;
    for (let f = 0; f < this.masterFields.length; f++)
      if (fields[2 * f] !== this.masterFields[f]) return false;
    return true;
  }

  /** Listpack bytes of one entry: flags, ms and seq deltas to the master id, fields, lp-count. */
  private appendedBytes(at: number, pairs: number, same: boolean, size: EntrySize): number {
    let bytes =
      lpIntBytes(same ? 2 : 0) +
      lpIntBytes(this.deltaToMaster(at)) +
      lpIntBytes(this.deltaToMaster(at + 2));
    for (let i = same ? 1 : 0; i < size.elements.length; i += same ? 2 : 1)
      bytes += size.elements[i];
    const lpCount = same ? pairs + 3 : 2 * pairs + 4;
    return bytes + (same ? 0 : lpIntBytes(pairs)) + lpIntBytes(lpCount);
  }

  /** Difference of one id half (at word `at`) to the same half of slot 0; NaN when not exact. */
  private deltaToMaster(at: number): number {
    const master = at % SLOT_WORDS;
    const value = exactHalf(this.words[at], this.words[at + 1]);
    const base = exactHalf(this.words[master], this.words[master + 1]);
    return value >= 0 && base >= 0 ? value - base : Number.NaN;
  }

  private grow(): void {
    const slots = this.words.length / SLOT_WORDS;
    const next = this.maxEntries > 0 ? Math.min(this.maxEntries, slots * 2) : slots * 2;
    const words = new Uint32Array(Math.max(next, slots + 1) * SLOT_WORDS);
    words.set(this.words);
    this.words = words;
  }
}
