import { BrokerCore } from '../../../lib/core/broker-core';
import { ManualClock } from '../../../lib/core/clock';
import { flush, track } from '../lists/list-fixture';
import { replyError } from '../reply-error.fixture';

// SET [NX|XX] [PX ms] and GET, with Redis 7.0.15's replies and error texts (checked with redis-cli).

const WRONGTYPE = 'WRONGTYPE Operation against a key holding the wrong kind of value';
const INVALID_EXPIRE = "ERR invalid expire time in 'set' command";

function createCore() {
  const clock = new ManualClock();
  return { clock, core: new BrokerCore({ clock }) };
}

describe('SET / GET', () => {
  it('SET answers OK and GET the value; a missing key is null', () => {
    const { core } = createCore();
    expect(core.strings.set('k', 'v')).toBe('OK');
    expect(core.strings.get('k')).toBe('v');
    expect(core.type('k')).toBe('string');
    expect(core.strings.get('missing')).toBeNull();
    expect(core.strings.set('k', '')).toBe('OK');
    expect(core.strings.get('k')).toBe('');
  });

  it('NX sets only a missing key, XX only an existing one; otherwise null and nothing changes', () => {
    const { core } = createCore();
    expect(core.strings.set('k', 'first', { condition: 'NX' })).toBe('OK');
    expect(core.strings.set('k', 'second', { condition: 'NX', pxMs: 10 })).toBeNull();
    expect(core.strings.get('k')).toBe('first');
    expect(core.pttl('k')).toBe(-1);
    expect(core.strings.set('other', 'v', { condition: 'XX' })).toBeNull();
    expect(core.exists(['other'])).toBe(0);
    expect(core.strings.set('k', 'third', { condition: 'XX' })).toBe('OK');
    expect(core.strings.get('k')).toBe('third');
  });

  it('NX on an expired key sets it (a lock whose lease ran out can be taken)', () => {
    const { core, clock } = createCore();
    expect(core.strings.set('lock', 'a', { condition: 'NX', pxMs: 100 })).toBe('OK');
    clock.advance(50);
    expect(core.strings.set('lock', 'b', { condition: 'NX', pxMs: 100 })).toBeNull();
    clock.advance(51);
    expect(core.strings.set('lock', 'b', { condition: 'NX', pxMs: 100 })).toBe('OK');
    expect(core.strings.get('lock')).toBe('b');
    expect(core.pttl('lock')).toBe(100);
  });

  it('replaces a value of any type, and other commands on a string are WRONGTYPE', () => {
    const { core } = createCore();
    core.lists.rpush('l', ['a']);
    core.sortedSets.zadd('z', [['m', 1]]);
    core.streams.xadd('s', '1-1', ['f', 'v']);
    for (const key of ['l', 'z', 's']) {
      expect(core.strings.set(key, 'str')).toBe('OK');
      expect(core.type(key)).toBe('string');
    }
    expect(replyError(() => core.lists.lpush('l', ['a']))).toBe(WRONGTYPE);
    expect(replyError(() => core.sortedSets.zcard('z'))).toBe(WRONGTYPE);
    expect(replyError(() => core.streams.xlen('s'))).toBe(WRONGTYPE);
    core.lists.rpush('list', ['a']);
    expect(replyError(() => core.strings.get('list'))).toBe(WRONGTYPE);
  });

  it('PX: a positive integer; 0, negative or past 2^63 - 1 ms is invalid, checked before NX / XX', () => {
    const { core } = createCore();
    core.strings.set('k', 'v');
    expect(replyError(() => core.strings.set('k', 'v', { pxMs: 0 }))).toBe(INVALID_EXPIRE);
    expect(replyError(() => core.strings.set('k', 'v', { pxMs: -1 }))).toBe(INVALID_EXPIRE);
    expect(replyError(() => core.strings.set('k', 'v', { condition: 'NX', pxMs: 0 }))).toBe(
      INVALID_EXPIRE,
    );
    expect(replyError(() => core.strings.set('k', 'v', { pxMs: 2 ** 63 - 1024 }))).toBe(
      INVALID_EXPIRE,
    );
    expect(replyError(() => core.strings.set('k', 'v', { pxMs: 1.5 }))).toBe(
      'ERR value is not an integer or out of range',
    );
    expect(core.strings.set('k', 'v', { pxMs: 9e18 })).toBe('OK');
  });

  it('an unknown condition (a plain-JS caller) is a syntax error', () => {
    const { core } = createCore();
    const options = { condition: 'GT' } as unknown as { condition: 'NX' };
    expect(replyError(() => core.strings.set('k', 'v', options))).toBe('ERR syntax error');
  });

  it('replacing a stream answers its blocked XREADGROUP clients as DEL does', async () => {
    const { core } = createCore();
    core.groups.xgroupCreate('s', 'g', '$', { mkStream: true });
    const grouped = track(
      core.groups.xreadgroup('g', 'c', [{ key: 's', id: '>' }], { blockMs: 0 }),
    );
    core.strings.set('s', 'str');
    await flush();
    expect(grouped).toMatchObject({
      state: 'rejected',
      error: 'UNBLOCKED the stream key no longer exists',
    });
  });
});
