import { addSequential, createStreams, INVALID_ID, replyError, U64 } from './stream-fixture';

const ids = (entries: { id: string }[] | null) => entries?.map((e) => e.id);

describe('XLEN, XRANGE, XREVRANGE (§4.4)', () => {
  function sample() {
    const created = createStreams();
    for (const id of ['1-0', '1-1', '2-0', '3-0', '3-1', '3-2', '5-0'])
      created.streams.xadd('s', id, ['f', id]);
    return created;
  }

  it('§4.4 XLEN counts live entries; a missing key has 0', () => {
    const { streams } = sample();
    expect(streams.xlen('s')).toBe(7);
    expect(streams.xlen('nokey')).toBe(0);
  });

  it('§4.4 entries are [id, fields], oldest first; XREVRANGE newest first', () => {
    const { streams } = sample();
    expect(streams.xrange('s', '-', '+', 2)).toEqual([
      { id: '1-0', fields: ['f', '1-0'] },
      { id: '1-1', fields: ['f', '1-1'] },
    ]);
    expect(ids(streams.xrevrange('s', '+', '-', 3))).toEqual(['5-0', '3-2', '3-1']);
  });

  it('§4.1 a bare ms spans the whole ms: XRANGE s 3 3 returns every 3-*', () => {
    const { streams } = sample();
    expect(ids(streams.xrange('s', '3', '3'))).toEqual(['3-0', '3-1', '3-2']);
    expect(ids(streams.xrevrange('s', '3', '3'))).toEqual(['3-2', '3-1', '3-0']);
  });

  it('§4.1 `(` makes a bound exclusive; `(ms` excludes ms-0 as a start and ms-<max> as an end', () => {
    const { streams } = sample();
    expect(ids(streams.xrange('s', '(1-1', '(3-1'))).toEqual(['2-0', '3-0']);
    expect(ids(streams.xrange('s', '(1', '(3'))).toEqual(['1-1', '2-0', '3-0', '3-1', '3-2']);
    expect(ids(streams.xrevrange('s', '(5-0', '(3-0'))).toEqual(['3-2', '3-1']);
    expect(ids(streams.xrange('s', '-', '(0'))).toEqual([]);
  });

  it('§4.4 start above end, or a missing key, gives []', () => {
    const { streams } = sample();
    expect(streams.xrange('s', '5', '1')).toEqual([]);
    expect(streams.xrevrange('s', '1', '5')).toEqual([]);
    expect(streams.xrange('nokey', '-', '+')).toEqual([]);
  });

  it('§4.4 COUNT 0 or negative → null on an existing stream, [] on a missing key (7.0.15)', () => {
    const { streams } = sample();
    expect(streams.xrange('s', '-', '+', 0)).toBeNull();
    expect(streams.xrange('s', '-', '+', -1)).toBeNull();
    expect(streams.xrange('s', '5', '1', 0)).toBeNull();
    expect(streams.xrevrange('s', '+', '-', 0)).toBeNull();
    expect(streams.xrange('nokey', '-', '+', 0)).toEqual([]);
  });

  it('§4.4 errors: ids (start first), COUNT, then the key type', () => {
    const { ctx, streams } = sample();
    ctx.keyspace.set('list', { type: 'list' });
    expect(replyError(() => streams.xrange('list', '-', '+', 0))).toBe(
      'WRONGTYPE Operation against a key holding the wrong kind of value',
    );
    expect(replyError(() => streams.xrange('list', 'bad', '+', 0))).toBe(INVALID_ID);
    expect(replyError(() => streams.xrange('s', '-', '+', 1.5))).toBe(
      'ERR value is not an integer or out of range',
    );
    expect(replyError(() => streams.xrange('s', `(${U64}-${U64}`, '(0-0'))).toBe(
      'ERR invalid start ID for the interval',
    );
    expect(replyError(() => streams.xrevrange('s', 'bad', `(${U64}-${U64}`))).toBe(
      'ERR invalid start ID for the interval',
    );
    expect(replyError(() => streams.xrange('s', '-', '(0-0'))).toBe(
      'ERR invalid end ID for the interval',
    );
  });

  it('§4.4 skips deleted entries', () => {
    const { streams } = sample();
    streams.xdel('s', ['1-1', '3-1']);
    expect(ids(streams.xrange('s', '-', '+'))).toEqual(['1-0', '2-0', '3-0', '3-2', '5-0']);
    expect(ids(streams.xrevrange('s', '+', '-', 2))).toEqual(['5-0', '3-2']);
  });

  it('§4.4 ranges cross macro-node boundaries in both directions', () => {
    const { streams } = createStreams({ maxEntries: 3 });
    addSequential(streams, 's', 20);
    streams.xdel('s', ['7-0', '8-0', '9-0']); // one whole node gone
    expect(ids(streams.xrange('s', '5', '12'))).toEqual(['5-0', '6-0', '10-0', '11-0', '12-0']);
    expect(ids(streams.xrevrange('s', '12', '5', 4))).toEqual(['12-0', '11-0', '10-0', '6-0']);
  });
});

describe('xrangeByTime (time-range reads)', () => {
  it('returns entries whose ms lies in [fromMs, toMs], oldest first, up to count', () => {
    const { streams } = createStreams();
    for (const id of ['100-0', '100-1', '150-0', '200-0', '200-7', '250-0'])
      streams.xadd('s', id, ['f', id]);
    expect(ids(streams.xrangeByTime('s', 100, 200))).toEqual([
      '100-0',
      '100-1',
      '150-0',
      '200-0',
      '200-7',
    ]);
    expect(ids(streams.xrangeByTime('s', 101, 199))).toEqual(['150-0']);
    expect(ids(streams.xrangeByTime('s', 100, 250, 2))).toEqual(['100-0', '100-1']);
    expect(streams.xrangeByTime('s', 300, 400)).toEqual([]);
    expect(streams.xrangeByTime('s', 200, 100)).toEqual([]);
    expect(streams.xrangeByTime('nokey', 0, 1000)).toEqual([]);
    expect(streams.xrangeByTime('s', 0, 1000, 0)).toEqual([]);
  });

  it('rejects what XRANGE would: negative or fractional times', () => {
    const { streams } = createStreams();
    expect(replyError(() => streams.xrangeByTime('s', -1, 5))).toBe(INVALID_ID);
    expect(replyError(() => streams.xrangeByTime('s', 1.5, 5))).toBe(INVALID_ID);
  });

  it('finds a time window in a 1,000,000-entry stream', () => {
    const { streams } = createStreams();
    for (let i = 0; i < 1_000_000; i++)
      streams.xadd('big', `${1000 + Math.floor(i / 10)}-${i % 10}`, ['n', String(i)]);
    const window = streams.xrangeByTime('big', 51_234, 51_235);
    expect(window.map((e) => e.fields[1])).toEqual(
      Array.from({ length: 20 }, (_, k) => String(502_340 + k)),
    );
    expect(streams.xrange('big', '100999-9', '+')).toEqual([
      { id: '100999-9', fields: ['n', '999999'] },
    ]);
    expect(streams.xrevrange('big', '1000-1', '-')).toEqual([
      { id: '1000-1', fields: ['n', '1'] },
      { id: '1000-0', fields: ['n', '0'] },
    ]);
  });
});
