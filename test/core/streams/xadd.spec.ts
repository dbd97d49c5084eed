import { INVALID_ID, addSequential, createStreams, replyError, U64 } from './stream-fixture';

const NOT_GREATER =
  'ERR The ID specified in XADD is equal or smaller than the target stream top item';
const NOW = 1_700_000_000_000;

describe('XADD (§4.1, §4.2)', () => {
  it('§4.2 replies with the new id and creates the stream', () => {
    const { ctx, streams } = createStreams();
    expect(streams.xadd('s', '5-3', ['f', 'v'])).toBe('5-3');
    expect(ctx.keyspace.typeOf('s')).toBe('stream');
    expect(streams.xrange('s', '-', '+')).toEqual([{ id: '5-3', fields: ['f', 'v'] }]);
  });

  it('§4.2 keeps duplicate fields and empty strings as given', () => {
    const { streams } = createStreams();
    streams.xadd('s', '1', ['f', 'v', 'f', 'w', '', '']);
    expect(streams.xrange('s', '-', '+')).toEqual([
      { id: '1-0', fields: ['f', 'v', 'f', 'w', '', ''] },
    ]);
  });

  it('§4.1 `*` takes now-0, and last+1 while the clock has not moved past the last ms', () => {
    const { ctx, streams } = createStreams();
    expect(streams.xadd('s', '*', ['f', 'v'])).toBe(`${NOW}-0`);
    expect(streams.xadd('s', '*', ['f', 'v'])).toBe(`${NOW}-1`);
    ctx.clock.advance(5);
    expect(streams.xadd('s', '*', ['f', 'v'])).toBe(`${NOW + 5}-0`);
  });

  it('§4.1 `*` after a future explicit id continues its sequence', () => {
    const { streams } = createStreams();
    streams.xadd('fut', '99999999999999-5', ['f', 'v']);
    expect(streams.xadd('fut', '*', ['f', 'v'])).toBe('99999999999999-6');
  });

  it('§4.1 `*` carries into ms when the last seq is the maximum', () => {
    const { streams } = createStreams();
    streams.xadd('s', `2577343934890-${U64}`, ['f', 'v']);
    expect(streams.xadd('s', '*', ['f', 'v'])).toBe('2577343934891-0');
  });

  it('§4.1 `ms-*` continues the sequence of the same ms, otherwise starts at 0', () => {
    const { streams } = createStreams();
    expect(streams.xadd('s', '0-*', ['f', 'v'])).toBe('0-1');
    expect(streams.xadd('s', '2-*', ['f', 'v'])).toBe('2-0');
    expect(streams.xadd('s', '2-*', ['f', 'v'])).toBe('2-1');
    expect(streams.xadd('s', '3', ['f', 'v'])).toBe('3-0');
    expect(replyError(() => streams.xadd('s', '1-*', ['f', 'v']))).toBe(NOT_GREATER);
  });

  it('§4.1 an id not above the last id is rejected, also after the top entry was deleted', () => {
    const { streams } = createStreams();
    addSequential(streams, 's', 3);
    expect(replyError(() => streams.xadd('s', '3-0', ['f', 'v']))).toBe(NOT_GREATER);
    expect(replyError(() => streams.xadd('s', '2', ['f', 'v']))).toBe(NOT_GREATER);
    streams.xdel('s', ['3-0']);
    expect(replyError(() => streams.xadd('s', '3-0', ['f', 'v']))).toBe(NOT_GREATER);
    expect(streams.xadd('s', '3-1', ['f', 'v'])).toBe('3-1');
  });

  it('§4.1 0-0 is rejected before the key is looked at, and nothing is created', () => {
    const { ctx, streams } = createStreams();
    expect(replyError(() => streams.xadd('s', '0-0', ['f', 'v']))).toBe(
      'ERR The ID specified in XADD must be greater than 0-0',
    );
    expect(replyError(() => streams.xadd('s', '0', ['f', 'v']))).toBe(
      'ERR The ID specified in XADD must be greater than 0-0',
    );
    ctx.keyspace.set('list', { type: 'list' });
    expect(replyError(() => streams.xadd('list', '0-0', ['f', 'v']))).toBe(
      'ERR The ID specified in XADD must be greater than 0-0',
    );
    expect(ctx.keyspace.has('s')).toBe(false);
  });

  it.each(['abc', '1-2-3', '-1', '*-1', '8-', '18446744073709551616'])(
    '§4.1 malformed id %p',
    (id) => {
      const { ctx, streams } = createStreams();
      expect(replyError(() => streams.xadd('s', id, ['f', 'v']))).toBe(INVALID_ID);
      expect(ctx.keyspace.has('s')).toBe(false);
    },
  );

  it('§4.1 an exhausted stream rejects every id form', () => {
    const { streams } = createStreams();
    streams.xadd('e', `${U64}-${U64}`, ['f', 'v']);
    const exhausted = 'ERR The stream has exhausted the last possible ID, unable to add more items';
    expect(replyError(() => streams.xadd('e', '*', ['f', 'v']))).toBe(exhausted);
    expect(replyError(() => streams.xadd('e', '5-5', ['f', 'v']))).toBe(exhausted);
    expect(replyError(() => streams.xadd('e', `${U64}-*`, ['f', 'v']))).toBe(exhausted);
  });

  it('§4.1 7.0.15: `ms-*` after `ms-<max>` answers "Elements are too large"', () => {
    const { streams } = createStreams();
    streams.xadd('s', `1-${U64}`, ['f', 'v']);
    expect(replyError(() => streams.xadd('s', '1-*', ['f', 'v']))).toBe(
      'ERR Elements are too large to be stored',
    );
    expect(streams.xadd('s', '2-*', ['f', 'v'])).toBe('2-0');
  });

  it('§4.2 an odd or empty field list is an arity error', () => {
    const { streams } = createStreams();
    expect(replyError(() => streams.xadd('s', '*', []))).toBe(
      "ERR wrong number of arguments for 'xadd' command",
    );
    expect(replyError(() => streams.xadd('s', '*', ['f']))).toBe(
      "ERR wrong number of arguments for 'xadd' command",
    );
    expect(replyError(() => streams.xadd('s', '*', ['f', 'v', 'g']))).toBe(
      "ERR wrong number of arguments for 'xadd' command",
    );
  });

  it('§1 §4.2 too few words for XADD is the arity error before the id or options are parsed', () => {
    const { streams } = createStreams();
    const arity = "ERR wrong number of arguments for 'xadd' command";
    // `XADD s bad` and `XADD s NOMKSTREAM bad` (4 words) are below XADD's arity of 5.
    expect(replyError(() => streams.xadd('s', 'bad', []))).toBe(arity);
    expect(replyError(() => streams.xadd('s', 'bad', [], { noMkStream: true }))).toBe(arity);
    expect(replyError(() => streams.xadd('s', 'bad', ['f']))).toBe(arity);
    // `XADD s NOMKSTREAM bad f` has 5 words: the id is parsed first.
    expect(replyError(() => streams.xadd('s', 'bad', ['f'], { noMkStream: true }))).toBe(
      INVALID_ID,
    );
  });

  it('§4.2 checks options, then the id, then LIMIT without ~, then arity, then 0-0 (Redis order)', () => {
    const { streams } = createStreams();
    const maxLen = (threshold: number | string, extra = {}) => ({
      trim: { strategy: 'MAXLEN' as const, threshold, ...extra },
    });
    expect(replyError(() => streams.xadd('s', 'bad', [], maxLen(-1, { limit: 3 })))).toBe(
      'ERR The MAXLEN argument must be >= 0.',
    );
    expect(replyError(() => streams.xadd('s', 'bad', [], maxLen(5, { limit: -3 })))).toBe(
      'ERR The LIMIT argument must be >= 0.',
    );
    expect(replyError(() => streams.xadd('s', 'bad', [], maxLen(5, { limit: 3 })))).toBe(
      INVALID_ID,
    );
    expect(replyError(() => streams.xadd('s', '0-0', ['f'], maxLen(5, { limit: 3 })))).toBe(
      'ERR syntax error, LIMIT cannot be used without the special ~ option',
    );
    expect(
      replyError(() => streams.xadd('s', '0-0', ['f'], maxLen(5, { limit: 3, approximate: true }))),
    ).toBe("ERR wrong number of arguments for 'xadd' command");
    expect(replyError(() => streams.xadd('s', '*', ['f', 'v'], maxLen('1.5')))).toBe(
      'ERR value is not an integer or out of range',
    );
    expect(replyError(() => streams.xadd('s', '*', ['f', 'v'], maxLen(1.5)))).toBe(
      'ERR value is not an integer or out of range',
    );
    expect(replyError(() => streams.xadd('s', '*', ['f', 'v'], maxLen('010')))).toBe(
      'ERR value is not an integer or out of range',
    );
    expect(
      replyError(() =>
        streams.xadd('s', '*', ['f', 'v'], { trim: { strategy: 'MINID', threshold: '-' } }),
      ),
    ).toBe(INVALID_ID);
  });

  it('§1 WRONGTYPE on a key of another type, also with NOMKSTREAM', () => {
    const { ctx, streams } = createStreams();
    ctx.keyspace.set('list', { type: 'list' });
    const wrongType = 'WRONGTYPE Operation against a key holding the wrong kind of value';
    expect(replyError(() => streams.xadd('list', '*', ['f', 'v']))).toBe(wrongType);
    expect(replyError(() => streams.xadd('list', '*', ['f', 'v'], { noMkStream: true }))).toBe(
      wrongType,
    );
  });

  it('§4.2 NOMKSTREAM on a missing key replies null and creates nothing; on a stream it adds', () => {
    const { ctx, streams } = createStreams();
    expect(streams.xadd('s', '*', ['f', 'v'], { noMkStream: true })).toBeNull();
    expect(ctx.keyspace.has('s')).toBe(false);
    streams.xadd('s', '1-1', ['f', 'v']);
    expect(streams.xadd('s', '2-1', ['f', 'v'], { noMkStream: true })).toBe('2-1');
  });

  it('§4.2 trims after the append: MAXLEN 0 leaves an empty stream that remembers its last id', () => {
    const { ctx, streams } = createStreams();
    expect(
      streams.xadd('t', '15', ['f', 'x'], { trim: { strategy: 'MAXLEN', threshold: 0 } }),
    ).toBe('15-0');
    expect(ctx.keyspace.typeOf('t')).toBe('stream');
    expect(streams.xlen('t')).toBe(0);
    expect(streams.xinfoStream('t')).toMatchObject({
      lastGeneratedId: '15-0',
      entriesAdded: 1,
      recordedFirstEntryId: '0-0',
    });
    expect(replyError(() => streams.xadd('t', '15', ['f', 'x']))).toBe(NOT_GREATER);
  });

  it('§4.2 MAXLEN and MINID trim exactly on append', () => {
    const { streams } = createStreams();
    addSequential(streams, 's', 10);
    streams.xadd('s', '11', ['f', '11'], { trim: { strategy: 'MAXLEN', threshold: 3 } });
    expect(streams.xrange('s', '-', '+')?.map((e) => e.id)).toEqual(['9-0', '10-0', '11-0']);
    streams.xadd('s', '12', ['f', '12'], { trim: { strategy: 'MINID', threshold: '11' } });
    expect(streams.xrange('s', '-', '+')?.map((e) => e.id)).toEqual(['11-0', '12-0']);
  });
});
