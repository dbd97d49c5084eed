import {
  formatId,
  makeId,
  MAX_ID,
  parseId,
  parseIdPart,
  parseRangeBound,
  parseXAddId,
  U64_MAX,
} from '../../../lib/core/streams/stream-id';
import { INVALID_ID, replyError, U64 } from './stream-fixture';

describe('stream id parsing (§4.1)', () => {
  it('§4.1 reads `ms-seq` and a bare `ms` with the missing seq of the context', () => {
    expect(parseId('5-3')).toBe(makeId(5n, 3n));
    expect(parseId('5')).toBe(makeId(5n, 0n));
    expect(parseId('5', U64_MAX)).toBe(makeId(5n, U64_MAX));
    expect(formatId(parseId(`${U64}-${U64}`))).toBe(`${U64}-${U64}`);
  });

  it('§4.1 `-` and `+` are 0-0 and the maximum id, except where ids are strict', () => {
    expect(parseId('-')).toBe(0n);
    expect(parseId('+')).toBe(MAX_ID);
    expect(replyError(() => parseId('-', 0n, true))).toBe(INVALID_ID);
    expect(replyError(() => parseId('+', 0n, true))).toBe(INVALID_ID);
  });

  it.each([
    'abc',
    '1-2-3',
    '-1',
    '*-1',
    '8-',
    '18446744073709551616',
    '1-*',
    '',
    '1-1 ',
    '1--2',
    '-0',
    ' -5',
  ])('§4.1 rejects malformed id %p', (text) =>
    expect(replyError(() => parseId(text, 0n, true))).toBe(INVALID_ID),
  );

  // Redis parses each half with string2ull: strtoull takes leading blanks, signs and zeros
  // (each row checked on Redis 7.0.15 with XADD).
  it.each([
    ['01-02', '1-2'],
    ['+1', '1-0'],
    [' 1', '1-0'],
    ['1- 5', '1-5'],
    ['1-+2', '1-2'],
    ['0000000000000000000000000000000000000000001-1', '1-1'],
    ['1- -5', '1-18446744073709551611'],
    ['1--9999999999999999999', '1-8446744073709551617'],
    ['1-9999999999999999999', '1-9999999999999999999'],
  ])('§4.1 accepts %p as Redis does (%s)', (text, id) => {
    expect(formatId(parseId(text, 0n, true))).toBe(id);
  });

  it('parses one id half like string2ull', () => {
    expect(parseIdPart('0')).toBe(0n);
    expect(parseIdPart(U64)).toBe(U64_MAX);
    expect(parseIdPart('-5')).toBeNull();
    expect(parseIdPart('')).toBeNull();
    expect(parseIdPart('1e3')).toBeNull();
  });

  it('§4.1 XADD ids: `*`, `ms-*`, and explicit ones', () => {
    expect(parseXAddId('*')).toEqual({ kind: 'auto' });
    expect(parseXAddId('7-*')).toEqual({ kind: 'auto-seq', ms: 7n });
    expect(parseXAddId('+5-*')).toEqual({ kind: 'auto-seq', ms: 5n });
    expect(parseXAddId('7')).toEqual({ kind: 'explicit', id: makeId(7n, 0n) });
    expect(replyError(() => parseXAddId('-*'))).toBe(INVALID_ID);
    expect(replyError(() => parseXAddId('1-*5'))).toBe(INVALID_ID);
    expect(replyError(() => parseXAddId(`${U64}0-*`))).toBe(INVALID_ID);
  });

  it('§4.1 range bounds: a bare ms covers the whole ms at the end, `(` excludes', () => {
    expect(parseRangeBound('3', 'start')).toBe(makeId(3n, 0n));
    expect(parseRangeBound('3', 'end')).toBe(makeId(3n, U64_MAX));
    expect(parseRangeBound('(3-5', 'start')).toBe(makeId(3n, 6n));
    expect(parseRangeBound('(3-5', 'end')).toBe(makeId(3n, 4n));
    expect(parseRangeBound(`(3-${U64}`, 'start')).toBe(makeId(4n, 0n));
    expect(parseRangeBound('(4-0', 'end')).toBe(makeId(3n, U64_MAX));
  });

  it('§4.1 range bound errors', () => {
    expect(replyError(() => parseRangeBound('(-', 'start'))).toBe(INVALID_ID);
    expect(replyError(() => parseRangeBound('(+', 'end'))).toBe(INVALID_ID);
    expect(replyError(() => parseRangeBound('1-*', 'start'))).toBe(INVALID_ID);
    expect(replyError(() => parseRangeBound(`(${U64}-${U64}`, 'start'))).toBe(
      'ERR invalid start ID for the interval',
    );
    expect(replyError(() => parseRangeBound('(0-0', 'end'))).toBe(
      'ERR invalid end ID for the interval',
    );
  });
});
