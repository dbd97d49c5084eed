import { BrokerCore } from '../../../lib/core/broker-core';
import { type Clock, ManualClock } from '../../../lib/core/clock';
import { replyError } from '../reply-error.fixture';
import { flush, track } from '../lists/list-fixture';

// Key expiry (PEXPIRE, PTTL, SET ... PX) on every type, with Redis 7.0.15's rules and error texts
// (checked with redis-cli): a key expires once the clock is past its deadline, is gone for every
// command from then on, and is removed even if nobody reads it again.

function createCore(clock: Clock = new ManualClock()) {
  return new BrokerCore({ clock });
}

/** A key of each type the core stores. */
function fillEveryType(core: BrokerCore): string[] {
  core.lists.rpush('list', ['a']);
  core.streams.xadd('stream', '1-1', ['f', 'v']);
  core.sortedSets.zadd('zset', [['m', 1]]);
  core.strings.set('string', 'v');
  return ['list', 'stream', 'zset', 'string'];
}

describe('PEXPIRE / PTTL', () => {
  it('every type expires: gone for EXISTS, TYPE and its own reads right after the deadline', () => {
    const clock = new ManualClock();
    const core = createCore(clock);
    const keys = fillEveryType(core);
    for (const key of keys) expect(core.pexpire(key, 100)).toBe(1);
    clock.advance(100);
    // At its deadline a key still exists (Redis: expired when now > deadline), with 0 ms left.
    expect(core.exists(keys)).toBe(4);
    expect(keys.map((key) => core.pttl(key))).toEqual([0, 0, 0, 0]);
    clock.advance(1);
    expect(core.exists(keys)).toBe(0);
    expect(keys.map((key) => core.type(key))).toEqual(['none', 'none', 'none', 'none']);
    expect(core.lists.llen('list')).toBe(0);
    expect(core.streams.xlen('stream')).toBe(0);
    expect(core.sortedSets.zcard('zset')).toBe(0);
    expect(core.strings.get('string')).toBeNull();
    expect(keys.map((key) => core.pttl(key))).toEqual([-2, -2, -2, -2]);
  });

  it('PTTL counts down; -1 without a TTL, -2 for a missing key', () => {
    const clock = new ManualClock();
    const core = createCore(clock);
    core.strings.set('k', 'v');
    expect(core.pttl('k')).toBe(-1);
    expect(core.pttl('missing')).toBe(-2);
    core.pexpire('k', 5000);
    clock.advance(1200);
    expect(core.pttl('k')).toBe(3800);
    expect(core.pexpire('k', 10)).toBe(1); // a new deadline replaces the old one
    expect(core.pttl('k')).toBe(10);
  });

  it('a missing key answers 0; a deadline not in the future deletes the key at once', () => {
    const core = createCore();
    expect(core.pexpire('missing', 100)).toBe(0);
    core.strings.set('a', 'v');
    core.lists.rpush('b', ['x']);
    expect(core.pexpire('a', 0)).toBe(1);
    expect(core.pexpire('b', -(2 ** 62))).toBe(1);
    expect(core.exists(['a', 'b'])).toBe(0);
  });

  it('errors: a non-integer before anything else; a deadline past 2^63 - 1 ms is invalid', () => {
    const clock = new ManualClock(1_700_000_000_000);
    const core = createCore(clock);
    expect(replyError(() => core.pexpire('missing', 1.5))).toBe(
      'ERR value is not an integer or out of range',
    );
    core.strings.set('k', 'v');
    // 2^63 - 1024 is a valid 64-bit integer, but now + it is not.
    expect(replyError(() => core.pexpire('k', 2 ** 63 - 1024))).toBe(
      "ERR invalid expire time in 'pexpire' command",
    );
    expect(core.pexpire('k', 9e18)).toBe(1);
    expect(core.pttl('k')).toBe(9e18);
  });
});

describe('what a TTL survives', () => {
  it('writes keep it; DEL, SET without PX and an emptied list or sorted set drop it', () => {
    const clock = new ManualClock();
    const core = createCore(clock);
    core.lists.rpush('l', ['a', 'b']);
    core.pexpire('l', 1000);
    core.lists.rpush('l', ['c']);
    core.lists.lpop('l');
    expect(core.pttl('l')).toBe(1000);
    core.lists.lpopCount('l', 2); // emptied: deleted
    core.lists.rpush('l', ['new']);
    expect(core.pttl('l')).toBe(-1);

    core.sortedSets.zadd('z', [['m', 1]]);
    core.pexpire('z', 1000);
    core.sortedSets.zadd('z', [['n', 2]]);
    expect(core.pttl('z')).toBe(1000);
    core.sortedSets.zrem('z', ['m', 'n']);
    core.sortedSets.zadd('z', [['m', 1]]);
    expect(core.pttl('z')).toBe(-1);

    core.strings.set('s', 'v', { pxMs: 1000 });
    core.del(['s']);
    core.strings.set('s', 'v');
    expect(core.pttl('s')).toBe(-1);
    core.strings.set('s', 'v', { pxMs: 1000 });
    core.strings.set('s', 'w');
    expect(core.pttl('s')).toBe(-1);
  });

  it('a new value on an expired key starts without a TTL', () => {
    const clock = new ManualClock();
    const core = createCore(clock);
    core.lists.rpush('q', ['old']);
    core.pexpire('q', 10);
    clock.advance(11);
    expect(core.lists.lpush('q', ['new'])).toBe(1);
    expect(core.lists.lrange('q', 0, -1)).toEqual(['new']);
    expect(core.pttl('q')).toBe(-1);
    expect(core.del(['q'])).toBe(1);
  });

  it('DEL of an expired key answers 0', () => {
    const clock = new ManualClock();
    const core = createCore(clock);
    core.strings.set('k', 'v', { pxMs: 5 });
    clock.advance(6);
    expect(core.del(['k'])).toBe(0);
  });
});

describe('cleanup', () => {
  it('expired keys are removed without being read, at their deadline (the timer)', () => {
    const clock = new ManualClock();
    const core = createCore(clock);
    for (let i = 0; i < 100; i++) core.strings.set(`k${i}`, 'v', { pxMs: 10 + i });
    core.strings.set('forever', 'v');
    clock.advance(60);
    expect(core.keyspace.size).toBe(51);
    clock.advance(100);
    expect(core.keyspace.size).toBe(1);
    // Nothing left to expire: no timer remains.
    expect(clock.pendingTimers).toBe(0);
  });

  it('a lease renewed over and over does not pile up entries in the expiry heap', () => {
    const clock = new ManualClock();
    const core = createCore(clock);
    core.strings.set('lease', 'owner');
    for (let i = 0; i < 10_000; i++) {
      core.pexpire('lease', 30_000);
      clock.advance(1);
    }
    expect(core.pttl('lease')).toBe(29_999);
    const heap = (core.keyspace as unknown as { expiry: { heapSize: number } }).expiry.heapSize;
    expect(heap).toBeLessThan(100);
  });

  it('a deadline moved later or cleared by SET does not expire the key at its old time', () => {
    const clock = new ManualClock();
    // Timers firing 7 ms late, as on a busy event loop: the timer then finds several deadlines
    // due at once, the outdated ones among them.
    const late: Clock = {
      now: () => clock.now(),
      setTimer: (ms, callback, options) => clock.setTimer(ms + 7, callback, options),
    };
    const core = createCore(late);
    for (const key of ['a', 'b', 'c']) core.strings.set(key, 'v');
    core.pexpire('b', 5);
    core.pexpire('a', 10);
    core.pexpire('c', 10);
    core.pexpire('a', 40);
    core.strings.set('c', 'again');
    clock.advance(13);
    expect(core.exists(['a', 'b', 'c'])).toBe(2);
    expect(core.pttl('a')).toBe(27);
    expect(core.pttl('c')).toBe(-1);
  });

  it('lazily, on access, when the clock passed the deadline without its timer firing', () => {
    let now = 1000;
    const frozenTimers: Clock = { now: () => now, setTimer: () => ({ cancel: () => undefined }) };
    const core = createCore(frozenTimers);
    core.lists.rpush('l', ['a']);
    core.pexpire('l', 10);
    now = 1011;
    expect(core.lists.llen('l')).toBe(0);
    expect(core.exists(['l'])).toBe(0);
  });

  it('close() cancels the timer', () => {
    const clock = new ManualClock();
    const core = createCore(clock);
    core.strings.set('k', 'v', { pxMs: 1000 });
    expect(clock.pendingTimers).toBe(1);
    core.close();
    expect(clock.pendingTimers).toBe(0);
  });
});

describe('blocked clients', () => {
  it('a blocked XREADGROUP on a stream that expires is answered as after DEL; XREAD keeps waiting', async () => {
    const clock = new ManualClock();
    const core = createCore(clock);
    core.groups.xgroupCreate('s', 'g', '$', { mkStream: true });
    const grouped = track(
      core.groups.xreadgroup('g', 'c', [{ key: 's', id: '>' }], { blockMs: 0 }),
    );
    const read = track(core.streams.xread([{ key: 's', id: '$' }], { blockMs: 0 }));
    core.pexpire('s', 300);
    clock.advance(301); // the cleanup timer removes it: nobody reads the key
    await flush();
    expect(grouped).toMatchObject({
      state: 'rejected',
      error: 'UNBLOCKED the stream key no longer exists',
    });
    expect(read.state).toBe('pending');
    core.close();
  });

  it('the same when the expiry is noticed by a read, after that read', async () => {
    let now = 1000;
    const frozenTimers: Clock = { now: () => now, setTimer: () => ({ cancel: () => undefined }) };
    const core = createCore(frozenTimers);
    core.groups.xgroupCreate('s', 'g', '$', { mkStream: true });
    const grouped = track(
      core.groups.xreadgroup('g', 'c', [{ key: 's', id: '>' }], { blockMs: 0 }),
    );
    core.pexpire('s', 10);
    now = 1011;
    expect(core.exists(['s'])).toBe(0);
    expect(grouped.state).toBe('pending'); // served after the command, not inside it
    await flush();
    expect(grouped).toMatchObject({ state: 'rejected' });
  });
});
