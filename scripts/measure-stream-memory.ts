/**
 * Memory of the in-process stream: XADD of 1,000,000 entries, each one field/value pair totalling
 * 47 bytes (field `payload`, 7 bytes; value 40 bytes of ASCII, unique per entry, e.g.
 * `0000000042:abcdefghijklmnopqrstuvwxyzABC`), then bytes per entry after a full GC.
 *
 * Counts V8 heap used plus ArrayBuffer memory (the id arrays of the macro nodes live outside the
 * JS heap). Redis 7.0.15 needs 64 bytes per entry for the same stream (MEMORY USAGE).
 *
 *   npx tsx --expose-gc scripts/measure-stream-memory.ts [entries]
 */
import { BrokerCore } from '../lib/core/broker-core';
import { ManualClock } from '../lib/core/clock';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) {
  console.error('run with --expose-gc: npx tsx --expose-gc scripts/measure-stream-memory.ts');
  process.exit(1);
}

const ENTRIES = Number(process.argv[2] ?? 1_000_000);
const FIELD = 'payload';
const TAIL = ':abcdefghijklmnopqrstuvwxyzABC'; // 30 bytes after the 10-digit counter

/** A flat (not concatenated) 40-byte string, as a value read off a socket would be. */
function value(i: number): string {
  return Buffer.from(String(i).padStart(10, '0') + TAIL, 'latin1').toString('latin1');
}

function used(): { heap: number; buffers: number } {
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, buffers: m.arrayBuffers };
}

const clock = new ManualClock(Date.now());
const streams = new BrokerCore({ clock }).streams;
if (FIELD.length + value(0).length !== 47) throw new Error('payload is not 47 bytes');

const before = used();
const started = performance.now();
for (let i = 0; i < ENTRIES; i++) {
  streams.xadd('s', '*', [FIELD, value(i)]);
  if (i % 1000 === 999) clock.advance(1); // about 1000 entries per millisecond
}
const elapsed = performance.now() - started;
const after = used();

const heap = after.heap - before.heap;
const buffers = after.buffers - before.buffers;
console.log(`entries:            ${streams.xlen('s').toLocaleString('en')}`);
console.log(`payload:            field "${FIELD}" (7 B) + unique 40-byte ASCII value = 47 B`);
console.log(`JS heap:            ${(heap / ENTRIES).toFixed(1)} B/entry`);
console.log(`ArrayBuffers:       ${(buffers / ENTRIES).toFixed(1)} B/entry`);
console.log(
  `total:              ${((heap + buffers) / ENTRIES).toFixed(1)} B/entry (Redis 7.0.15: 64)`,
);
console.log(
  `XADD rate:          ${Math.round(ENTRIES / (elapsed / 1000)).toLocaleString('en')}/s (incl. building values)`,
);
