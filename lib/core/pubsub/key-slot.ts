import { toByteString } from './byte-string';

/** Number of hash slots in a Redis Cluster. */
export const CLUSTER_SLOTS = 16384;

/** An inclusive range of hash slots owned by one cluster node. */
export interface SlotRange {
  readonly start: number;
  readonly end: number;
}

/** CRC16-CCITT (XMODEM): polynomial 0x1021, initial value 0, no reflection, no final xor. */
const CRC16_TABLE = (() => {
  const table = new Uint16Array(256);
  for (let byte = 0; byte < 256; byte++) {
    let crc = byte << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? (crc << 1) ^ 0x1021 : crc << 1;
    table[byte] = crc & 0xffff;
  }
  return table;
})();

/** CRC16-XMODEM of a byte string (one code unit per byte, see {@link toByteString}). */
export function crc16(bytes: string): number {
  let crc = 0;
  for (let i = 0; i < bytes.length; i++) {
    crc = ((crc << 8) ^ CRC16_TABLE[((crc >> 8) ^ bytes.charCodeAt(i)) & 0xff]) & 0xffff;
  }
  return crc;
}

/**
 * The cluster hash slot of a key or shard channel, as `CLUSTER KEYSLOT` computes it:
 * CRC16(UTF-8 bytes) mod 16384. If the key holds a `{` and a later `}` with at least one byte
 * between the first `{` and the first `}` after it, only those bytes are hashed, so
 * `{user1000}.following` and `{user1000}.followers` share a slot; `foo{}{bar}` hashes whole.
 */
export function keySlot(key: string): number {
  let hashed = key;
  const open = key.indexOf('{');
  if (open !== -1) {
    const close = key.indexOf('}', open + 1);
    if (close > open + 1) hashed = key.slice(open + 1, close);
  }
  return crc16(toByteString(hashed)) & (CLUSTER_SLOTS - 1);
}

/**
 * Splits the 16384 slots into `nodes` contiguous ranges the way `redis-cli --cluster create`
 * assigns them to masters (3 nodes: 0-5460, 5461-10922, 10923-16383).
 */
export function slotRanges(nodes: number): SlotRange[] {
  if (!Number.isInteger(nodes) || nodes < 1 || nodes > CLUSTER_SLOTS) {
    throw new RangeError(`a cluster needs 1 to ${CLUSTER_SLOTS} nodes, got ${nodes}`);
  }
  // redis-cli computes in single-precision floats; Math.fround keeps the same rounding.
  const f = Math.fround;
  const perNode = f(CLUSTER_SLOTS / nodes);
  const ranges: SlotRange[] = [];
  let start = 0;
  let cursor = 0;
  for (let i = 0; i < nodes; i++) {
    let end = i === nodes - 1 ? CLUSTER_SLOTS - 1 : Math.round(f(f(cursor + perNode) - 1));
    if (end < start) end = start;
    ranges.push({ start, end });
    start = end + 1;
    cursor = f(cursor + perNode);
  }
  return ranges;
}
