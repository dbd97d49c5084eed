import fc from 'fast-check';
import { GlobPattern } from '../../../lib/core/pubsub/glob';

/**
 * [pattern, strings it matches, strings it does not]. Every row was checked against redis-server
 * 7.0.15 with PSUBSCRIBE / PUBSUB CHANNELS <pattern> over the listed channel names.
 */
const VERIFIED: [string, string[], string[]][] = [
  // §2.4 examples
  ['h?llo', ['hello', 'hallo', 'hxllo'], ['hllo', 'heello']],
  ['h[ae]llo', ['hello', 'hallo'], ['hillo']],
  ['h[^e]llo', ['hallo', 'hbllo'], ['hello', 'hllo']],
  ['h[a-b]llo', ['hallo', 'hbllo'], ['hcllo']],
  ['h\\*llo', ['h*llo'], ['hello']],
  // stars; the empty string matches only the empty pattern
  ['*', ['a', 'hello'], ['']],
  ['', [''], ['a']],
  ['**', ['a'], ['']],
  ['a*', ['a', 'ab'], []],
  ['a*b', ['ab', 'axxb'], ['axxbx', 'ba']],
  ['*a*', ['a', 'bab'], ['bbb']],
  // brackets: empty, unterminated, negated, ranges (reversed, up to `]`), escapes
  ['[', [], ['[', 'a', '']],
  ['[]', [], [']', 'a', '[]']],
  ['[]a]', [], ['a', ']', 'a]', ']a]']],
  ['[^]', ['a', ']', '^'], ['ab']],
  ['[^', ['x', '^'], ['xy']],
  ['x[^', ['xy'], ['x', 'xyz']],
  ['[ab', ['a', 'b'], ['c', 'ab', '[ab']],
  ['[a-]', [']', '_', 'a'], ['b', '-']],
  ['[a-]x', [']', 'a', 'x'], [']x', 'b']],
  ['[z-a]', ['m', 'a', 'z'], ['A']],
  ['[\\]]', [']'], ['\\', '\\]']],
  ['[a\\', ['a', '\\'], ['b']],
  ['[\\-z]', ['-', 'z'], ['y']],
  ['[a-\\]', ['\\', '^', ']', 'a'], ['b']],
  ['[^a-c]', ['d'], ['b', '']],
  ['[a-b-d]', ['-', 'a'], ['c']],
  // backslash outside brackets, trailing backslash
  ['a\\', ['a\\'], ['a']],
  ['\\', ['\\'], ['']],
  ['\\*', ['*'], ['a', '\\*']],
  ['\\a', ['a'], ['\\a']],
  // bytes, not characters: é is two UTF-8 bytes; range bounds compare as signed chars
  ['?', ['a'], ['é', '']],
  ['??', ['é', 'ab'], []],
  ['caf?', ['cafe'], ['café']],
  ['caf??', ['café'], []],
  ['[é-a]?', ['é', 'ab'], ['bb']],
  ['[a-é]', ['a', 'Z'], ['b']],
];

describe('GlobPattern (§2.4, Redis stringmatchlen)', () => {
  describe.each(VERIFIED)('%j', (pattern, matching, other) => {
    const glob = new GlobPattern(pattern);
    if (matching.length > 0) {
      it.each(matching)('matches %j', (text) => expect(glob.matches(text)).toBe(true));
    }
    if (other.length > 0) {
      it.each(other)('does not match %j', (text) => expect(glob.matches(text)).toBe(false));
    }
  });

  it('gives up on more than 1000 stars before the last token, as Redis does (verified)', () => {
    const stars = (n: number) => '*a'.repeat(n);
    const text = 'a'.repeat(1003);
    expect(new GlobPattern(stars(1000)).matches(text)).toBe(true);
    expect(new GlobPattern(stars(1000) + '*').matches(text)).toBe(true);
    expect(new GlobPattern(stars(1001)).matches(text)).toBe(false);
    expect(new GlobPattern(stars(1001) + '*').matches(text)).toBe(false);
  });

  it('keeps the pattern it was compiled from and can be reused', () => {
    const glob = new GlobPattern('news.*');
    expect(glob.pattern).toBe('news.*');
    expect(['news.art', 'news.', 'new'].map((c) => glob.matches(c))).toEqual([true, true, false]);
  });

  it('agrees with a direct recursive reading of stringmatchlen on random patterns', () => {
    const unit = fc.constantFrom('a', 'b', '*', '?', '[', ']', '^', '-', '\\');
    fc.assert(
      fc.property(
        fc.string({ unit, maxLength: 8 }),
        fc.string({ unit, maxLength: 6 }),
        (pattern, text) => {
          expect(new GlobPattern(pattern).matches(text)).toBe(referenceMatch(pattern, text));
        },
      ),
      { numRuns: 20000 },
    );
  });
});

/**
 * The reference: Redis's algorithm read straight off the pattern, recursing at every star, for
 * ASCII strings (one character = one byte). No compilation, no backtracking tricks.
 */
function referenceMatch(pattern: string, text: string): boolean {
  if (text.length === 0) return pattern.length === 0;
  return from(0, 0);

  function from(p: number, s: number): boolean {
    if (s === text.length) {
      while (pattern[p] === '*') p++;
      return p === pattern.length;
    }
    if (p === pattern.length) return false;
    switch (pattern[p]) {
      case '*': {
        while (pattern[p + 1] === '*') p++;
        if (p === pattern.length - 1) return true;
        for (let start = s; start < text.length; start++) if (from(p + 1, start)) return true;
        return false;
      }
      case '?':
        return from(p + 1, s + 1);
      case '[': {
        const { matched, next } = bracket(p + 1, text[s]);
        return matched && from(next, s + 1);
      }
      case '\\':
        if (p + 1 < pattern.length) return pattern[p + 1] === text[s] && from(p + 2, s + 1);
        return text[s] === '\\' && from(p + 1, s + 1);
      default:
        return pattern[p] === text[s] && from(p + 1, s + 1);
    }
  }

  /** Reads a bracket body starting after `[`; returns whether `c` is accepted and where to go on. */
  function bracket(p: number, c: string): { matched: boolean; next: number } {
    const negate = pattern[p] === '^';
    if (negate) p++;
    let matched = false;
    for (;;) {
      if (pattern[p] === '\\' && p + 1 < pattern.length) {
        if (pattern[p + 1] === c) matched = true;
        p += 2;
      } else if (p >= pattern.length) {
        break;
      } else if (pattern[p] === ']') {
        p++;
        break;
      } else if (p + 2 < pattern.length && pattern[p + 1] === '-') {
        const [low, high] = [pattern[p], pattern[p + 2]].sort();
        if (c >= low && c <= high) matched = true;
        p += 3;
      } else {
        if (pattern[p] === c) matched = true;
        p++;
      }
    }
    return { matched: matched !== negate, next: p };
  }
}
