import { addSequential, createStreams, replyError } from './stream-fixture';

/** XADD `*` entries with field xitem/yitem alternating irregularly, as Redis's own tests do. */
function fill(
  streams: ReturnType<typeof createStreams>['streams'],
  key: string,
  n: number,
  trim?: number,
) {
  for (let j = 0; j < n; j++) {
    const fields = [j % 7 === 3 ? 'yitem' : 'xitem', String(j)];
    streams.xadd(
      key,
      '*',
      fields,
      trim === undefined
        ? {}
        : { trim: { strategy: 'MAXLEN', threshold: trim, approximate: true } },
    );
  }
}

describe('trimming (§4.3): exact', () => {
  it('§4.3 MAXLEN n removes the oldest entries until n are left; XTRIM replies how many went', () => {
    const { streams } = createStreams();
    addSequential(streams, 's', 10);
    expect(streams.xtrim('s', { strategy: 'MAXLEN', threshold: 4 })).toBe(6);
    expect(streams.xrange('s', '-', '+')?.map((e) => e.id)).toEqual(['7-0', '8-0', '9-0', '10-0']);
    expect(streams.xtrim('s', { strategy: 'MAXLEN', threshold: 4 })).toBe(0);
  });

  it('§4.3 MINID id removes every entry with a smaller id', () => {
    const { streams } = createStreams();
    addSequential(streams, 's', 10);
    expect(streams.xtrim('s', { strategy: 'MINID', threshold: '4-0' })).toBe(3);
    expect(streams.xtrim('s', { strategy: 'MINID', threshold: 4 })).toBe(0);
    expect(streams.xtrim('s', { strategy: 'MINID', threshold: '5' })).toBe(1);
    expect(replyError(() => streams.xtrim('s', { strategy: 'MINID', threshold: '(6' }))).toBe(
      'ERR Invalid stream ID specified as stream command argument',
    );
    expect(streams.xlen('s')).toBe(6);
  });

  it('§4.3 XTRIM on a missing key replies 0; argument errors come first', () => {
    const { ctx, streams } = createStreams();
    expect(streams.xtrim('nokey', { strategy: 'MAXLEN', threshold: 1 })).toBe(0);
    expect(replyError(() => streams.xtrim('nokey', { strategy: 'MAXLEN', threshold: -1 }))).toBe(
      'ERR The MAXLEN argument must be >= 0.',
    );
    expect(replyError(() => streams.xtrim('nokey', { strategy: 'MINID', threshold: 'bad' }))).toBe(
      'ERR Invalid stream ID specified as stream command argument',
    );
    ctx.keyspace.set('list', { type: 'list' });
    expect(replyError(() => streams.xtrim('list', { strategy: 'MAXLEN', threshold: -1 }))).toBe(
      'ERR The MAXLEN argument must be >= 0.',
    );
    expect(replyError(() => streams.xtrim('list', { strategy: 'MAXLEN', threshold: 1 }))).toBe(
      'WRONGTYPE Operation against a key holding the wrong kind of value',
    );
  });

  it('§4.2 XTRIM option errors', () => {
    const { streams } = createStreams();
    const strategy = 'FOO' as unknown as 'MAXLEN';
    expect(replyError(() => streams.xtrim('s', { strategy, threshold: 1 }))).toBe(
      'ERR syntax error',
    );
    expect(
      replyError(() => streams.xtrim('s', { strategy: 'MAXLEN', threshold: 1, limit: 5 })),
    ).toBe('ERR syntax error, LIMIT cannot be used without the special ~ option');
    expect(
      replyError(() =>
        streams.xtrim('s', { strategy: 'MAXLEN', threshold: 1, approximate: true, limit: -1 }),
      ),
    ).toBe('ERR The LIMIT argument must be >= 0.');
  });

  it('§1 trimming never deletes the key', () => {
    const { ctx, streams } = createStreams();
    addSequential(streams, 's', 3);
    expect(streams.xtrim('s', { strategy: 'MAXLEN', threshold: 0 })).toBe(3);
    expect(ctx.keyspace.typeOf('s')).toBe('stream');
  });
});

describe('trimming (§4.3): `~` works on whole macro nodes (Redis test-suite numbers)', () => {
  it('§4.3 1000 × XADD MAXLEN ~ 555 with 100-entry nodes keeps 600', () => {
    const { streams } = createStreams({ maxEntries: 100 });
    fill(streams, 's', 1000, 555);
    expect(streams.xlen('s')).toBe(600);
  });

  it('§4.3 XTRIM MAXLEN 666 → 666, = 555 → 555, ~ 444 → 500, ~ 400 → 400', () => {
    const { streams } = createStreams({ maxEntries: 100 });
    fill(streams, 's', 1000);
    streams.xtrim('s', { strategy: 'MAXLEN', threshold: 666 });
    expect(streams.xlen('s')).toBe(666);
    streams.xtrim('s', { strategy: 'MAXLEN', threshold: 555, approximate: false });
    expect(streams.xlen('s')).toBe(555);
    streams.xtrim('s', { strategy: 'MAXLEN', threshold: 444, approximate: true });
    expect(streams.xlen('s')).toBe(500);
    streams.xtrim('s', { strategy: 'MAXLEN', threshold: 400, approximate: true });
    expect(streams.xlen('s')).toBe(400);
  });

  it('§4.3 node size 10, 100 entries: XADD MAXLEN ~ 55 LIMIT 30 → 71, again → 62', () => {
    const { streams } = createStreams({ maxEntries: 10 });
    fill(streams, 's', 100);
    const trim = { strategy: 'MAXLEN' as const, threshold: 55, approximate: true, limit: 30 };
    streams.xadd('s', '*', ['xitem', 'v'], { trim });
    expect(streams.xlen('s')).toBe(71);
    streams.xadd('s', '*', ['xitem', 'v'], { trim });
    expect(streams.xlen('s')).toBe(62);
  });

  it('§4.3 node size 1, 102 entries: XTRIM MAXLEN ~ 1 stops at the default LIMIT (100) → 2', () => {
    const { streams } = createStreams({ maxEntries: 1 });
    fill(streams, 's', 102);
    expect(streams.xtrim('s', { strategy: 'MAXLEN', threshold: 1, approximate: true })).toBe(100);
    expect(streams.xlen('s')).toBe(2);
  });

  it('§4.3 node size 2, 3 entries: MAXLEN ~ 0 LIMIT 1 removes 0, LIMIT 2 removes 2', () => {
    const { streams } = createStreams({ maxEntries: 2 });
    fill(streams, 's', 3);
    expect(
      streams.xtrim('s', { strategy: 'MAXLEN', threshold: 0, approximate: true, limit: 1 }),
    ).toBe(0);
    expect(
      streams.xtrim('s', { strategy: 'MAXLEN', threshold: 0, approximate: true, limit: 2 }),
    ).toBe(2);
  });

  it('§4.3 LIMIT 0 with ~ is unlimited', () => {
    const { streams } = createStreams({ maxEntries: 1 });
    fill(streams, 's', 102);
    expect(
      streams.xtrim('s', { strategy: 'MAXLEN', threshold: 1, approximate: true, limit: 0 }),
    ).toBe(101);
  });

  it('§4.3 MINID ~ removes a node only when its last id is below the threshold', () => {
    const { streams } = createStreams({ maxEntries: 10 });
    addSequential(streams, 's', 30);
    expect(streams.xtrim('s', { strategy: 'MINID', threshold: '10-0', approximate: true })).toBe(0);
    expect(streams.xtrim('s', { strategy: 'MINID', threshold: '11-0', approximate: true })).toBe(
      10,
    );
    expect(streams.xtrim('s', { strategy: 'MINID', threshold: '25-0', approximate: true })).toBe(
      10,
    );
    expect(streams.xrange('s', '-', '+', 1)?.[0].id).toBe('21-0');
  });

  it('§4.3 XDEL-marked entries still count towards a node; ~ counts only live ones against LIMIT', () => {
    const { streams } = createStreams({ maxEntries: 4 });
    addSequential(streams, 's', 8); // nodes [1..4] [5..8]
    streams.xdel('s', ['1-0', '2-0', '3-0']);
    expect(
      streams.xtrim('s', { strategy: 'MAXLEN', threshold: 4, approximate: true, limit: 1 }),
    ).toBe(1);
    expect(streams.xrange('s', '-', '+')?.map((e) => e.id)).toEqual(['5-0', '6-0', '7-0', '8-0']);
  });

  it('§4.5 trimming moves recorded-first-entry-id but not max-deleted-entry-id', () => {
    const { streams } = createStreams();
    addSequential(streams, 's', 5);
    streams.xdel('s', ['2-0']);
    streams.xtrim('s', { strategy: 'MAXLEN', threshold: 2 });
    expect(streams.xinfoStream('s')).toMatchObject({
      recordedFirstEntryId: '4-0',
      maxDeletedEntryId: '2-0',
      length: 2,
    });
  });
});
