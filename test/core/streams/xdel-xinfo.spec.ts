import { addSequential, createStreams, INVALID_ID, replyError } from './stream-fixture';

describe('XDEL and stream metadata (§4.5)', () => {
  it('§4.5 XDEL replies with the entries actually deleted: unknown ids ignored, duplicates once', () => {
    const { streams } = createStreams();
    addSequential(streams, 's', 3);
    expect(streams.xdel('s', ['1-0', '1-0', '9-0', '2'])).toBe(2);
    expect(streams.xdel('s', ['1-0'])).toBe(0);
    expect(streams.xrange('s', '-', '+')).toEqual([{ id: '3-0', fields: ['f', '3'] }]);
  });

  it('§4.5 an invalid id fails the whole call and deletes nothing', () => {
    const { streams } = createStreams();
    addSequential(streams, 's', 3);
    expect(replyError(() => streams.xdel('s', ['1-0', 'bad']))).toBe(INVALID_ID);
    expect(replyError(() => streams.xdel('s', ['1-0', '-']))).toBe(INVALID_ID);
    expect(streams.xlen('s')).toBe(3);
  });

  it('§4.5 a missing key replies 0 (before the ids are parsed); WRONGTYPE; no ids is an arity error', () => {
    const { ctx, streams } = createStreams();
    expect(streams.xdel('nokey', ['bad'])).toBe(0);
    ctx.keyspace.set('list', { type: 'list' });
    expect(replyError(() => streams.xdel('list', ['bad']))).toBe(
      'WRONGTYPE Operation against a key holding the wrong kind of value',
    );
    expect(replyError(() => streams.xdel('s', []))).toBe(
      "ERR wrong number of arguments for 'xdel' command",
    );
  });

  it('§1 a stream emptied by XDEL stays, with its last id', () => {
    const { ctx, streams } = createStreams();
    addSequential(streams, 's', 2);
    streams.xdel('s', ['1-0', '2-0']);
    expect(ctx.keyspace.typeOf('s')).toBe('stream');
    expect(streams.xinfoStream('s')).toEqual({
      length: 0,
      lastGeneratedId: '2-0',
      maxDeletedEntryId: '2-0',
      entriesAdded: 2,
      recordedFirstEntryId: '0-0',
      groups: 0,
      firstEntry: null,
      lastEntry: null,
    });
  });

  it('§4.5 metadata sequence on 1..5: XDEL 2, XDEL 1, XTRIM MAXLEN = 2', () => {
    const { streams } = createStreams();
    addSequential(streams, 's', 5);
    const info = () => {
      const { maxDeletedEntryId, recordedFirstEntryId, entriesAdded, lastGeneratedId, length } =
        streams.xinfoStream('s');
      return { maxDeletedEntryId, recordedFirstEntryId, entriesAdded, lastGeneratedId, length };
    };
    expect(info()).toEqual({
      maxDeletedEntryId: '0-0',
      recordedFirstEntryId: '1-0',
      entriesAdded: 5,
      lastGeneratedId: '5-0',
      length: 5,
    });
    streams.xdel('s', ['2-0']);
    expect(info()).toMatchObject({
      maxDeletedEntryId: '2-0',
      recordedFirstEntryId: '1-0',
      length: 4,
    });
    streams.xdel('s', ['1-0']);
    expect(info()).toMatchObject({
      maxDeletedEntryId: '2-0',
      recordedFirstEntryId: '3-0',
      length: 3,
    });
    streams.xtrim('s', { strategy: 'MAXLEN', threshold: 2 });
    expect(info()).toMatchObject({
      maxDeletedEntryId: '2-0',
      recordedFirstEntryId: '4-0',
      length: 2,
      entriesAdded: 5,
    });
  });

  it('§4.5 max-deleted-entry-id only grows; entries-added counts entries trimmed at once', () => {
    const { streams } = createStreams();
    addSequential(streams, 's', 5);
    streams.xdel('s', ['4-0']);
    streams.xdel('s', ['3-0']);
    expect(streams.xinfoStream('s').maxDeletedEntryId).toBe('4-0');
    streams.xadd('s', '6', ['f', '6'], { trim: { strategy: 'MAXLEN', threshold: 0 } });
    expect(streams.xinfoStream('s')).toMatchObject({
      entriesAdded: 6,
      length: 0,
      lastGeneratedId: '6-0',
    });
  });

  it('§5.11 XINFO STREAM shows first and last live entries and the number of groups', () => {
    const { streams } = createStreams();
    addSequential(streams, 's', 4);
    streams.xdel('s', ['1-0', '4-0']);
    const info = streams.xinfoStream('s');
    expect(info.firstEntry).toEqual({ id: '2-0', fields: ['f', '2'] });
    expect(info.lastEntry).toEqual({ id: '3-0', fields: ['f', '3'] });
    expect(info.groups).toBe(0);
  });

  it('§5.11 XINFO STREAM of a missing key: ERR no such key; WRONGTYPE for a list', () => {
    const { ctx, streams } = createStreams();
    expect(replyError(() => streams.xinfoStream('nokey'))).toBe('ERR no such key');
    ctx.keyspace.set('list', { type: 'list' });
    expect(replyError(() => streams.xinfoStream('list'))).toBe(
      'WRONGTYPE Operation against a key holding the wrong kind of value',
    );
  });
});
