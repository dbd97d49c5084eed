import * as reply from '../../lib/backends/redis/reply-parsers';

// RESP2 replies as ioredis hands them over, to the port's types (redis-semantics.md notation).
describe('reply parsers', () => {
  it('§5.7 XPENDING summary: bulk-string counts become numbers, an empty PEL keeps its nils', () => {
    expect(
      reply.asPendingSummary([
        3,
        '1-0',
        '3-0',
        [
          ['alice', '2'],
          ['bob', '1'],
        ],
      ]),
    ).toEqual({
      count: 3,
      smallestId: '1-0',
      greatestId: '3-0',
      consumers: [
        { name: 'alice', pending: 2 },
        { name: 'bob', pending: 1 },
      ],
    });
    expect(reply.asPendingSummary([0, null, null, null])).toEqual({
      count: 0,
      smallestId: null,
      greatestId: null,
      consumers: null,
    });
  });

  it('§4.4 XRANGE: nil (COUNT 0) stays null, an empty range stays []', () => {
    expect(reply.asNullableEntries(null)).toBeNull();
    expect(reply.asNullableEntries([])).toEqual([]);
    expect(reply.asNullableEntries([['1-0', ['f', 'v']]])).toEqual([
      { id: '1-0', fields: ['f', 'v'] },
    ]);
  });

  it('§5.4 XREADGROUP history: a deleted entry has fields null; nothing pending is [[key, []]]', () => {
    expect(
      reply.asReadResults(
        [
          [
            's',
            [
              ['1-0', null],
              ['2-0', ['f', 'v']],
            ],
          ],
        ],
        reply.asPendingReadEntry,
      ),
    ).toEqual([
      [
        's',
        [
          { id: '1-0', fields: null },
          { id: '2-0', fields: ['f', 'v'] },
        ],
      ],
    ]);
    expect(reply.asReadResults([['s', []]], reply.asPendingReadEntry)).toEqual([['s', []]]);
    expect(reply.asReadResults(null, reply.asEntry)).toBeNull();
  });

  it('§5.9 XAUTOCLAIM: cursor, claimed and deleted ids', () => {
    expect(reply.asAutoClaim(['0-0', [['1-0', ['f', 'v']]], ['2-0']], reply.asEntry)).toEqual({
      nextId: '0-0',
      claimed: [{ id: '1-0', fields: ['f', 'v'] }],
      deletedIds: ['2-0'],
    });
    expect(reply.asAutoClaim(['3-0', ['1-0'], []], reply.asString)).toEqual({
      nextId: '3-0',
      claimed: ['1-0'],
      deletedIds: [],
    });
  });

  it('§5.11 XINFO: flat name/value lists become typed objects, nil lag stays null', () => {
    expect(
      reply.asGroupInfos([
        [
          'name',
          'g',
          'consumers',
          1,
          'pending',
          2,
          'last-delivered-id',
          '5-0',
          'entries-read',
          null,
          'lag',
          null,
        ],
      ]),
    ).toEqual([
      { name: 'g', consumers: 1, pending: 2, lastDeliveredId: '5-0', entriesRead: null, lag: null },
    ]);
    // 7.2+ adds `inactive`; unknown fields are ignored.
    expect(
      reply.asConsumerInfos([['name', 'c', 'pending', 0, 'idle', 12, 'inactive', -1]]),
    ).toEqual([{ name: 'c', pending: 0, idleMs: 12 }]);
  });

  it('§2.6 PUBSUB NUMSUB: a flat list becomes tuples; several nodes add up per channel', () => {
    expect(reply.asChannelCounts(['a', 1, 'b', 0])).toEqual([
      ['a', 1],
      ['b', 0],
    ]);
    expect(reply.asChannelCounts([])).toEqual([]);
    expect(
      reply.sumOfChannelCounts([
        ['a', 1, 'a', 1],
        ['a', 2, 'a', 2],
      ]),
    ).toEqual([
      ['a', 3],
      ['a', 3],
    ]);
    expect(
      reply.unionOfLists([
        ['a', 'b'],
        ['b', 'c'],
      ]),
    ).toEqual(['a', 'b', 'c']);
  });

  it('CLIENT LIST lines become id, name and flags', () => {
    const list =
      'id=4 addr=127.0.0.1:1 name=app:x:blocking-1 flags=b cmd=blpop\nid=5 addr=127.0.0.1:2 name= flags=N\n';
    expect(reply.asClientList(list)).toEqual([
      { id: 4, name: 'app:x:blocking-1', flags: 'b' },
      { id: 5, name: '', flags: 'N' },
    ]);
  });

  it('fails loudly on a reply of the wrong shape', () => {
    expect(() => reply.asNumber('x')).toThrow(reply.UnexpectedReplyError);
    expect(() => reply.asStreamInfo(['length', 1])).toThrow(/no 'last-generated-id'/);
  });
  it('sorted-set scores: Redis text (%.17g, inf, -inf) to numbers; anything else is unexpected', () => {
    expect(reply.asScore('1.5')).toBe(1.5);
    expect(reply.asScore('0.10000000000000001')).toBe(0.1);
    expect(reply.asScore('1e+21')).toBe(1e21);
    expect(reply.asScore('4.9406564584124654e-324')).toBe(5e-324);
    expect(reply.asScore('inf')).toBe(Infinity);
    expect(reply.asScore('-inf')).toBe(-Infinity);
    expect(reply.asNullableScore(null)).toBeNull();
    expect(() => reply.asScore('nan')).toThrow(reply.UnexpectedReplyError);
    expect(() => reply.asScore('')).toThrow(reply.UnexpectedReplyError);
    expect(() => reply.asScore(1)).toThrow(reply.UnexpectedReplyError);
  });

  it('SET with NX / XX: OK, or nil (the condition failed) as null', () => {
    expect(reply.asNullableOk('OK')).toBe('OK');
    expect(reply.asNullableOk(null)).toBeNull();
    expect(() => reply.asNullableOk('QUEUED')).toThrow(reply.UnexpectedReplyError);
  });

  it('ZRANGE WITHSCORES: a flat member, score list to tuples; an odd length is unexpected', () => {
    expect(reply.asScoredMembers(['a', '1', 'b', 'inf'])).toEqual([
      ['a', 1],
      ['b', Infinity],
    ]);
    expect(reply.asScoredMembers([])).toEqual([]);
    expect(() => reply.asScoredMembers(['a'])).toThrow(reply.UnexpectedReplyError);
  });
});
