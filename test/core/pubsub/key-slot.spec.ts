import { CLUSTER_SLOTS, crc16, keySlot, slotRanges } from '../../../lib/core/pubsub/key-slot';

describe('keySlot (§2.7)', () => {
  it('is CRC16-XMODEM: CRC16("123456789") = 0x31C3', () => {
    expect(crc16('123456789')).toBe(0x31c3);
    expect(keySlot('123456789')).toBe(0x31c3 % CLUSTER_SLOTS);
  });

  // CLUSTER KEYSLOT on Redis 7.0.15, from redis-semantics.md §2.7.
  it.each([
    ['', 0],
    ['a', 15495],
    ['foo', 12182],
    ['bar', 5061],
    ['{user1000}.following', 3443],
    ['{user1000}.followers', 3443],
    ['user1000', 3443],
    ['foo{}{bar}', 8363], // empty first tag: the whole key is hashed
    ['foo{{bar}}zap', 4015], // = "{bar"
    ['{bar', 4015],
    ['foo{bar}{zap}', 5061], // = "bar"
    ['{{bar}}', 4015],
    ['{{', 7007],
    ['}{a}', 15495], // = "a"
    ['a{b}c', 3300], // = "b"
  ])('slot of %j is %i', (key, slot) => {
    expect(keySlot(key)).toBe(slot);
  });

  // Checked with CLUSTER KEYSLOT on redis-server 7.0.15: keys are hashed as UTF-8 bytes.
  it.each([
    ['é', 10180],
    ['€uro', 997],
    ['{é}x', 10180],
    ['ÿ\u0000z', 9579],
  ])('hashes the UTF-8 bytes of %j (slot %i)', (key, slot) => {
    expect(keySlot(key)).toBe(slot);
  });
});

describe('slotRanges', () => {
  it('splits like redis-cli --cluster create: 3 masters own 0-5460, 5461-10922, 10923-16383', () => {
    expect(slotRanges(3)).toEqual([
      { start: 0, end: 5460 },
      { start: 5461, end: 10922 },
      { start: 10923, end: 16383 },
    ]);
  });

  it('gives a single node every slot', () => {
    expect(slotRanges(1)).toEqual([{ start: 0, end: 16383 }]);
  });

  it('rounds in single precision as redis-cli does (78 masters, checked against redis-cli 7.0.15)', () => {
    const ranges = slotRanges(78);
    expect(ranges[0]).toEqual({ start: 0, end: 209 });
    // Double-precision arithmetic would end this one at 14282.
    expect(ranges[67]).toEqual({ start: 14073, end: 14283 });
    expect(ranges[77]).toEqual({ start: 16174, end: 16383 });
  });

  it.each([2, 5, 7, 100, 16384])(
    'covers every slot exactly once, in order, for %i nodes',
    (nodes) => {
      const ranges = slotRanges(nodes);
      expect(ranges).toHaveLength(nodes);
      expect(ranges[0].start).toBe(0);
      expect(ranges[nodes - 1].end).toBe(CLUSTER_SLOTS - 1);
      for (let i = 0; i < nodes; i++) {
        expect(ranges[i].end).toBeGreaterThanOrEqual(ranges[i].start);
        if (i > 0) expect(ranges[i].start).toBe(ranges[i - 1].end + 1);
      }
    },
  );

  it.each([0, -1, 1.5, 16385])('rejects %p nodes', (nodes) => {
    expect(() => slotRanges(nodes)).toThrow(RangeError);
  });
});
